"""The embeddable vote button: the only page other sites may frame; everything else refuses."""

import datetime as dt
import html
import re

import pytest
from django.test import Client

from kaaring.awards.models import Edition, Nominee


@pytest.fixture
def embed(edition: Edition, nominees: list[Nominee]) -> str:
    return f"/en/{edition.award.slug}/{edition.year}/stem/{nominees[0].slug}/knapp/"


def _frame_ancestors(response) -> str:
    found = re.search(r"frame-ancestors ([^;]+)", response["Content-Security-Policy"])
    assert found
    return found.group(1).strip()


def test_the_vote_button_may_be_framed_by_any_site(
    client: Client, embed: str, edition: Edition, nominees: list[Nominee]
) -> None:
    response = client.get(embed)

    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    assert _frame_ancestors(response) == "*"
    page = response.content.decode()
    start = f"http://testserver/en/{edition.award.slug}/{edition.year}/stem/{nominees[0].slug}/"
    assert f'href="{start}" target="_blank" rel="noopener"' in page
    assert f"Vote for {nominees[0].name}" in page
    assert "(opens in a new tab)" in page
    assert "<header" not in page
    assert "<form" not in page
    assert not response.cookies


@pytest.mark.parametrize("page", ["nominee", "start", "home"])
def test_every_other_page_refuses_to_be_framed(
    client: Client, edition: Edition, nominees: list[Nominee], page: str
) -> None:
    base = f"/en/{edition.award.slug}/{edition.year}"
    url = {
        "nominee": f"{base}/nominerte/{nominees[0].slug}/",
        "start": f"{base}/stem/{nominees[0].slug}/",
        "home": "/en/",
    }[page]

    response = client.get(url)

    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"
    assert _frame_ancestors(response) == "'none'"


def test_the_button_says_when_voting_has_closed(client: Client, make_edition, make_nominee) -> None:
    closed = make_edition(opens=dt.timedelta(days=-9), closes=dt.timedelta(days=-1))
    nominee = make_nominee(closed, "Alta")

    response = client.get(f"/en/{closed.award.slug}/{closed.year}/stem/{nominee.slug}/knapp/")

    assert response.status_code == 200
    assert "Voting has closed" in response.content.decode()
    assert "target=" not in response.content.decode()


def test_the_nominee_page_offers_the_vote_link_and_the_code_to_embed(
    client: Client, edition: Edition, nominees: list[Nominee]
) -> None:
    base = f"/en/{edition.award.slug}/{edition.year}"
    page = client.get(f"{base}/nominerte/{nominees[0].slug}/").content.decode()

    start = f"http://testserver{base}/stem/{nominees[0].slug}/"
    assert f'<a class="ds-link" href="{start}">Vote for {nominees[0].name}!</a>' in page
    snippet = re.search(r'<textarea[^>]*id="embed-code"[^>]*readonly>([^<]*)</textarea>', page)
    assert snippet
    assert '<label class="ds-label" for="embed-code">' in page
    code = html.unescape(snippet.group(1))
    assert code.startswith(f'<iframe src="http://testserver{base}/stem/{nominees[0].slug}/knapp/"')
    assert f'title="Vote for {nominees[0].name}"' in code
