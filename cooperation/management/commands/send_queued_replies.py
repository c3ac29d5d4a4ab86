from django.core.management.base import BaseCommand

from cooperation import services


class Command(BaseCommand):
    help = (
        "Send the replies that could not be mailed when they were written. Run it "
        "every few minutes from cron."
    )

    def handle(self, *args, **options):
        sent, not_sent = services.send_queued_replies()

        self.stdout.write(f"{sent} queued replies sent.")
        if not_sent:
            self.stdout.write(
                self.style.WARNING(f"{not_sent} replies could not be sent yet.")
            )
