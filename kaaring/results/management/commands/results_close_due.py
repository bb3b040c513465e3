"""Freeze the tally of every edition whose voting has closed.

Run it every minute (cron, a systemd timer, or ``--enqueue`` for the db_worker), so voting
closes without anyone pressing a button. Running it twice, or in two places at once, is safe.
"""

from typing import Any

from django.core.management.base import BaseCommand

from kaaring.audit.services import acting_as
from kaaring.results.services import editions_close_due
from kaaring.results.tasks import results_close_due_task


class Command(BaseCommand):
    help = (
        "Freeze the vote counts of every edition whose voting has closed. Safe to run often; "
        "run it every minute."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Put the job on the task queue instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = results_close_due_task.enqueue()
            self.stdout.write(f"Enqueued as task {result.id}.")
            return
        with acting_as("results_close_due"):
            frozen = editions_close_due()
        for tally in frozen:
            self.stdout.write(f"Froze the tally of edition {tally.edition_id}.")
        if not frozen:
            self.stdout.write("No edition to close.")
