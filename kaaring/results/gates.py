"""The stage gates between the vote and the verdict, asked by the jury and by the review.

An edition with a public vote is reviewed after voting closes; an organiser declares the review
finished, and only from then do the finalists stand: the jury scores and decides, and the
review takes no more invalidations unless it is reopened with a reason (before a verdict).
An edition without a public vote has no review: its jury works from its nominees.
"""

from kaaring.awards.models import Edition
from kaaring.results.models import Stage


def review_finished(edition: Edition, *, lock: bool = False) -> bool:
    """Whether the finalists stand. ``lock``: hold the stage's row until the transaction ends,
    so that a declaration of the review's end and the write that asked cannot pass each other."""
    if not edition.has_public_vote:
        return True
    stages = Stage.objects.filter(edition=edition)
    if lock:
        stages = stages.select_for_update()
    stage = stages.first()
    return stage is not None and stage.review_finished_at is not None


def stage(edition: Edition) -> Stage | None:
    return Stage.objects.filter(edition=edition).first()
