"""An organiser is warned before a save opens a vote at once (the opening time has passed) and
told when a vote is due with no nominees, since the rules freeze the moment voting opens."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from kaaring.accounts.models import User
from kaaring.awards.models import Award, Edition, Nominee
from kaaring.backoffice.oslo_time import OSLO
from kaaring.backoffice.tests.test_editions import create_url, edition_url, form_data

pytestmark = pytest.mark.django_db


def _local(at: dt.datetime) -> str:
    return at.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")


def _times(opens: dt.timedelta, closes: dt.timedelta) -> dict[str, str]:
    now = dt.datetime.now(dt.UTC)
    return {
        "announced_at": _local(now - dt.timedelta(days=10)),
        "voting_opens_at": _local(now + opens),
        "voting_closes_at": _local(now + closes),
    }


NEW = {
    "year": "2031",
    "voting_mode": "open",
    "finalist_count": "3",
    "tie_break": "all_tied_advance",
    "decision_rule": "top_n_then_jury",
}


def test_a_window_that_started_in_the_past_needs_a_confirmation(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    data = form_data(**NEW, **_times(-dt.timedelta(hours=2), dt.timedelta(days=7)))

    response = client.post(create_url(award), data)

    assert response.status_code == 400
    page = response.content.decode()
    assert "saving opens the vote at once" in page
    assert "no nominees yet" in page
    assert 'name="confirm_opening"' in page
    assert not Edition.objects.filter(award=award, year=2031).exists()

    confirmed = client.post(create_url(award), {**data, "confirm_opening": "on"})
    assert confirmed.status_code == 302
    assert Edition.objects.filter(award=award, year=2031).exists()


def test_a_window_in_the_future_saves_without_asking(
    organiser: User, award: Award, login: Callable[..., Client]
) -> None:
    data = form_data(**NEW, **_times(dt.timedelta(days=1), dt.timedelta(days=7)))
    response = login(organiser).post(create_url(award), data)
    assert response.status_code == 302
    assert 'name="confirm_opening"' not in response.content.decode()


def test_the_edition_page_says_a_coming_vote_has_no_nominees_yet(
    organiser: User,
    award: Award,
    login: Callable[..., Client],
    make_nominee: Callable[..., Nominee],
) -> None:
    client = login(organiser)
    client.post(
        create_url(award), form_data(**NEW, **_times(dt.timedelta(days=1), dt.timedelta(days=7)))
    )
    edition = Edition.objects.get(award=award, year=2031)
    assert "has no nominees yet" in client.get(edition_url(edition)).content.decode()
    make_nominee(edition, "Stange", "3413")
    assert "has no nominees yet" not in client.get(edition_url(edition)).content.decode()


def test_an_edition_with_nominees_is_warned_only_of_the_opening(
    organiser: User,
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    login: Callable[..., Client],
) -> None:
    edition = make_edition(opens=dt.timedelta(days=2), closes=dt.timedelta(days=9))
    make_nominee(edition, "Stange", "3413")
    data = form_data(edition, **_times(-dt.timedelta(minutes=5), dt.timedelta(days=9)))
    response = login(organiser).post(edition_url(edition), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "saving opens the vote at once" in page
    assert "no nominees yet" not in page
