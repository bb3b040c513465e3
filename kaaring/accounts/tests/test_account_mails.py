"""allauth's account mails speak the requester's language and name Kåring and the person's
organisation, not the server's host name."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import Organisation, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "greeting", "concerns"),
    [
        ("nb", "Hilsen fra Kåring", "Dette gjelder kontoen din hos"),
        ("en", "Hello from Kåring", "This concerns your account with"),
    ],
)
def test_a_password_reset_mail_names_the_site_and_the_organisation(
    organiser: User, imdi: Organisation, language: str, greeting: str, concerns: str
) -> None:
    with translation.override(language):
        url = reverse("account_reset_password")
    response = Client().post(url, {"email": organiser.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith("[Kåring] ")
    body = str(message.body)
    assert greeting in body
    assert f"{concerns} {imdi.name}" in body
    assert "[testserver]" not in message.subject
    assert "Hello from testserver" not in body
