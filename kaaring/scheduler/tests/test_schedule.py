"""The schedule in settings: read, checked at start (a wrong entry stops the scheduler with a
message that names it), and its slots the same on every node."""

import datetime as dt
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError

from kaaring.results.tasks import results_close_due_task
from kaaring.scheduler.checks import schedule_check
from kaaring.scheduler.schedule import Job, schedule_read

ROOT = Path(__file__).resolve().parents[3]


def test_the_project_schedule_has_the_closing_and_purge_jobs() -> None:
    jobs = {job.name: job for job in schedule_read()}

    assert jobs["results_close_due"].every == 60
    assert jobs["results_close_due"].task is results_close_due_task
    assert {"voting_purge_emails", "voting_purge_signals", "nominations_purge"} <= set(jobs)
    assert schedule_check() == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ((60, "kaaring.results.tasks.no_such_task"), "there is no task at 'kaaring.results"),
        ((60, "kaaring.nowhere.tasks.job"), "there is no task at 'kaaring.nowhere.tasks.job'"),
        ((60, "kaaring.results.services.editions_close_due"), "is not a task"),
        ((0, "kaaring.results.tasks.results_close_due_task"), "0 is not a whole number"),
        (("60", "kaaring.results.tasks.results_close_due_task"), "'60' is not a whole number"),
        ("kaaring.results.tasks.results_close_due_task", "must be (seconds, 'dotted.path"),
    ],
)
def test_a_wrong_entry_is_refused_with_the_job_named(entry: object, message: str) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        schedule_read({"closing": entry})

    assert str(refused.value).startswith("KAARING_SCHEDULE['closing']")
    assert message in str(refused.value)


def test_the_scheduler_will_not_start_with_an_unknown_task_path(settings: Any) -> None:
    settings.KAARING_SCHEDULE = {"closing": (60, "kaaring.results.tasks.results_close_soon")}

    with pytest.raises(CommandError, match=r"KAARING_SCHEDULE\['closing'\]: there is no task"):
        call_command("scheduler", "--once")
    [error] = schedule_check()
    assert error.id == "scheduler.E001"


def test_an_empty_schedule_is_refused(settings: Any) -> None:
    settings.KAARING_SCHEDULE = {}
    with pytest.raises(CommandError, match="KAARING_SCHEDULE is empty"):
        call_command("scheduler", "--once")


def test_slots_align_on_the_epoch_so_every_node_computes_the_same() -> None:
    job = Job(name="hourly", every=3600, task=results_close_due_task)
    now = dt.datetime(2026, 12, 4, 20, 59, 59, 999000, tzinfo=dt.UTC)
    oslo = now.astimezone(dt.timezone(dt.timedelta(hours=1)))

    assert job.slot_start(now) == dt.datetime(2026, 12, 4, 20, 0, tzinfo=dt.UTC)
    assert job.slot_start(oslo) == job.slot_start(now)
    assert job.next_slot_start(now) == dt.datetime(2026, 12, 4, 21, 0, tzinfo=dt.UTC)
    daily = Job(name="daily", every=86400, task=results_close_due_task)
    assert daily.slot_start(now) == dt.datetime(2026, 12, 4, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_will_not_start_on_a_database_that_is_not_migrated() -> None:
    call_command("migrate", "scheduler", "zero", verbosity=0)
    try:
        with pytest.raises(CommandError, match=r"unapplied migration\(s\) \(the first: sched"):
            call_command("scheduler", "--once")
    finally:
        call_command("migrate", "scheduler", verbosity=0)


def test_a_database_that_cannot_be_reached_stops_the_start_in_one_message() -> None:
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "scheduler-test-secret-key-not-for-production",
        "DEBUG": "1",
        "KAARING_ENV_FILE": "",
        "DATABASE_URL": f"postgres://kaaring@127.0.0.1:{port}/kaaring",
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, str(ROOT / "manage.py"), "scheduler", "--once"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("CommandError: The database cannot be reached (Operational")
    assert "check DATABASE_URL" in done.stderr
