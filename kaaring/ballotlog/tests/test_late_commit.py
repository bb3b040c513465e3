"""A ballot that commits after a checkpoint already covered higher ids enters the next one,
exactly once (PostgreSQL: SQLite writes one transaction at a time, so it cannot happen there)."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from kaaring.awards.models import Edition, Nominee
from kaaring.ballotlog import services
from kaaring.ballotlog.models import LogEntry
from kaaring.voting.models import Ballot
from kaaring.voting.services import ballot_cast


@pytest.mark.usefixtures("ballots_removed_afterwards")
def test_a_late_committing_lower_id_enters_the_next_checkpoint_once(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL)")
    inserted, release = threading.Event(), threading.Event()
    late: dict[str, int] = {}

    def slow_voter() -> None:
        try:
            with transaction.atomic():
                result = ballot_cast(
                    edition=edition,
                    nominee_id=nominees[1].pk,
                    mode="open",
                    voter_key="slow-voter",
                    submission_key="slow-voter",
                )
                late["id"] = result.ballot_id
                inserted.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=slow_voter)
    thread.start()
    assert inserted.wait(30)
    (quick,) = cast(edition, nominees[0])
    assert quick.pk > late["id"]  # the late one took its id first

    first = services.checkpoint_make(edition_id=edition.pk)
    assert first is not None
    assert first.size == 1
    release.set()
    thread.join(30)

    second = services.checkpoint_make(edition_id=edition.pk)
    assert second is not None
    assert second.size == 2
    assert services.checkpoint_make(edition_id=edition.pk) is None
    order = list(
        LogEntry.objects.filter(edition=edition)
        .order_by("index")
        .values_list("ballot_id", flat=True)
    )
    assert order == [quick.pk, late["id"]]
