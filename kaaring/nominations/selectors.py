"""Reads of calls and nominations for the public form and for the organisers' screening."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from kaaring.accounts.models import User
from kaaring.awards.models import Edition
from kaaring.nominations.models import Attachment, Call, Nomination, Question, Status


def call_public(*, award_slug: str, year: int, at: dt.datetime | None = None) -> Call | None:
    """The call of a public edition, with its questions (open or not: the page says which)."""
    at = at or timezone.now()
    return (
        Call.objects.filter(
            edition__award__slug=award_slug,
            edition__year=year,
            edition__announced_at__isnull=False,
            edition__announced_at__lte=at,
        )
        .select_related("edition__award__organisation")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
        )
        .first()
    )


def call_question(*, call: Call, pk: int) -> Question | None:
    return call.questions.filter(pk=pk).first()


def call_exists(*, edition_id: int) -> bool:
    return Call.objects.filter(edition_id=edition_id).exists()


def nomination_draft(*, call: Call, pk: int) -> Nomination | None:
    return call.nominations.filter(pk=pk).prefetch_related("attachments").first()


# --- Back office: only what the user's own organisations hold (anything else is "not found") -


def call_for_member(*, user: User, edition: Edition) -> Call | None:
    return (
        Call.objects.filter(edition=edition, edition__award__organisation__memberships__user=user)
        .select_related("edition__award__organisation")
        .prefetch_related(
            Prefetch("questions", queryset=Question.objects.order_by("position", "id"))
        )
        .first()
    )


SORTS = {
    "newest": ("-submitted_at", "-id"),
    "oldest": ("submitted_at", "id"),
    "name": ("nominee_name", "id"),
    "status": ("status", "-submitted_at"),
}


@dataclass
class Group:
    """A nomination, and the others that name the same nominee (shown together)."""

    nomination: Nomination
    duplicates: list[Nomination]
    merged: list[Nomination]


def nominations_for_call(*, call: Call, status: str = "", sort: str = "newest") -> list[Group]:
    """The call's submitted nominations, top-level ones first-class, with their duplicates.

    Drafts are the nominators' own until sent, and are not listed.
    """
    rows = (
        Nomination.objects.filter(call=call, submitted_at__isnull=False)
        .exclude(status=Status.DRAFT, email_confirmed_at__isnull=True)
        .select_related("nominee")
        .annotate(attachment_count=Count("attachments"))
        .order_by(*SORTS.get(sort, SORTS["newest"]))
    )
    everything = list(rows)
    merged: dict[int, list[Nomination]] = defaultdict(list)
    by_key: dict[str, list[Nomination]] = defaultdict(list)
    top = []
    for nomination in everything:
        if nomination.merged_into_id is not None:
            merged[nomination.merged_into_id].append(nomination)
            continue
        by_key[nomination.duplicate_key].append(nomination)
        if not status or nomination.status == status:
            top.append(nomination)
    return [
        Group(
            nomination=n,
            duplicates=[d for d in by_key[n.duplicate_key] if d.pk != n.pk],
            merged=merged.get(n.pk, []),
        )
        for n in top
    ]


def status_counts(*, call: Call) -> dict[str, int]:
    counts = (
        Nomination.objects.filter(call=call, submitted_at__isnull=False, merged_into__isnull=True)
        .values("status")
        .annotate(n=Count("id"))
    )
    return {row["status"]: row["n"] for row in counts}


def nomination_for_member(*, user: User, edition: Edition, pk: int) -> Nomination | None:
    return (
        Nomination.objects.filter(
            pk=pk,
            call__edition=edition,
            call__edition__award__organisation__memberships__user=user,
            submitted_at__isnull=False,
        )
        .select_related("call__edition__award__organisation", "nominee", "merged_into")
        .prefetch_related("attachments", "merged__attachments")
        .first()
    )


def attachment_for_member(*, user: User, edition: Edition, pk: int) -> Attachment | None:
    return (
        Attachment.objects.filter(
            Q(nomination__call__edition__award__organisation__memberships__user=user),
            pk=pk,
            nomination__call__edition=edition,
        )
        .select_related("nomination")
        .first()
    )
