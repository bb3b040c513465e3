"""``manage.py check --database replica``: says whether ``DATABASE_REPLICA_URL`` reaches a
standby, before a node is started with it (``/readyz`` says the same while it runs)."""

from typing import Any

from django.core import checks
from django.db import connections

from kaaring.ops.replica import REPLICA_ALIAS, replica_state


@checks.register(checks.Tags.database)
def replica_is_a_standby(
    app_configs: Any = None, databases: Any = None, **kwargs: Any
) -> list[checks.CheckMessage]:
    if REPLICA_ALIAS not in connections.databases or REPLICA_ALIAS not in (databases or ()):
        return []
    usable, detail = replica_state()
    if usable:
        return []
    return [
        checks.Error(
            f"DATABASE_REPLICA_URL: {detail}.",
            hint="Point it at a streaming-replication standby of DATABASE_URL, or unset it.",
            id="ops.E001",
        )
    ]
