"""Every change to awards, editions and nominees goes through these functions.

Each one validates, writes and records an audit entry in one transaction, so that a refused
change leaves nothing behind. Each change to what an edition's public pages show also gives the
edition a new ``content_version`` in that transaction (``edition_pages_changed``), which is how
the pages kept in memory by the public site know, at once, that they are out of date.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext as _

from kaaring.accounts.models import Organisation, User
from kaaring.audit.services import diff, log_action
from kaaring.awards import decision_rules
from kaaring.awards.errors import NomineeNotInEdition, NomineeWithdrawn, RulesFrozen
from kaaring.awards.models import (
    FROZEN_FIELDS,
    TIME_FIELDS,
    Award,
    Criterion,
    Edition,
    Nominee,
    VotingMode,
    new_content_version,
)

AWARD_FIELDS = (
    "slug",
    "name",
    "name_nn",
    "name_en",
    "description",
    "description_nn",
    "description_en",
)
EDITION_FIELDS = (
    "year",
    "year_label",
    "intro",
    "intro_nn",
    "intro_en",
    "announced_at",
    "nominations_open_at",
    "nominations_close_at",
    "voting_opens_at",
    "voting_closes_at",
    "results_published_at",
    "ceremony_note",
    "ceremony_note_nn",
    "ceremony_note_en",
    "voting_mode",
    "finalist_count",
    "tie_break",
    "decision_rule",
    "public_weight_percent",
    "show_vote_counts",
    "rationale",
    "rationale_nn",
    "rationale_en",
)
CRITERION_FIELDS = (
    "position",
    "title",
    "title_nn",
    "title_en",
    "description",
    "description_nn",
    "description_en",
)
NOMINEE_FIELDS = (
    "slug",
    "kind",
    "name",
    "municipality_number",
    "summary",
    "summary_nn",
    "summary_en",
    "profile",
    "profile_nn",
    "profile_en",
    "image",
    "image_alt",
    "image_alt_nn",
    "image_alt_en",
    "position",
)
# Editing these changes what the public reads, so the "last updated" date moves.
NOMINEE_CONTENT_FIELDS = frozenset(NOMINEE_FIELDS) - {"position", "slug"}


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    values = {}
    for field in fields:
        value = getattr(obj, field)
        values[field] = value.name if isinstance(value, FieldFile) else value
    return values


def _reject_unknown(changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(changes) - set(allowed)
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def _full_clean(obj: Any, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude, validate_constraints=False)


def _copy_fields(source: Any, target: Any, fields: Iterable[str]) -> None:
    for field in fields:
        setattr(target, field, getattr(source, field))


def _tracked_update[M: models.Model](
    obj: M,
    *,
    fields: tuple[str, ...],
    changes: dict[str, Any],
    check: Callable[[M, dict[str, Any]], None],
    write: Callable[[M, dict[str, Any]], Iterable[str]],
    audit: Callable[[M, dict[str, Any]], object],
    lock: bool = True,
) -> dict[str, Any]:
    """The one sequence of every update: load the stored row (locked, unless ``write``
    decides in its own statement), snapshot it, apply ``changes``, diff, and only when
    something changed ``check`` (raise to refuse), ``write`` (returns the fields it wrote)
    and ``audit``. The caller's object gets the written values only after all of that
    succeeded, so a refused change leaves it as it was. Returns the changes as logged."""
    _reject_unknown(changes, fields)
    rows = type(obj)._default_manager.all()
    candidate = (rows.select_for_update() if lock else rows).get(pk=obj.pk)
    before = _snapshot(candidate, fields)
    for field, value in changes.items():
        setattr(candidate, field, value)
    changed = diff(before, _snapshot(candidate, fields))
    if not changed:
        return changed
    check(candidate, changed)
    written = list(write(candidate, changed))
    audit(candidate, changed)
    _copy_fields(candidate, obj, written)
    return changed


def _save_changed(candidate: models.Model, changed: dict[str, Any]) -> list[str]:
    candidate.save(update_fields=list(changed))
    return list(changed)


def edition_pages_changed(*, edition_id: int | None = None, award_id: int | None = None) -> None:
    """A new ``content_version`` for one edition, for every edition of an award, or (neither
    given) for every edition: call it in the transaction of any write to something an
    edition's public pages show, including writes outside this app (a call for nominations,
    imported statistics). Being in the same transaction, the new version becomes visible at the
    same instant as the change, never before it (a page rendered in between would be kept as
    up to date) and never after (a kept page would be served stale meanwhile)."""
    editions = Edition.objects.all()
    if edition_id is not None:
        editions = editions.filter(pk=edition_id)
    if award_id is not None:
        editions = editions.filter(award_id=award_id)
    editions.update(content_version=new_content_version())


# --- Awards ---------------------------------------------------------------------------------


@transaction.atomic
def award_create(*, actor: User | None, organisation: Organisation, **fields: Any) -> Award:
    _reject_unknown(fields, AWARD_FIELDS)
    award = Award(organisation=organisation, **fields)
    _full_clean(award)
    award.save()
    log_action(
        "award.created",
        actor=actor,
        organisation=organisation,
        target=award,
        data={"after": _snapshot(award, AWARD_FIELDS)},
    )
    return award


@transaction.atomic
def award_update(*, actor: User | None, award: Award, **changes: Any) -> Award:
    def write(candidate: Award, changed: dict[str, Any]) -> list[str]:
        written = _save_changed(candidate, changed)
        edition_pages_changed(award_id=award.pk)
        return written

    _tracked_update(
        award,
        fields=AWARD_FIELDS,
        changes=changes,
        check=lambda candidate, _changed: _full_clean(candidate),
        write=write,
        audit=lambda candidate, changed: log_action(
            "award.updated",
            actor=actor,
            organisation=award.organisation,
            target=candidate,
            data={"changes": changed},
        ),
    )
    return award


@transaction.atomic
def criterion_create(*, actor: User | None, award: Award, **fields: Any) -> Criterion:
    _reject_unknown(fields, CRITERION_FIELDS)
    criterion = Criterion(award=award, **fields)
    _full_clean(criterion)
    criterion.save()
    edition_pages_changed(award_id=award.pk)
    log_action(
        "award.criterion_added",
        actor=actor,
        organisation=award.organisation,
        target=award,
        data={"criterion": criterion.pk, "after": _snapshot(criterion, CRITERION_FIELDS)},
    )
    return criterion


@transaction.atomic
def criterion_update(*, actor: User | None, criterion: Criterion, **changes: Any) -> Criterion:
    def write(candidate: Criterion, changed: dict[str, Any]) -> list[str]:
        written = _save_changed(candidate, changed)
        edition_pages_changed(award_id=criterion.award_id)
        return written

    _tracked_update(
        criterion,
        fields=CRITERION_FIELDS,
        changes=changes,
        check=lambda candidate, _changed: _full_clean(candidate, exclude=["award"]),
        write=write,
        audit=lambda _candidate, changed: log_action(
            "award.criterion_updated",
            actor=actor,
            organisation=criterion.award.organisation,
            target=criterion.award,
            data={"criterion": criterion.pk, "changes": changed},
        ),
    )
    return criterion


# --- Editions -------------------------------------------------------------------------------


def edition_validate(edition: Edition) -> None:
    """Check an edition's declared rules and dates together; raise ``ValidationError``.

    The same rules stand as check constraints in the database; this gives the messages.
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field in TIME_FIELDS:
        value: dt.datetime | None = getattr(edition, field)
        if value is not None and timezone.is_naive(value):
            add(field, _("The time must say which time zone it is in."))
    if errors:
        raise ValidationError(errors)

    if edition.voting_mode != VotingMode.NONE:
        if edition.voting_opens_at is None:
            add("voting_opens_at", _("A public vote needs the time voting opens."))
        if edition.voting_closes_at is None:
            add("voting_closes_at", _("A public vote needs the time voting closes."))
    elif edition.voting_opens_at is not None or edition.voting_closes_at is not None:
        add(
            "voting_mode",
            _(
                "Voting times are set, but there is no public vote. Choose a "
                "voting mode or clear the voting times."
            ),
        )
    try:
        rule = decision_rules.get(edition.decision_rule)
    except KeyError:
        add("decision_rule", _("Choose one of the decision rules."))
    else:
        for field, message in rule.validate(edition):
            add(field, message)

    order = [
        ("announced_at", "nominations_open_at"),
        ("nominations_open_at", "nominations_close_at"),
        ("nominations_close_at", "voting_opens_at"),
        ("announced_at", "voting_opens_at"),
        ("voting_opens_at", "voting_closes_at"),
        ("voting_closes_at", "results_published_at"),
        ("announced_at", "results_published_at"),
    ]
    strict = {
        ("nominations_open_at", "nominations_close_at"),
        ("voting_opens_at", "voting_closes_at"),
    }
    labels = {
        f.name: str(f.verbose_name)
        for f in Edition._meta.get_fields()
        if hasattr(f, "verbose_name")
    }
    for earlier, later in order:
        first, second = getattr(edition, earlier), getattr(edition, later)
        if first is None and second is not None and earlier == "announced_at":
            add(
                earlier,
                _(
                    "Set when the edition is shown on the public site; it must come "
                    "before “%(later)s”."
                )
                % {"later": labels[later]},
            )
            continue
        if first is None or second is None:
            continue
        if second < first or ((earlier, later) in strict and second == first):
            add(
                later,
                _("“%(later)s” must come after “%(earlier)s”.")
                % {"later": labels[later], "earlier": labels[earlier]},
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def edition_create(*, actor: User | None, award: Award, **fields: Any) -> Edition:
    _reject_unknown(fields, EDITION_FIELDS)
    edition = Edition(award=award, **fields)
    _full_clean(edition, exclude=["winner"])
    edition_validate(edition)
    if Edition.objects.filter(award=award, year=edition.year).exists():
        raise ValidationError({"year": [_duplicate_year(edition.year)]})
    edition.save()
    log_action(
        "edition.created",
        actor=actor,
        organisation=award.organisation,
        target=edition,
        data={"after": _snapshot(edition, EDITION_FIELDS)},
    )
    return edition


@transaction.atomic
def edition_update(*, actor: User | None, edition: Edition, **changes: Any) -> Edition:
    """Change an edition. Rules are refused once voting has opened.

    Two checks guard the rules (``FROZEN_FIELDS``). The first compares the stored opening time
    with ``timezone.now()`` and gives the early, friendly refusal. The second is the one that
    decides: the UPDATE itself only matches the row while the database clock is before the
    stored opening time, and a row count of 0 means voting opened in between. Either way
    nothing is saved and nothing is logged.
    """

    def check(candidate: Edition, changed: dict[str, Any]) -> None:
        # The stored opening time, not the caller's copy's (it may be stale) nor the new one.
        opens_at = changed.get("voting_opens_at", {"before": candidate.voting_opens_at})["before"]
        if _frozen(changed) and opens_at is not None and timezone.now() >= opens_at:
            raise RulesFrozen()
        _full_clean(candidate, exclude=["winner", "award"])
        edition_validate(candidate)
        if (
            "year" in changed
            and Edition.objects.filter(award_id=edition.award_id, year=candidate.year)
            .exclude(pk=edition.pk)
            .exists()
        ):
            raise ValidationError({"year": [_duplicate_year(candidate.year)]})

    def write(candidate: Edition, changed: dict[str, Any]) -> list[str]:
        rows = Edition.objects.filter(pk=edition.pk)
        if _frozen(changed):
            # The database decides whether voting has opened, in the statement that writes.
            rows = rows.filter(Q(voting_opens_at__isnull=True) | Q(voting_opens_at__gt=Now()))
        values = {field: getattr(candidate, field) for field in changed}
        if rows.update(**values, content_version=new_content_version()) != 1:
            raise RulesFrozen()
        return list(changed)

    _tracked_update(
        edition,
        fields=EDITION_FIELDS,
        changes=changes,
        check=check,
        write=write,
        audit=lambda _candidate, changed: log_action(
            "edition.updated",
            actor=actor,
            organisation=edition.award.organisation,
            target=edition,
            data={"changes": changed},
        ),
        # Not locked: the UPDATE decides whether voting has opened, in its own statement.
        lock=False,
    )
    return edition


def _frozen(changed: dict[str, Any]) -> bool:
    return any(field in FROZEN_FIELDS for field in changed)


def _duplicate_year(year: int) -> str:
    return _("This award already has an edition for %(year)s.") % {"year": year}


@transaction.atomic
def edition_set_winner(
    *,
    actor: User | None,
    edition: Edition,
    winner: Nominee,
    rationale: str = "",
    rationale_nn: str = "",
    rationale_en: str = "",
) -> Edition:
    """Record the winner of an edition and the jury's rationale.

    Used for history and the demo; a live edition's verdict goes through the jury room
    (``jury.services``).
    The result stays under embargo until ``results_published_at`` either way.
    """
    if winner.edition_id != edition.pk:
        raise NomineeNotInEdition()
    if winner.withdrawn_at is not None:
        raise NomineeWithdrawn()
    before = {
        "winner": edition.winner_id,
        "rationale": edition.rationale,
        "rationale_nn": edition.rationale_nn,
        "rationale_en": edition.rationale_en,
    }
    after = {
        "winner": winner.pk,
        "rationale": rationale,
        "rationale_nn": rationale_nn,
        "rationale_en": rationale_en,
    }
    changed = diff(before, after)
    if not changed:
        return edition
    Edition.objects.filter(pk=edition.pk).update(
        winner=winner,
        rationale=rationale,
        rationale_nn=rationale_nn,
        rationale_en=rationale_en,
        content_version=new_content_version(),
    )
    edition.winner = winner
    edition.rationale, edition.rationale_nn, edition.rationale_en = (
        rationale,
        rationale_nn,
        rationale_en,
    )
    log_action(
        "edition.winner_recorded",
        actor=actor,
        organisation=edition.award.organisation,
        target=edition,
        data={"changes": changed},
    )
    return edition


# --- Nominees -------------------------------------------------------------------------------


@transaction.atomic
def nominee_create(*, actor: User | None, edition: Edition, **fields: Any) -> Nominee:
    _reject_unknown(fields, NOMINEE_FIELDS)
    nominee = Nominee(edition=edition, content_updated_at=timezone.now(), **fields)
    _nominee_validate(nominee)
    nominee.save()
    edition_pages_changed(edition_id=edition.pk)
    log_action(
        "nominee.created",
        actor=actor,
        organisation=edition.award.organisation,
        target=nominee,
        data={"after": _snapshot(nominee, NOMINEE_FIELDS)},
    )
    return nominee


@transaction.atomic
def nominee_update(*, actor: User | None, nominee: Nominee, **changes: Any) -> Nominee:
    """Change a nominee; its "last updated" date moves only when what the public reads changes."""

    def write(candidate: Nominee, changed: dict[str, Any]) -> list[str]:
        update_fields = list(changed)
        if NOMINEE_CONTENT_FIELDS & set(changed):
            candidate.content_updated_at = timezone.now()
            update_fields.append("content_updated_at")
        candidate.save(update_fields=update_fields)
        edition_pages_changed(edition_id=candidate.edition_id)
        return update_fields

    _tracked_update(
        nominee,
        fields=NOMINEE_FIELDS,
        changes=changes,
        check=lambda candidate, _changed: _nominee_validate(candidate),
        write=write,
        audit=lambda _candidate, changed: log_action(
            "nominee.updated",
            actor=actor,
            organisation=nominee.edition.award.organisation,
            target=nominee,
            data={"changes": changed},
        ),
    )
    return nominee


@transaction.atomic
def nominee_withdraw(*, actor: User | None, nominee: Nominee, reason: str) -> Nominee:
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the nominee is withdrawn.")]})
    if nominee.withdrawn_at is None:
        nominee.withdrawn_at = timezone.now()
        nominee.save(update_fields=["withdrawn_at"])
        edition_pages_changed(edition_id=nominee.edition_id)
        log_action(
            "nominee.withdrawn",
            actor=actor,
            organisation=nominee.edition.award.organisation,
            target=nominee,
            reason=reason,
        )
    return nominee


def _nominee_validate(nominee: Nominee) -> None:
    nominee.full_clean(exclude=["edition"], validate_constraints=False)
    errors: dict[str, list[str]] = {}
    if nominee.kind == Nominee.Kind.MUNICIPALITY and not nominee.municipality_number:
        errors["municipality_number"] = [_("A municipality needs its four-digit number.")]
    if nominee.kind != Nominee.Kind.MUNICIPALITY and nominee.municipality_number:
        errors["municipality_number"] = [_("Only municipalities have a municipality number.")]
    if nominee.image and not nominee.image_alt.strip():
        errors["image_alt"] = [_("Describe the image for those who cannot see it.")]
    duplicate = Nominee.objects.filter(edition_id=nominee.edition_id, slug=nominee.slug)
    if nominee.pk:
        duplicate = duplicate.exclude(pk=nominee.pk)
    if duplicate.exists():
        errors.setdefault("slug", []).append(
            _("Another nominee in this edition already uses this address.")
        )
    if errors:
        raise ValidationError(errors)
