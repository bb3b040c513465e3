"""Background entry points of results: take ids only, idempotent, safe to run twice."""

from django.tasks import task

from kaaring.results import services


@task()
def results_close_due_task() -> list[int]:
    """Freeze the tally of every edition whose voting has closed (run it every minute)."""
    return [tally.edition_id for tally in services.editions_close_due()]
