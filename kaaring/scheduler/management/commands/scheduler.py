"""``manage.py scheduler``: enqueue the jobs of ``KAARING_SCHEDULE`` on their schedules.

Run one on each of as many nodes as you like: every slot of every job is enqueued once, decided
in the database (kaaring/scheduler/services.py). The task workers (``db_worker``) run the tasks.
SIGTERM or Ctrl-C stops it between slots. It refuses to start on a database it cannot reach or
that has unapplied migrations; once running, it logs a database error and tries again, so a
database failover does not need a restart.
"""

import datetime as dt
import logging
import signal
import threading
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError, close_old_connections, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from kaaring.scheduler.schedule import schedule_read
from kaaring.scheduler.services import Scheduler

logger = logging.getLogger("kaaring.scheduler")

RETRY_SECONDS = 5.0  # after a database error
LONGEST_SLEEP = 60.0  # wake at least this often, so a changed clock is noticed


class Command(BaseCommand):
    help = (
        "Enqueue the scheduled jobs (KAARING_SCHEDULE) for the task workers: once per slot "
        "across every node that runs a scheduler. Runs until stopped."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once", action="store_true", help="Try every job's current slot once, then exit."
        )
        parser.add_argument(
            "--seconds",
            type=float,
            default=None,
            help="Stop after this many seconds (default: run until stopped).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            jobs = schedule_read()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        if not jobs:
            raise CommandError("KAARING_SCHEDULE is empty: there is nothing to schedule.")
        _refuse_unmigrated()
        scheduler = Scheduler(jobs=jobs)
        listed = ", ".join(f"{job.name} every {job.every} s" for job in jobs)
        self.stdout.write(f"Scheduler on {scheduler.node}: {listed}.")

        stop = threading.Event()
        if threading.current_thread() is threading.main_thread():
            for number in (signal.SIGTERM, signal.SIGINT):
                signal.signal(number, lambda *_: stop.set())
        until = (
            timezone.now() + dt.timedelta(seconds=options["seconds"])
            if options["seconds"] is not None
            else None
        )
        while not stop.is_set():
            wait = self._tick(scheduler)
            if options["once"]:
                break
            now = timezone.now()
            if until is not None:
                if now >= until:
                    break
                wait = min(wait, (until - now).total_seconds())
            stop.wait(max(wait, 0.0))
        self.stdout.write("Scheduler stopped.")

    def _tick(self, scheduler: Scheduler) -> float:
        """One pass over the jobs; the seconds to sleep until the next slot."""
        _drop_stale_connections()
        now = timezone.now()
        try:
            scheduler.tick(now)  # each run it wins is logged
        except DatabaseError as error:
            logger.warning("scheduler: database error, trying again: %s", type(error).__name__)
            _drop_stale_connections()
            return RETRY_SECONDS
        # A little past the boundary, so the next pass lands inside the new slot.
        due = (scheduler.next_due(timezone.now()) - timezone.now()).total_seconds() + 0.01
        return min(due, LONGEST_SLEEP)


def _drop_stale_connections() -> None:
    """A long-lived process: close connections past their age or broken, as Django does around
    each request. Not inside a transaction (a test's), which closing would end."""
    if not connection.in_atomic_block:
        close_old_connections()


def _refuse_unmigrated() -> None:
    """A node on a database whose migrations are not all applied would enqueue tasks that the
    workers may not be able to run: refuse to start, saying what to do."""
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise CommandError(
            f"The database cannot be reached ({type(error).__name__}: {reason}); "
            "check DATABASE_URL and that the database is up."
        ) from None
    if pending:
        raise CommandError(
            f"The database has {len(pending)} unapplied migration(s) (the first: "
            f"{pending[0][0].app_label}.{pending[0][0].name}); run manage.py migrate first."
        )
