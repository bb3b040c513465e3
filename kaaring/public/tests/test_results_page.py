"""The public results page and its downloads, under embargo until results_published_at."""

import datetime as dt
import json
from collections.abc import Callable

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from kaaring.awards.models import Edition, Nominee
from kaaring.awards.services import edition_set_winner
from kaaring.results.services import tally_freeze
from kaaring.results.tests.conftest import cast, close_voting  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided(
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., object],  # noqa: F811
    close_voting: Callable[..., Edition],  # noqa: F811
) -> Edition:
    """IMDi 2018 in small: votes counted, Bærum chosen by the jury, results due in an hour."""
    edition = make_edition(show_vote_counts=True)
    names = {"Stange": 3, "Asker": 2, "Bærum": 4, "Bodø": 1}
    made = {}
    for position, (name, votes) in enumerate(names.items()):
        made[name] = make_nominee(edition, name, f"{3400 + position}", position=position)
        cast(edition, made[name], times=votes)
    close_voting(edition)
    tally_freeze(edition_id=edition.pk)
    Edition.objects.filter(pk=edition.pk).update(
        results_published_at=timezone.now() + dt.timedelta(hours=1)
    )
    edition.refresh_from_db()
    edition_set_winner(
        actor=None,
        edition=edition,
        winner=made["Bærum"],
        rationale="Bærum har lykkes bredt.",
        rationale_en="Bærum has succeeded broadly.",
    )
    return edition


def _urls(edition: Edition) -> list[str]:
    base = f"/en/{edition.award.slug}/{edition.year}/resultat"
    return [f"{base}/", f"{base}.csv", f"{base}.json"]


def test_nothing_is_visible_one_second_before_the_embargo_lifts(decided: Edition) -> None:
    assert decided.results_published_at is not None
    with time_machine.travel(decided.results_published_at - dt.timedelta(seconds=1), tick=False):
        for url in _urls(decided):
            response = Client().get(url)
            assert response.status_code == 404, url
            assert "Bærum has succeeded" not in response.content.decode()


def test_everything_is_visible_one_second_after(decided: Edition) -> None:
    assert decided.results_published_at is not None
    page, csv_url, json_url = _urls(decided)
    with time_machine.travel(decided.results_published_at + dt.timedelta(seconds=1), tick=False):
        client = Client()
        text = client.get(page).content.decode()
        csv_response, json_response = client.get(csv_url), client.get(json_url)
        csv_text = csv_response.content.decode()
        data = json.loads(json_response.content)
    assert "Winner: Bærum" in text
    assert "Bærum has succeeded broadly." in text
    assert "Finalist" in text
    assert "40.0" in text  # Bærum's 4 of 10 valid votes
    assert csv_text.splitlines()[0].startswith("nominee,slug,municipality_number,winner")
    assert "Bærum,baerum,3402,True,True,4,40.0,NLOD-2.0,1" in csv_text
    assert csv_text.splitlines()[0].endswith(",licence,format_version")
    assert data["format_version"] == "1"
    assert data["licence"] == "NLOD-2.0"
    for response in (csv_response, json_response):
        assert response["X-Format-Version"] == "1"
        assert response["Link"] == '<https://data.norge.no/nlod/no/2.0>; rel="license"'
    assert data["winner"] == "Bærum"
    assert data["total_valid_votes"] == 10
    assert [n["nominee"] for n in data["nominees"] if n["finalist"]] == ["Bærum", "Stange", "Asker"]


def test_vote_counts_stay_private_unless_the_organiser_chose_to_publish_them(
    decided: Edition,
) -> None:
    Edition.objects.filter(pk=decided.pk).update(show_vote_counts=False)
    assert decided.results_published_at is not None
    with time_machine.travel(decided.results_published_at + dt.timedelta(seconds=1), tick=False):
        text = Client().get(_urls(decided)[0]).content.decode()
        data = json.loads(Client().get(_urls(decided)[2]).content)
    assert "Valid votes" not in text
    assert data["total_valid_votes"] is None
    assert {n["valid_votes"] for n in data["nominees"]} == {None}


def test_nothing_is_published_before_the_jury_has_decided(decided: Edition) -> None:
    Edition.objects.filter(pk=decided.pk).update(winner=None)
    assert decided.results_published_at is not None
    with time_machine.travel(decided.results_published_at + dt.timedelta(days=1), tick=False):
        for url in _urls(decided):
            assert Client().get(url).status_code == 404
