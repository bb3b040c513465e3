"""Links into a person's account, for mails that invite them in."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from kaaring.accounts.models import User


def set_password_link(*, user: User, site_url: str) -> str:
    """allauth's set-password link for ``user`` (valid until used or ``PASSWORD_RESET_TIMEOUT``),
    reversed in the active language."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return site_url.rstrip("/") + path
