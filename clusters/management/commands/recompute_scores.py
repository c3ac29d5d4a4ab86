from django.core.management.base import BaseCommand

from clusters.scoring import recompute_all
from portal import fragments


class Command(BaseCommand):
    help = "Recompute the stored scores and stars of every criterion."

    def handle(self, *args, **options):
        scored = recompute_all()
        # The scores are written in bulk, which sends no signals.
        fragments.content_changed()
        self.stdout.write(f"{scored} current assessments scored.")
