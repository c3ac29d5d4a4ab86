from django.conf import settings
from django.core.management.base import BaseCommand

from cooperation import services


class Command(BaseCommand):
    help = (
        "Mail the renewal link to requests that expire soon (once), mark requests "
        "past their date as expired, and forget posts and alerts never confirmed. "
        "Run it daily from cron."
    )

    def handle(self, *args, **options):
        reminded = services.send_renewal_reminders()
        self.stdout.write(
            f"{reminded} renewal reminders sent "
            f"(requests expiring within {settings.COOPERATION_REMINDER_DAYS} days)."
        )

        expired = services.expire_requests()
        self.stdout.write(f"{expired} requests expired.")

        requests, subscriptions = services.purge_unconfirmed()
        self.stdout.write(
            f"{requests} unconfirmed requests and {subscriptions} unconfirmed alerts "
            "removed."
        )
