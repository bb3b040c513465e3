"""The mail to a new member of an organisation's team.

A person without a password gets allauth's set-password link (valid until used, for
``PASSWORD_RESET_TIMEOUT``); a person who already has an account is told where to log in.
"""

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.links import set_password_link
from kaaring.accounts.models import Membership, Organisation, User

logger = logging.getLogger(__name__)


class MemberMailError(Exception):
    """The mail server refused; the task may run again."""


def welcome_send(
    *, user_id: int, organisation_id: int, actor_id: int, language: str, site_url: str
) -> bool:
    """Mail the new member; ``False`` when they are no longer a member."""
    user = User.objects.filter(pk=user_id).first()
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if user is None or organisation is None:
        return False
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        return False
    actor = User.objects.filter(pk=actor_id).first()
    with translation.override(language):
        needs_password = not user.has_usable_password() and user.last_login is None
        context = {
            "organisation": organisation.name,
            "role": membership.get_role_display(),
            "organiser": str(actor) if actor else "",
            "link": set_password_link(user=user, site_url=site_url) if needs_password else "",
            "login": site_url.rstrip("/") + reverse("account_login"),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        subject = render_to_string("accounts/email/member_welcome_subject.txt", context)
        body = render_to_string("accounts/email/member_welcome.txt", context)
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
        logger.warning("accounts.member_mail_failed user=%s", user_id)
        raise MemberMailError(user_id) from None
    logger.info("accounts.member_mail_sent user=%s", user_id)
    return True
