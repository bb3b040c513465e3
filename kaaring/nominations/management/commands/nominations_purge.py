"""Delete personal data of nominations not accepted, past each call's retention period."""

from typing import Any

from django.core.management.base import BaseCommand

from kaaring.audit.services import acting_as
from kaaring.nominations.retention import nominations_purge


class Command(BaseCommand):
    help = (
        "Delete the personal data of nominations that were not accepted, once the call's "
        "retention period after its deadline has passed. Run it daily (cron, a systemd timer)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as("nominations_purge"):
            count = nominations_purge()
        self.stdout.write(f"Deleted the personal data of {count} nomination(s).")
