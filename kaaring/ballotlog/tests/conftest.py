"""Ballots for ballot log tests, cast through the voting service while voting is open."""

import itertools
from collections.abc import Callable

import pytest

from kaaring.awards.models import Edition, Nominee
from kaaring.voting.models import Ballot
from kaaring.voting.services import ballot_cast

_keys = itertools.count()


@pytest.fixture
def cast() -> Callable[..., list[Ballot]]:
    def make(
        edition: Edition, nominee: Nominee, *, mode: str = "open", times: int = 1
    ) -> list[Ballot]:
        ids = []
        for _ in range(times):
            key = f"log-voter-{next(_keys)}"
            result = ballot_cast(
                edition=edition,
                nominee_id=nominee.pk,
                mode=mode,
                voter_key=key,
                submission_key=key,
            )
            ids.append(result.ballot_id)
        return list(Ballot.objects.filter(pk__in=ids).order_by("pk"))

    return make
