from django.core.management.base import BaseCommand

from clusters.scoring import recompute_all


class Command(BaseCommand):
    help = "Recompute the stored scores and stars of every criterion."

    def handle(self, *args, **options):
        scored = recompute_all()
        self.stdout.write(f"{scored} current assessments scored.")
