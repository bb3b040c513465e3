# ruff: noqa: F811 - fixtures are imported by name and used as arguments
"""The results say who the finalists were, and the winner is called so where the public reads
about the nominees, but only once the embargo lifts."""

import datetime as dt

import pytest
import time_machine
from django.test import Client

from kaaring.awards.models import Edition
from kaaring.public.tests.test_results_page import decided  # noqa: F401 - fixture
from kaaring.results.tests.conftest import cast, close_voting  # noqa: F401 - fixtures

pytestmark = pytest.mark.django_db


def _get(path: str, at: dt.datetime) -> str:
    with time_machine.travel(at, tick=False):
        response = Client().get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _after(edition: Edition) -> dt.datetime:
    assert edition.results_published_at is not None
    return edition.results_published_at + dt.timedelta(seconds=1)


def test_the_results_page_names_the_finalists_beside_the_winner(decided: Edition) -> None:
    base = f"/en/{decided.award.slug}/{decided.year}"
    text = _get(f"{base}/resultat/", _after(decided))
    assert "Winner: Bærum" in text
    assert "The finalists were Bærum, Stange and Asker." in text
    assert text.count(">Finalist<") == 2  # Stange and Asker; Bærum's row says Winner
    bokmaal = _get(f"/{decided.award.slug}/{decided.year}/resultat/", _after(decided))
    assert "Finalistene var Bærum, Stange og Asker." in bokmaal


def test_a_rule_without_finalists_names_none(decided: Edition) -> None:
    Edition.objects.filter(pk=decided.pk).update(decision_rule="public_only")
    text = _get(f"/en/{decided.award.slug}/{decided.year}/resultat/", _after(decided))
    assert "finalists were" not in text
    assert ">Finalist<" not in text
    assert "Nominees and finalists" not in text


@pytest.mark.parametrize("path", ["nominerte/baerum/", "nominerte/", ""])
def test_the_winner_is_called_winner_once_the_embargo_lifts(decided: Edition, path: str) -> None:
    url = f"/{decided.award.slug}/{decided.year}/{path}"
    assert decided.results_published_at is not None
    before = _get(url, decided.results_published_at - dt.timedelta(seconds=1))
    after = _get(url, _after(decided))
    tag = 'data-color="success">Vinner'
    assert tag not in before
    assert tag in after
    if path == "nominerte/baerum/":
        assert f"{tag} {decided.year}<" in after


def test_other_nominees_are_not_called_winner(decided: Edition) -> None:
    text = _get(f"/{decided.award.slug}/{decided.year}/nominerte/stange/", _after(decided))
    assert 'data-color="success">Vinner' not in text
