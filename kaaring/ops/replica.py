"""A read replica for the public reads that tolerate lag, and the primary for everything else.

With ``DATABASE_REPLICA_URL`` set, the settings add a second connection, ``replica``, and this
router. A read goes to the replica only when all of these hold:

- the model belongs to an app whose public pages tolerate a lag of seconds
  (``LAG_TOLERANT_APPS``: the municipalities' statistics, which change by import a few times a
  year);
- the read happens while a GET or HEAD request is served (``OpsMiddleware`` marks it); commands,
  task workers and the scheduler always read the primary, so an importer never reads what it
  has not yet seen written;
- no transaction is open on the primary in that request;
- the replica answers: a node that cannot connect to it reads the primary instead for the next
  ``RETRY_SECONDS`` (and ``/readyz`` says the replica is unreachable), so a standby that goes
  away costs the statistics pages their relief, not their availability.

Everything that decides a vote, a result or the embargo (editions, nominees, ballots, tallies,
results, and the kept pages' freshness check) lives in other apps, and so always reads the
primary: a replica that lags can never make an edition look open after its deadline, a result
visible before its publication, or a ballot missing. See docs/operations.md, "Read replica".
"""

import contextvars
import logging
import threading
import time
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA_ALIAS = "replica"
LAG_TOLERANT_APPS = frozenset({"municipal_stats"})
RETRY_SECONDS = 30.0

logger = logging.getLogger(__name__)
_down_until = 0.0
_down_lock = threading.Lock()


def _usable() -> bool:
    """Whether this thread's replica connection is open or can be opened now."""
    global _down_until
    if time.monotonic() < _down_until:
        return False
    replica = connections[REPLICA_ALIAS]
    if replica.connection is not None:
        return True
    try:
        replica.ensure_connection()
    except DatabaseError as error:
        with _down_lock:
            _down_until = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "The read replica cannot be reached (%s); reading the primary for %d s",
            type(error).__name__,
            RETRY_SECONDS,
            extra={"dependency": "replica"},
        )
        return False
    return True


_lag_tolerant: contextvars.ContextVar[bool] = contextvars.ContextVar("lag_tolerant", default=False)


def tolerate_lag(value: bool) -> contextvars.Token[bool]:
    return _lag_tolerant.set(value)


def reset(token: contextvars.Token[bool]) -> None:
    _lag_tolerant.reset(token)


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if (
            _lag_tolerant.get()
            and model._meta.app_label in LAG_TOLERANT_APPS  # type: ignore[attr-defined]
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
            and _usable()
        ):
            return REPLICA_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        # Both connections hold the same rows (the replica is a copy of the primary).
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


def replica_state() -> tuple[bool, str]:
    """(usable, detail): whether the replica answers and is a standby of some primary.

    A URL that reaches a server not in recovery is most likely the primary itself (or another
    primary): reads would work, but the operator believes the primary is relieved, and a
    promoted standby left in the URL would silently take writes' readers apart."""
    try:
        with connections[REPLICA_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            row = cursor.fetchone()
    except DatabaseError as error:
        return False, f"unreachable ({type(error).__name__})"
    if not row or not row[0]:
        return False, (
            "not a standby: the server at DATABASE_REPLICA_URL is not in recovery "
            "(is it the primary?)"
        )
    return True, ""
