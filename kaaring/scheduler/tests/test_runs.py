"""A slot is claimed once and its task enqueued with the claim; later ticks try new slots only."""

import datetime as dt

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from kaaring.results.tasks import results_close_due_task
from kaaring.scheduler.models import ScheduledRun
from kaaring.scheduler.schedule import Job, schedule_read
from kaaring.scheduler.services import Scheduler, scheduled_run_start

pytestmark = pytest.mark.django_db
MINUTELY = Job(name="results_close_due", every=60, task=results_close_due_task)
NOON = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
PATH = "kaaring.results.tasks.results_close_due_task"


def test_the_first_node_claims_the_slot_and_enqueues_the_task_once() -> None:
    run = scheduled_run_start(job=MINUTELY, slot_start=NOON, node="a:1")
    second = scheduled_run_start(job=MINUTELY, slot_start=NOON, node="b:2")

    assert run is not None
    assert second is None
    [enqueued] = DBTaskResult.objects.filter(task_path=PATH)
    assert str(enqueued.id) == run.task_result_id
    assert ScheduledRun.objects.get().node == "a:1"


def test_a_node_tries_each_slot_once_and_the_next_slot_when_it_comes() -> None:
    scheduler = Scheduler(jobs=[MINUTELY], node="a:1")

    assert len(scheduler.tick(NOON + dt.timedelta(seconds=1))) == 1
    assert scheduler.tick(NOON + dt.timedelta(seconds=30)) == []
    assert len(scheduler.tick(NOON + dt.timedelta(seconds=60))) == 1
    assert scheduler.next_due(NOON + dt.timedelta(seconds=61)) == NOON + dt.timedelta(minutes=2)
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 2


def test_a_node_that_lost_the_slot_enqueues_nothing() -> None:
    Scheduler(jobs=[MINUTELY], node="a:1").tick(NOON)
    assert Scheduler(jobs=[MINUTELY], node="b:2").tick(NOON + dt.timedelta(seconds=5)) == []
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 1


def test_claims_older_than_a_week_are_deleted_by_later_claims() -> None:
    old = NOON - dt.timedelta(days=8)
    scheduled_run_start(job=MINUTELY, slot_start=old, node="a:1")
    scheduled_run_start(job=MINUTELY, slot_start=NOON, node="a:1")

    assert list(ScheduledRun.objects.values_list("slot_start", flat=True)) == [NOON]


def test_the_command_once_enqueues_every_job_of_the_project_schedule() -> None:
    call_command("scheduler", "--once")

    jobs = schedule_read()
    assert ScheduledRun.objects.count() == len(jobs)
    assert DBTaskResult.objects.count() == len(jobs)
    assert DBTaskResult.objects.filter(task_path=PATH).count() == 1
