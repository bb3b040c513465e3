"""Housekeeping that had only a management command so far, as tasks the scheduler can enqueue.
Each takes no arguments and is safe to run twice."""

from importlib import import_module

from django.conf import settings
from django.tasks import task

from kaaring.voting.review_signals import ballot_signals_purge


@task()
def ballot_signals_purge_task() -> dict[str, int]:
    """Delete review signals past their retention (``voting_purge_signals``; run it daily)."""
    purged = ballot_signals_purge()
    return {
        "ballot_signals": purged.ballot_signals,
        "honeypot_hits": purged.honeypot_hits,
        "proof_of_work_claims": purged.proof_of_work_claims,
    }


@task()
def sessions_clear_task() -> bool:
    """Remove expired sessions, as ``clearsessions`` does; False where the session engine
    expires them by itself (a cache)."""
    engine = import_module(settings.SESSION_ENGINE)
    try:
        engine.SessionStore.clear_expired()
    except NotImplementedError:
        return False
    return True
