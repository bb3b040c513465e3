"""One run per job and slot, however many scheduler nodes run.

Each node, when a slot of a job has come, inserts the (job, slot start) row and enqueues the
job's task in the same transaction. The unique constraint lets exactly one insert succeed; the
others get an IntegrityError and skip the slot. A task that could not be enqueued rolls its
claim back, so the slot stays free for another node (or the next tick) to take.
"""

import datetime as dt
import logging
import os
import socket
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction

from kaaring.scheduler.models import ScheduledRun
from kaaring.scheduler.schedule import Job

logger = logging.getLogger(__name__)

# Claimed slots are kept this long (for the operator's eye), then deleted by the next claim.
KEEP_RUNS = dt.timedelta(days=7)


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def scheduled_run_start(*, job: Job, slot_start: dt.datetime, node: str) -> ScheduledRun | None:
    """Claim the slot and enqueue the job's task; ``None`` if another node has the slot."""
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(job=job.name, slot_start=slot_start, node=node)
            result = job.task.enqueue()
            run.task_result_id = str(result.id)
            run.save(update_fields=["task_result_id"])
    except IntegrityError:
        return None
    keep_from = slot_start - max(KEEP_RUNS, dt.timedelta(seconds=2 * job.every))
    ScheduledRun.objects.filter(job=job.name, slot_start__lt=keep_from).delete()
    logger.info(
        "scheduler: %s for the slot of %s enqueued as task %s",
        job.name, slot_start.isoformat(), run.task_result_id,
    )  # fmt: skip
    return run


@dataclass
class Scheduler:
    """A node's view of the schedule: which slot of each job it has already tried."""

    jobs: list[Job]
    node: str = field(default_factory=node_name)
    tried: dict[str, dt.datetime] = field(default_factory=dict)

    def tick(self, now: dt.datetime) -> list[ScheduledRun]:
        """Try every job whose current slot this node has not tried yet; the runs it won."""
        won = []
        for job in self.jobs:
            slot = job.slot_start(now)
            if self.tried.get(job.name) == slot:
                continue
            run = scheduled_run_start(job=job, slot_start=slot, node=self.node)
            self.tried[job.name] = slot  # after the claim: a failure is tried again next tick
            if run is not None:
                won.append(run)
        return won

    def next_due(self, now: dt.datetime) -> dt.datetime:
        return min(job.next_slot_start(now) for job in self.jobs)
