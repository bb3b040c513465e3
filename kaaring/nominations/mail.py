"""The mails to a nominator: the link, the copy of a received nomination, the decision.

Each is sent once: a conditional update claims the row before sending and is undone if the mail
server refuses, so that a task run twice sends one mail and a failed one can be retried.
"""

import logging
import smtplib
from typing import Any

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kaaring.mailaddress.outgoing import moment_text, sender
from kaaring.nominations.models import Nomination, NominationLink, Status
from kaaring.nominations.services import link_token

logger = logging.getLogger(__name__)


class NominationMailError(Exception):
    """The mail server refused; the task may run again."""


def link_send(*, link_id: int) -> bool:
    """Mail a nomination link once; ``False`` when there is nothing (more) to send."""
    now = timezone.now()
    rows = NominationLink.objects.filter(
        pk=link_id, sent_at__isnull=True, used_at__isnull=True, expires_at__gt=now
    ).exclude(nomination__nominator_email="")
    if rows.update(sent_at=now) != 1:
        return False
    link = NominationLink.objects.select_related(
        "nomination__call__edition__award__organisation"
    ).get(pk=link_id)
    nomination = link.nomination
    with translation.override(nomination.language or "nb"):
        edition = nomination.call.edition
        path = reverse(
            "nominations:link",
            kwargs={"award": edition.award.slug, "year": edition.year, "token": link_token(link)},
        )
    context = {
        "link": nomination.site_url.rstrip("/") + path,
        "expires_at": link.expires_at,
        "submitted": nomination.submitted_at is not None,
    }
    if not _deliver(nomination, "link", context):
        NominationLink.objects.filter(pk=link_id).update(sent_at=None)
        raise NominationMailError(link_id)
    return True


def copy_send(*, nomination_id: int) -> bool:
    """Mail the nominator a copy of a received nomination, once."""
    rows = Nomination.objects.filter(
        pk=nomination_id, copy_sent_at__isnull=True, submitted_at__isnull=False
    ).exclude(nominator_email="")
    if rows.update(copy_sent_at=timezone.now()) != 1:
        return False
    nomination = Nomination.objects.select_related("call__edition__award__organisation").get(
        pk=nomination_id
    )
    questions = list(nomination.call.questions.all())
    language = nomination.language or "nb"
    answers = [
        (q.localized("text", language).text, nomination.answers.get(str(q.pk), ""))
        for q in questions
    ]
    if not _deliver(nomination, "copy", {"answers": answers}):
        Nomination.objects.filter(pk=nomination_id).update(copy_sent_at=None)
        raise NominationMailError(nomination_id)
    return True


def decision_send(*, nomination_id: int) -> bool:
    """Tell the nominator that the nomination was accepted or declined, once."""
    rows = Nomination.objects.filter(
        pk=nomination_id,
        decision_mailed_at__isnull=True,
        status__in=[Status.ACCEPTED, Status.DECLINED],
    ).exclude(nominator_email="")
    if rows.update(decision_mailed_at=timezone.now()) != 1:
        return False
    nomination = Nomination.objects.select_related(
        "call__edition__award__organisation", "nominee"
    ).get(pk=nomination_id)
    if not _deliver(nomination, "decision", {"accepted": nomination.status == Status.ACCEPTED}):
        Nomination.objects.filter(pk=nomination_id).update(decision_mailed_at=None)
        raise NominationMailError(nomination_id)
    return True


def _deliver(nomination: Nomination, template: str, context: dict[str, Any]) -> bool:
    language = nomination.language or "nb"
    edition = nomination.call.edition
    with translation.override(language), timezone.override("Europe/Oslo"):
        full = {
            "award_name": edition.award.localized("name", language).text,
            "edition": edition,
            "nomination": nomination,
            "site_url": nomination.site_url,
            **context,
        }
        if "expires_at" in full:
            full["expires_text"] = moment_text(full["expires_at"])
        subject = render_to_string(f"nominations/email/{template}_subject.txt", full)
        body = render_to_string(f"nominations/email/{template}.txt", full)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        from_email=sender(edition.award.organisation.name),
        to=[nomination.nominator_email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        # The server's words may contain the address: neither logged nor kept.
        logger.warning("nominations.mail_failed template=%s nomination=%s", template, nomination.pk)
        return False
    logger.info("nominations.mail_sent template=%s nomination=%s", template, nomination.pk)
    return True
