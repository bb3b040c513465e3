"""What a node depends on, checked for load balancers and orchestrators.

- ``/livez``: the process answers (a liveness probe: restarting a node helps only when this
  fails, never when the database is away);
- ``/healthz``: the process answers and reaches the database (one ``SELECT 1``): what a load
  balancer asks before sending a request;
- ``/readyz``: the database, Redis when configured, the read replica when configured, and the
  migrations: a node whose code expects migrations that are not applied yet is not ready.

Each answers 200 or 503 (with ``Retry-After``) and a small JSON body naming each dependency and
its state, so that an operator reads which one is down.
"""

import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

from kaaring.ops.replica import REPLICA_ALIAS, replica_state

# How long a node that found unapplied migrations waits before it loads the migration graph
# again; a node that found them applied never looks again (migrations are not unapplied while
# nodes run: see docs/operations.md, upgrades).
_MIGRATIONS_RECHECK_SECONDS = 5.0


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str = ""
    # A dependency whose loss makes the node unfit to serve; the replica is not one when it
    # is merely unreachable (its reads then go to the primary: kaaring/ops/replica.py).
    required: bool = True


def database(alias: str = DEFAULT_DB_ALIAS) -> Check:
    name = "database" if alias == DEFAULT_DB_ALIAS else alias
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Check(name, False, type(error).__name__)
    return Check(name, True)


_redis_client = None
_redis_lock = threading.Lock()


def redis() -> Check | None:
    if not settings.REDIS_URL:
        return None
    global _redis_client
    import redis as redis_library

    with _redis_lock:
        if _redis_client is None:
            _redis_client = redis_library.Redis.from_url(
                settings.REDIS_URL, socket_timeout=1, socket_connect_timeout=1
            )
    try:
        _redis_client.ping()
    except redis_library.RedisError as error:
        return Check("redis", False, type(error).__name__)
    return Check("redis", True)


class _Migrations:
    def __init__(self) -> None:
        self.applied = False
        self.checked_at = -_MIGRATIONS_RECHECK_SECONDS
        self.pending = 0
        self.lock = threading.Lock()

    def check(self) -> Check:
        if self.applied:
            return Check("migrations", True)
        with self.lock:
            now = time.monotonic()
            if not self.applied and now - self.checked_at >= _MIGRATIONS_RECHECK_SECONDS:
                self.pending = unapplied_migrations()
                self.applied = self.pending == 0
                self.checked_at = now
        if self.applied:
            return Check("migrations", True)
        return Check("migrations", False, f"{self.pending} not applied")

    def forget(self) -> None:
        self.applied = False
        self.checked_at = -_MIGRATIONS_RECHECK_SECONDS


migrations = _Migrations()


def unapplied_migrations() -> int:
    """How many of this code's migrations the database lacks (migrations the database has and
    this code does not know, from a newer release, do not count: see upgrades)."""
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def readiness() -> list[Check]:
    checks = [database()]
    if REPLICA_ALIAS in connections.databases:
        usable, detail = replica_state()
        checks.append(Check("replica", usable, detail, required=not detail.startswith("unreach")))
    found = redis()
    if found is not None:
        checks.append(found)
    if checks[0].ok:
        try:
            checks.append(migrations.check())
        except DatabaseError as error:
            checks.append(Check("migrations", False, type(error).__name__))
    else:
        checks.append(Check("migrations", False, "database unavailable"))
    return checks
