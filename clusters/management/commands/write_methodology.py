from django.core.management.base import BaseCommand

from clusters.methodology import METHODOLOGY_FILE, render_methodology


class Command(BaseCommand):
    help = "Write docs/methodology.md from the criteria definitions."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail if outdated")

    def handle(self, *args, **options):
        text = render_methodology()
        if options["check"]:
            if METHODOLOGY_FILE.read_text(encoding="utf-8") != text:
                raise SystemExit("docs/methodology.md is outdated")
            return
        METHODOLOGY_FILE.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {METHODOLOGY_FILE}")
