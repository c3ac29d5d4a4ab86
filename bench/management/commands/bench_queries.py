import json

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from portal import fragments


def count_queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, secure=True)
    return response.status_code, len(captured.captured_queries), len(response.content)


class Command(BaseCommand):
    help = (
        "Count the database queries of each page, with the cached fragments cold "
        "(just invalidated) and warm, against the configured database."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="e.g. / /clusters/?country=DE")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options):
        client = Client(HTTP_HOST=options["host"])
        rows = []
        for path in options["paths"]:
            fragments.content_changed()
            status, cold, size = count_queries(client, path)
            _status, warm, _size = count_queries(client, path)
            rows.append(
                {
                    "path": path,
                    "status": status,
                    "cold": cold,
                    "warm": warm,
                    "bytes": size,
                }
            )

        if options["json"]:
            self.stdout.write(json.dumps(rows))
            return
        for row in rows:
            self.stdout.write(
                f"{row['status']} {row['cold']:4d} cold {row['warm']:4d} warm "
                f"{row['bytes']:8d} B  {row['path']}"
            )
