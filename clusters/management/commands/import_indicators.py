from pathlib import Path

from django.core.management.base import BaseCommand

from clusters.indicators import DATA_DIR, import_indicators


class Command(BaseCommand):
    help = (
        "Compute the harmonised indicators from the open data in data/ and store them "
        "as assessments with year and source, then rescore. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", default=str(DATA_DIR))

    def handle(self, *args, **options):
        def progress(index, cluster, found):
            if options["verbosity"] >= 2:
                self.stdout.write(f"{index:4d} {cluster.slug}: {len(found)} values")

        report = import_indicators(Path(options["data_dir"]), progress=progress)

        for reason in report.skipped:
            self.stdout.write(f"skipped  {reason}")
        self.stdout.write(
            f"{report.stored} assessments stored, {report.unchanged} unchanged, "
            f"{report.removed} removed."
        )
