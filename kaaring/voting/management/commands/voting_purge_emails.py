"""Delete the raw addresses of expired e-mail-vote confirmations (run it hourly, e.g. cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from kaaring.voting.modes.mail import email_confirmations_purge
from kaaring.voting.tasks import email_confirmations_purge_task


class Command(BaseCommand):
    help = (
        "Delete the e-mail addresses of expired vote confirmations, and confirmations long "
        "past their expiry. Run it hourly (cron, a systemd timer)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the purge on the task queue instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = email_confirmations_purge_task.enqueue()
            self.stdout.write(f"Enqueued the purge as task {result.id}.")
            return
        purged = email_confirmations_purge()
        self.stdout.write(
            f"Deleted {purged.addresses_deleted} expired address(es) and "
            f"{purged.rows_deleted} old confirmation(s)."
        )
