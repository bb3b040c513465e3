"""Ballots for results tests, cast through the voting service while voting is open."""

import datetime as dt
import itertools
from collections.abc import Callable

import pytest

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.awards.models import Edition, Nominee
from kaaring.voting.models import Ballot
from kaaring.voting.services import ballot_cast

_keys = itertools.count()


@pytest.fixture
def cast() -> Callable[..., Ballot]:
    def make(edition: Edition, nominee: Nominee, *, mode: str = "open", times: int = 1) -> Ballot:
        result = None
        for _ in range(times):
            key = f"voter-{next(_keys)}"
            result = ballot_cast(
                edition=edition,
                nominee_id=nominee.pk,
                mode=mode,
                voter_key=key,
                submission_key=key,
            )
        assert result is not None
        return Ballot.objects.get(pk=result.ballot_id)

    return make


@pytest.fixture
def second_organiser(imdi: Organisation) -> User:
    user = User.objects.create_user(email="second@imdi.example", password="x" * 20)
    Membership.objects.create(user=user, organisation=imdi, role=Membership.Role.ORGANISER)
    return user


@pytest.fixture
def closing_edition(make_edition: Callable[..., Edition]) -> Edition:
    """Voting open now, closing in an hour."""
    return make_edition(closes=dt.timedelta(hours=1))


@pytest.fixture
def close_voting() -> Callable[..., Edition]:
    """Move an edition's deadline into the past by the database's clock (PostgreSQL's now()
    stays still through a test's transaction, so the clock cannot be moved; the deadline can).
    By default it lies past the freeze's grace."""
    from kaaring.results.services import FREEZE_GRACE, database_now

    def close(edition: Edition, *, ago: dt.timedelta | None = None) -> Edition:
        ago = ago if ago is not None else FREEZE_GRACE + dt.timedelta(seconds=1)
        Edition.objects.filter(pk=edition.pk).update(voting_closes_at=database_now() - ago)
        edition.refresh_from_db()
        return edition

    return close
