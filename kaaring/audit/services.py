"""Writing the audit log.

``log_action`` is the only writer. A change without a signed-in actor (a management command,
a background task) names itself with ``acting_as("load_demo")``, so the log still says who did it.
"""

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.db import models

from kaaring.accounts.models import Organisation, User
from kaaring.audit.models import AuditEntry

_system_actor: contextvars.ContextVar[str] = contextvars.ContextVar(
    "audit_system_actor", default=""
)


@contextlib.contextmanager
def acting_as(label: str) -> Iterator[None]:
    """Within the block, entries written with ``actor=None`` carry ``label`` as their actor."""
    token = _system_actor.set(label)
    try:
        yield
    finally:
        _system_actor.reset(token)


def log_action(
    action: str,
    *,
    actor: User | None,
    organisation: Organisation | None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEntry:
    """Record that ``actor`` did ``action`` (a dotted code such as ``edition.rules_changed``).

    Call it inside the same transaction as the change it records, so that either both or
    neither are stored.
    """
    return AuditEntry.objects.create(
        actor=actor,
        actor_label=str(actor)[:254] if actor else _system_actor.get(),
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        data=data or {},
        reason=reason,
    )


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields that changed, as ``{"field": {"before": …, "after": …}}``."""
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }
