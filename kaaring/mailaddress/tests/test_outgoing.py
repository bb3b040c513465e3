import datetime as dt
import email
import email.policy

import pytest
from django.core.mail import EmailMessage
from django.utils import translation

from kaaring.mailaddress.outgoing import moment_text, sender


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Stange kommune", "Stange kommune"),
        # A comma or quote in an organisation's name cannot split or end the header.
        ("Stange kommune, integreringsrådet", "Stange kommune, integreringsrådet"),
        ('Bærum "IMDi"', 'Bærum "IMDi"'),
        ("", "Kåring"),
    ],
)
def test_mail_comes_from_the_configured_address_under_the_organisations_name(settings, name, shown):
    settings.DEFAULT_FROM_EMAIL = "Kåring <stemmer@kaaring.example>"
    raw = EmailMessage(from_email=sender(name), to=["kari@example.no"]).message().as_bytes()
    [address] = email.message_from_bytes(raw, policy=email.policy.default)["From"].addresses
    assert address.display_name == shown
    assert address.addr_spec == "stemmer@kaaring.example"


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nb", "5. desember 2026 kl. 15.11"),
        ("nn", "5. desember 2026 kl. 15.11"),
        ("en", "5 December 2026 at 15:11"),
    ],
)
def test_a_moment_is_written_as_the_pages_write_it_in_oslo_time(language, text):
    with translation.override(language):
        assert moment_text(dt.datetime(2026, 12, 5, 14, 11, tzinfo=dt.UTC)) == text


def test_summer_time_is_oslo_time_too():
    with translation.override("nb"):
        assert (
            moment_text(dt.datetime(2026, 6, 1, 10, 0, tzinfo=dt.UTC)) == "1. juni 2026 kl. 12.00"
        )
