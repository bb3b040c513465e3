"""What the ballot-committing request of the open mode costs the database. Every
statement is a round trip on the hot path, so they are pinned here, outside a test transaction,
as in production: a warm process whose memory already knows the vote address and the edition's
secret sends the rate-limit counters in one statement and the ballot in one more."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from kaaring.awards.models import Edition, Nominee
from kaaring.public.tests.vote_helpers import open_form, post_vote, solved, start_url
from kaaring.voting.models import Ballot, BallotSignals, ProofOfWorkClaim

pytestmark = pytest.mark.usefixtures("ballots_removed_afterwards")


def _statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"].split()[0].upper() for q in queries.captured_queries]


def test_a_warm_open_vote_takes_two_statements(edition: Edition, nominees: list[Nominee]) -> None:
    url = start_url(edition, nominees[0])
    first, second = Client(), Client()
    post_vote(first, url, submission=open_form(first, url))  # warms the process's memory
    submission = open_form(second, url)

    with CaptureQueriesContext(connection) as queries:
        response = post_vote(second, url, submission=submission, payload=solved(production=True))

    assert response.status_code == 302
    if connection.vendor == "postgresql":  # counters; ballot, signals and claim at once
        assert _statements(queries) == ["INSERT", "WITH"]
    else:  # SQLite has no data-modifying CTEs: the same inserts in one transaction
        assert _statements(queries) == ["INSERT", "BEGIN", "INSERT", "INSERT", "INSERT", "COMMIT"]
    assert Ballot.objects.count() == 2
    assert BallotSignals.objects.count() == 2
    assert ProofOfWorkClaim.objects.count() == 2


def test_a_replayed_solution_stores_nothing_and_keeps_the_first_ballot(
    edition: Edition, nominees: list[Nominee]
) -> None:
    url = start_url(edition, nominees[0])
    payload = solved(production=True)
    first, second = Client(), Client()
    assert (
        post_vote(first, url, submission=open_form(first, url), payload=payload).status_code == 302
    )

    response = post_vote(second, url, submission=open_form(second, url), payload=payload)

    assert response.status_code == 400
    assert Ballot.objects.count() == 1
    assert BallotSignals.objects.count() == 1
    assert ProofOfWorkClaim.objects.count() == 1
