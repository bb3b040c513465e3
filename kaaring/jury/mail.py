"""The invitation to a juror who had no account: a link to set a password.

The link is allauth's password-reset link (``account_reset_password_from_key``), made when the
mail is sent: it works until the password is set, for ``PASSWORD_RESET_TIMEOUT`` (three days
unless configured), and is kept nowhere but in the mail. After setting the password the juror
logs in and is sent to set up two-factor authentication before the jury room opens.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from kaaring.accounts.links import set_password_link
from kaaring.accounts.models import User
from kaaring.awards.models import Edition

logger = logging.getLogger(__name__)


class InvitationMailError(Exception):
    """The mail server refused; the task may run again."""


def invitation_send(
    *, user_id: int, edition_id: int, actor_id: int, language: str, site_url: str
) -> bool:
    """Mail the set-password link; ``False`` when the juror has set a password meanwhile."""
    user = User.objects.filter(pk=user_id).first()
    edition = Edition.objects.select_related("award").filter(pk=edition_id).first()
    if user is None or edition is None or user.has_usable_password():
        return False
    actor = User.objects.filter(pk=actor_id).first()
    with translation.override(language):
        context = {
            "award_name": edition.award.localized("name", language).text,
            "edition": edition,
            "organiser": str(actor) if actor else "",
            "link": set_password_link(user=user, site_url=site_url),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("jury/email/invitation_subject.txt", context)
        body = render_to_string("jury/email/invitation.txt", context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=[user.email],
        headers={"Auto-Submitted": "auto-generated", "Content-Language": language},
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        # The server's words may contain the address: neither logged nor kept.
        logger.warning("jury.invitation_mail_failed user=%s", user_id)
        raise InvitationMailError(user_id) from None
    logger.info("jury.invitation_mail_sent user=%s", user_id)
    return True
