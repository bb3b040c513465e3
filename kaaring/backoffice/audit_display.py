"""The audit log made readable: field names as labels, times in Norwegian time, choices named.

Entries store values as JSON (see ``kaaring.audit``); this turns an entry's ``data`` into rows of
(field, before, after) that an organiser can read without knowing the database.
"""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.audit.models import AuditEntry
from kaaring.backoffice.oslo_time import format_oslo

ACTIONS = {
    "award.created": gettext_lazy("Award created"),
    "award.updated": gettext_lazy("Award changed"),
    "award.criterion_added": gettext_lazy("Criterion added"),
    "award.criterion_updated": gettext_lazy("Criterion changed"),
    "edition.created": gettext_lazy("Edition created"),
    "edition.updated": gettext_lazy("Edition changed"),
    "edition.winner_recorded": gettext_lazy("Winner recorded"),
    "nominee.created": gettext_lazy("Nominee added"),
    "nominee.updated": gettext_lazy("Nominee changed"),
    "nominee.withdrawn": gettext_lazy("Nominee withdrawn"),
    "results.tally_frozen": gettext_lazy("Tally frozen when voting closed"),
    "results.tally_revised": gettext_lazy("Tally revised after an invalidation"),
    "ballot.invalidation_proposed": gettext_lazy("Ballot invalidation proposed"),
    "ballot.invalidation_approved": gettext_lazy("Ballot invalidation approved"),
    "jury.juror_appointed": gettext_lazy("Juror appointed"),
    "jury.juror_invited": gettext_lazy("Juror invited by e-mail"),
    "jury.scale_declared": gettext_lazy("Jury scale declared"),
    "jury.conflict_declared": gettext_lazy("Conflict of interest declared"),
    "jury.scored": gettext_lazy("Jury score recorded"),
    "jury.verdict_recorded": gettext_lazy("Jury verdict recorded"),
    "api_token.created": gettext_lazy("API token made"),
    "api_token.revoked": gettext_lazy("API token revoked"),
}

_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)$")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    action: str
    changes: list[Change]


def _model_for(entry: AuditEntry) -> type[models.Model] | None:
    label = "awards.criterion" if entry.action.startswith("award.criterion") else entry.target_type
    try:
        return apps.get_model(label) if label else None
    except (LookupError, ValueError):
        return None


def _display(model: type[models.Model] | None, name: str, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, str) and _ISO_DATETIME.match(value):
        return format_oslo(dt.datetime.fromisoformat(value))
    if model is not None:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and getattr(field, "choices", None):
            return str(dict(field.flatchoices).get(value, value))  # type: ignore[union-attr]
    return str(value)


def _label(model: type[models.Model] | None, name: str) -> str:
    if model is not None:
        try:
            return capfirst(str(model._meta.get_field(name).verbose_name))  # type: ignore[union-attr]
        except (FieldDoesNotExist, AttributeError):
            pass
    return name


def describe(entry: AuditEntry) -> Row:
    model = _model_for(entry)
    data = entry.data if isinstance(entry.data, dict) else {}
    changes: list[Change] = []
    if isinstance(data.get("changes"), dict):
        for name, pair in data["changes"].items():
            pair = pair if isinstance(pair, dict) else {"before": None, "after": pair}
            changes.append(
                Change(
                    _label(model, name),
                    _display(model, name, pair.get("before")),
                    _display(model, name, pair.get("after")),
                )
            )
    elif isinstance(data.get("after"), dict):
        for name, value in data["after"].items():
            if value in (None, ""):
                continue
            changes.append(Change(_label(model, name), "—", _display(model, name, value)))
    action = str(ACTIONS.get(entry.action, entry.action))
    return Row(entry=entry, action=action, changes=changes)
