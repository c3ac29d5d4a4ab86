import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from bench import synthetic


class Command(BaseCommand):
    help = (
        "Write a large, clearly synthetic data set (names 'Synthetic …', slugs "
        "'synthetic-…', sources on example.org) for the benchmark. Only into a "
        "database whose name contains 'bench', unless --allow-any-database. Run "
        "recompute_scores afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("--clusters", type=int, default=10_000)
        parser.add_argument("--regions", type=int, default=2_000)
        parser.add_argument("--requests", type=int, default=50_000)
        parser.add_argument("--batch-size", type=int, default=2_000)
        parser.add_argument("--seed", type=int, default=1, help="random seed")
        parser.add_argument(
            "--allow-any-database",
            action="store_true",
            help="write even into a database not named for benchmarks",
        )

    def handle(self, *args, **options):
        database = str(connection.settings_dict["NAME"])
        if "bench" not in database and not options["allow_any_database"]:
            raise CommandError(
                f"Refusing to write synthetic records into {database!r}: its name "
                "does not contain 'bench' (or pass --allow-any-database)."
            )
        if synthetic.synthetic_records_exist():
            raise CommandError(
                "Synthetic records already exist here; start from a fresh database."
            )
        if min(options["clusters"], options["regions"]) < 1:
            raise CommandError("At least one cluster and one region are needed.")

        started = time.monotonic()
        report = synthetic.generate(
            clusters=options["clusters"],
            regions=options["regions"],
            requests=max(options["requests"], 0),
            batch_size=max(options["batch_size"], 1),
            seed=options["seed"],
        )

        for name, count in sorted(report.created.items()):
            self.stdout.write(f"{count:7d} synthetic {name} created")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic data written in {time.monotonic() - started:.0f} s. "
                "Now run recompute_scores."
            )
        )
