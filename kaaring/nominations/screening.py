"""The organisers' decisions on nominations: review, accept, decline, merge, withdraw.

Every decision is one conditional update whose row count is checked (two organisers deciding
at once cannot both win), and is audit-logged with the actor and the reason. Nominations merged
into another follow its decision.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from kaaring.accounts.models import User
from kaaring.audit.services import log_action
from kaaring.awards.models import Nominee
from kaaring.awards.services import nominee_create
from kaaring.nominations import errors
from kaaring.nominations.models import OPEN_STATUSES, Nomination, Status


def _log(
    action: str, actor: User | None, nomination: Nomination, reason: str = "", **data: object
) -> None:
    log_action(
        action,
        actor=actor,
        organisation=nomination.call.edition.award.organisation,
        target=nomination,
        data={"call": nomination.call_id, **data},
        reason=reason,
    )


def _claim(nomination: Nomination, from_statuses: tuple[str, ...], **values: object) -> None:
    claimed = Nomination.objects.filter(
        pk=nomination.pk, status__in=from_statuses, merged_into__isnull=True
    ).update(**values)
    if claimed != 1:
        raise errors.DecisionRefused()
    for name, value in values.items():
        setattr(nomination, name, value)


def _notify(nomination_ids: list[int]) -> None:
    from kaaring.nominations.tasks import nomination_decision_send_task

    def enqueue() -> None:
        for nomination_id in nomination_ids:
            nomination_decision_send_task.enqueue(nomination_id)

    transaction.on_commit(enqueue)


@transaction.atomic
def nomination_review_start(*, actor: User, nomination: Nomination) -> Nomination:
    _claim(nomination, (Status.RECEIVED,), status=Status.UNDER_REVIEW)
    _log("nomination.review_started", actor, nomination)
    return nomination


def profile_from_answers(nomination: Nomination) -> str:
    """The nominee's first profile text: each answered question and its answer."""
    parts = []
    for question in nomination.call.questions.all():
        answer = nomination.answers.get(str(question.pk), "").strip()
        if answer:
            parts.append(f"{question.text}\n\n{answer}")
    return "\n\n".join(parts)


def _free_slug(nomination: Nomination) -> str:
    base = (
        slugify(nomination.nominee_name.replace("æ", "ae").replace("ø", "o").replace("å", "a"))[:70]
        or "nominert"
    )
    taken = set(
        Nominee.objects.filter(edition=nomination.call.edition, slug__startswith=base).values_list(
            "slug", flat=True
        )
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def nomination_accept(*, actor: User, nomination: Nomination, notify: bool) -> Nominee:
    """Make a nominee of the nomination; its profile starts from the answers."""
    now = timezone.now()
    if nomination.status not in OPEN_STATUSES or nomination.merged_into_id is not None:
        raise errors.DecisionRefused()
    nominee = nominee_create(
        actor=actor,
        edition=nomination.call.edition,
        slug=_free_slug(nomination),
        kind=nomination.nominee_kind,
        name=nomination.nominee_name,
        municipality_number=nomination.municipality_number,
        profile=profile_from_answers(nomination),
    )
    # If another organiser decided meanwhile, this refuses and the nominee is rolled back.
    _claim(
        nomination,
        OPEN_STATUSES,
        status=Status.ACCEPTED,
        nominee=nominee,
        decided_at=now,
        decided_by=actor,
    )
    merged = list(nomination.merged.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    Nomination.objects.filter(pk__in=merged).update(
        status=Status.ACCEPTED, nominee=nominee, decided_at=now, decided_by=actor
    )
    _log("nomination.accepted", actor, nomination, nominee=nominee.pk, merged=merged)
    if notify:
        _notify([nomination.pk, *merged])
    return nominee


@transaction.atomic
def nomination_decline(
    *, actor: User, nomination: Nomination, reason: str, notify: bool
) -> Nomination:
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the nomination is declined.")]})
    now = timezone.now()
    values = {
        "status": Status.DECLINED,
        "decided_at": now,
        "decided_by": actor,
        "decline_reason": reason.strip(),
    }
    _claim(nomination, OPEN_STATUSES, **values)
    merged = list(nomination.merged.filter(status__in=OPEN_STATUSES).values_list("pk", flat=True))
    Nomination.objects.filter(pk__in=merged).update(**values)
    _log("nomination.declined", actor, nomination, reason.strip(), merged=merged)
    if notify:
        _notify([nomination.pk, *merged])
    return nomination


@transaction.atomic
def nomination_withdraw(*, actor: User, nomination: Nomination, reason: str) -> Nomination:
    """Record that the nominator withdrew the nomination (organisers do it on request)."""
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the nomination is withdrawn.")]})
    _claim(
        nomination,
        OPEN_STATUSES,
        status=Status.WITHDRAWN,
        decided_at=timezone.now(),
        decided_by=actor,
    )
    _log("nomination.withdrawn", actor, nomination, reason.strip())
    return nomination


@transaction.atomic
def nomination_merge(*, actor: User, primary: Nomination, duplicate: Nomination) -> Nomination:
    """Put ``duplicate`` (and anything merged into it) under ``primary``; both undecided.

    Nothing is deleted: the duplicate keeps its nominator and answers, is shown under the
    primary, and follows the primary's decision.
    """
    if primary.pk == duplicate.pk or primary.call_id != duplicate.call_id:
        raise errors.MergeRefused()
    rows = {
        n.pk: n
        for n in Nomination.objects.select_for_update().filter(pk__in=[primary.pk, duplicate.pk])
    }
    if len(rows) != 2 or any(
        n.status not in OPEN_STATUSES or n.merged_into_id is not None for n in rows.values()
    ):
        raise errors.MergeRefused()
    moved = list(duplicate.merged.values_list("pk", flat=True))
    Nomination.objects.filter(pk__in=[duplicate.pk, *moved]).update(merged_into=primary)
    duplicate.merged_into = primary
    _log("nomination.merged", actor, primary, duplicate=duplicate.pk, also_moved=moved)
    return primary
