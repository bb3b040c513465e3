from dataclasses import dataclass
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from kaaring.accounts.models import Organisation, User


@dataclass(frozen=True)
class _Site:
    """What allauth's mails call the site: the product's name, not the server's host name."""

    name: str
    domain: str


class AccountAdapter(DefaultAccountAdapter):
    """Staff accounts are created by an administrator, never by open sign-up.

    Account mails (address confirmation, password reset) are rendered in the language of the
    request that asks for them, and name the site and the organisations the person belongs to.
    """

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        if not isinstance(user, User):
            user = User.objects.filter(email__iexact=email).first()
        organisations = (
            list(Organisation.objects.filter(memberships__user=user).values_list("name", flat=True))
            if user is not None
            else []
        )
        request = self.request
        host = request.get_host() if request is not None else ""
        site = _Site(name=str(settings.SITE_NAME), domain=host)
        super().send_mail(
            template_prefix,
            email,
            {**context, "current_site": site, "organisations": organisations},
        )
