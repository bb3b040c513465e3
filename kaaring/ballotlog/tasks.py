"""Background entry points of the ballot log: take ids only, idempotent, safe to run twice."""

from django.tasks import task

from kaaring.ballotlog import services


@task()
def ballot_log_checkpoints_task() -> list[int]:
    """A checkpoint of every edition being voted on (run it every
    ``BALLOT_LOG_CHECKPOINT_SECONDS``); the ids of the editions that got one."""
    return [checkpoint.edition_id for checkpoint in services.checkpoints_due()]


@task()
def ballot_log_checkpoint_task(edition_id: int) -> int | None:
    """A checkpoint of one edition (the final one once voting has closed); its sequence."""
    checkpoint = services.checkpoint_make(edition_id=edition_id)
    return checkpoint.sequence if checkpoint is not None else None
