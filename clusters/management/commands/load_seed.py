from pathlib import Path

from django.core.management.base import BaseCommand

from clusters.seed import SEED_DIR, load_seed


class Command(BaseCommand):
    help = "Load the seed data set (fixtures/seed/*.json). Safe to run repeatedly."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(SEED_DIR), help="seed folder")

    def handle(self, *args, **options):
        report = load_seed(Path(options["dir"]))

        if not report.changed:
            self.stdout.write("Seed data already loaded; nothing changed.")
            return
        for label, bucket in (("created", report.created), ("updated", report.updated)):
            for name, count in sorted(bucket.items()):
                self.stdout.write(f"{count:5d} {name} {label}")
        self.stdout.write(self.style.SUCCESS("Seed data loaded."))
