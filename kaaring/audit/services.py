from typing import Any

from django.db import models

from kaaring.accounts.models import Organisation, User
from kaaring.audit.models import AuditEntry


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
        actor_label=str(actor) if actor else "",
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
