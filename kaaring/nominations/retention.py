"""Deleting the personal data of nominations that were not accepted (DOMAIN.md, privacy).

Each call declares how many days after its deadline such data is kept (``retention_days``).
After that, nominations that are not accepted keep only what is not personal: their status,
the kind of nominee, a municipality or organisation number, and their dates. Names, roles,
addresses, answers (which may describe people), attachments and links are deleted. Accepted
nominations became nominees; what the public sees of them is the organisers' responsibility.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from kaaring.audit.services import log_action
from kaaring.nominations.models import Attachment, Call, Nomination, NominationLink, Status


def nominations_purge(*, now: dt.datetime | None = None) -> int:
    """Delete what is due; return how many nominations were emptied. Idempotent."""
    now = now or timezone.now()
    total = 0
    calls = Call.objects.select_related("edition__award__organisation").filter(
        edition__nominations_close_at__isnull=False
    )
    for call in calls:
        close = call.edition.nominations_close_at
        if close is None or now < close + dt.timedelta(days=call.retention_days):
            continue
        total += _call_purge(call, now)
    return total


@transaction.atomic
def _call_purge(call: Call, now: dt.datetime) -> int:
    due = Nomination.objects.filter(call=call, personal_data_deleted_at__isnull=True).exclude(
        status=Status.ACCEPTED
    )
    ids = list(due.values_list("pk", flat=True))
    if not ids:
        return 0
    for attachment in Attachment.objects.filter(nomination_id__in=ids):
        attachment.file.delete(save=False)
        attachment.delete()
    NominationLink.objects.filter(nomination_id__in=ids).delete()
    # A person's name is personal data; a municipality's, organisation's or company's is not.
    Nomination.objects.filter(pk__in=ids).update(
        nominator_name="",
        nominator_role="",
        nominator_email="",
        nominee_contact="",
        answers={},
        decline_reason="",
        personal_data_deleted_at=now,
    )
    Nomination.objects.filter(pk__in=ids, nominee_kind="person").update(nominee_name="")
    Nomination.objects.filter(pk__in=ids, nominee_kind="").update(nominee_name="")
    log_action(
        "nominations.personal_data_deleted",
        actor=None,
        organisation=call.edition.award.organisation,
        target=call.edition,
        data={"call": call.pk, "nominations": len(ids), "retention_days": call.retention_days},
    )
    return len(ids)
