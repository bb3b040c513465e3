"""The back office speaks bokmål, nynorsk and English, including the Oslo-time messages."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import User
from kaaring.awards.models import Award

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "heading", "gap"),
    [
        ("nb", "Administrasjon", "finnes ikke i norsk tid"),
        ("nn", "Administrasjon", "finst ikkje i norsk tid"),
        ("en", "Back office", "does not exist in Norwegian time"),
    ],
)
def test_pages_and_date_messages_are_in_the_users_language(
    organiser: User,
    award: Award,
    login: Callable[..., Client],
    language: str,
    heading: str,
    gap: str,
) -> None:
    client = login(organiser)
    with translation.override(language):
        dashboard = reverse("backoffice:dashboard")
        create = reverse("backoffice:edition_create", kwargs={"award": award.slug})
    body = client.get(dashboard).content.decode()
    assert f'<html lang="{language}"' in body
    assert heading in body
    response = client.post(
        create,
        {
            "year": "2025",
            "voting_mode": "none",
            "finalist_count": "3",
            "tie_break": "all_tied_advance",
            "decision_rule": "jury_only",
            "announced_at_0": "2025-03-30",
            "announced_at_1": "02:15",
        },
    )
    assert gap in response.content.decode()


def test_the_login_page_is_translated_into_nynorsk(client: Client) -> None:
    with translation.override("nn"):
        url = reverse("account_login")
    body = client.get(url).content.decode()
    assert "Logg inn i administrasjonen" in body
    assert "Gløymt passordet?" in body
