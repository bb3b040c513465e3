"""Fixtures of the API tests: a decided edition (from the results tests), tokens of two
organisations, and a client that talks JSON."""

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from kaaring.accounts.models import Organisation, User
from kaaring.api.models import ApiToken
from kaaring.api.services import token_create
from kaaring.awards.models import Edition, Nominee
from kaaring.awards.services import edition_set_winner
from kaaring.results.services import tally_freeze
from kaaring.results.tests.conftest import cast, close_voting  # noqa: F401


@pytest.fixture
def decided(
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., object],  # noqa: F811
    close_voting: Callable[..., Edition],  # noqa: F811
) -> Edition:
    """Votes counted, Bærum chosen by the jury, the result due in an hour."""
    edition = make_edition(show_vote_counts=True)
    made = {}
    for position, (name, votes) in enumerate({"Stange": 3, "Asker": 2, "Bærum": 4}.items()):
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


@pytest.fixture
def draft(make_edition: Callable[..., Edition]) -> Edition:
    """IMDi's coming edition: voting opens in ten days."""
    return make_edition(year=2027, opens=dt.timedelta(days=10), closes=dt.timedelta(days=20))


def make_token(user: User, organisation: Organisation, scope: str = "write") -> str:
    _token, secret = token_create(
        actor=user, organisation=organisation, name=f"{scope} {organisation.slug}", scope=scope
    )
    return secret


@pytest.fixture
def imdi_token(organiser: User, imdi: Organisation) -> str:
    return make_token(organiser, imdi, "write")


@pytest.fixture
def imdi_read_token(organiser: User, imdi: Organisation) -> str:
    return make_token(organiser, imdi, "read")


@pytest.fixture
def stange_token(outsider: User, stange: Organisation) -> str:
    return make_token(outsider, stange, "write")


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def api() -> Client:
    return Client()


__all__ = ["ApiToken", "bearer"]
