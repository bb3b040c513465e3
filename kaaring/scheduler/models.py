from django.db import models


class ScheduledRun(models.Model):
    """One slot of one job, claimed by the scheduler node that enqueued it.

    The unique (job, slot_start) pair is what makes several scheduler nodes safe: each inserts
    the row for a slot that has come, and only the insert that succeeds enqueues the task.
    """

    job = models.CharField(max_length=100)
    slot_start = models.DateTimeField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    node = models.CharField(max_length=200)
    task_result_id = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job", "slot_start"], name="scheduler_one_run_per_slot")
        ]

    def __str__(self) -> str:
        return f"{self.job} @ {self.slot_start.isoformat()}"
