import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kaaring.awards.models import Edition
from kaaring.voting.errors import (
    AlreadyVoted,
    NomineeNotAvailable,
    VotingClosed,
    VotingNotOpen,
    WrongVotingMode,
)
from kaaring.voting.models import Ballot
from kaaring.voting.services import ballot_cast, voter_key


def cast(edition, nominee, *, voter="browser-1", submission="form-1", mode="open"):
    key = voter_key(edition_id=edition.pk, kind=mode, identity=voter)
    return ballot_cast(
        edition=edition, nominee_id=nominee.pk, mode=mode, voter_key=key, submission_key=submission
    )


def test_it_records_a_ballot_and_gives_a_receipt(edition, nominees):
    result = cast(edition, nominees[1])

    ballot = Ballot.objects.get()
    assert ballot.pk == result.ballot_id
    assert ballot.nominee == nominees[1]
    assert ballot.receipt == result.receipt
    assert len(result.receipt) == 14
    assert result.receipt[4] == result.receipt[9] == "-"
    assert not result.repeated


def test_the_voter_key_reveals_nothing_and_differs_per_edition(edition, make_edition, nominees):
    other = make_edition(year=2019)
    key = voter_key(edition_id=edition.pk, kind="open", identity="browser-1")
    assert "browser-1" not in key
    assert len(key) == 64
    assert key != voter_key(edition_id=other.pk, kind="open", identity="browser-1")
    assert key == voter_key(edition_id=edition.pk, kind="open", identity="browser-1")


def test_it_refuses_a_second_ballot_from_the_same_voter(edition, nominees):
    first = cast(edition, nominees[0], submission="form-1")

    with pytest.raises(AlreadyVoted):
        cast(edition, nominees[1], submission="form-2")

    ballot = Ballot.objects.get()
    assert ballot.receipt == first.receipt
    assert ballot.nominee == nominees[0]


def test_a_retried_submission_returns_the_same_receipt(edition, nominees):
    first = cast(edition, nominees[0], submission="form-1")
    again = cast(edition, nominees[0], submission="form-1")

    assert again.receipt == first.receipt
    assert again.repeated
    assert Ballot.objects.count() == 1


def test_the_database_refuses_a_second_ballot_whatever_the_code_does(edition, nominees):
    cast(edition, nominees[0])
    ballot = Ballot.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        Ballot.objects.create(
            edition=edition,
            nominee=nominees[1],
            mode="open",
            voter_key=ballot.voter_key,
            receipt="OTHER-RECEIPT",
            submission_key="x",
        )


def test_ballots_can_be_neither_changed_nor_deleted(edition, nominees):
    cast(edition, nominees[0])
    with pytest.raises(DatabaseError), transaction.atomic():
        Ballot.objects.update(nominee=nominees[1])
    with pytest.raises(DatabaseError), transaction.atomic():
        Ballot.objects.all().delete()
    assert Ballot.objects.get().nominee == nominees[0]


def test_it_refuses_before_voting_opens(make_edition, make_nominee):
    edition = make_edition(opens=dt.timedelta(hours=1))
    nominee = make_nominee(edition, "Stange", "3413")
    with pytest.raises(VotingNotOpen):
        cast(edition, nominee)
    assert not Ballot.objects.exists()


def test_it_refuses_after_voting_closes(make_edition, make_nominee):
    edition = make_edition(opens=dt.timedelta(days=-3), closes=dt.timedelta(seconds=-1))
    nominee = make_nominee(edition, "Stange", "3413")
    with pytest.raises(VotingClosed):
        cast(edition, nominee)
    assert not Ballot.objects.exists()


def test_it_refuses_a_withdrawn_nominee_or_one_from_another_edition(
    edition, nominees, make_edition, make_nominee
):
    nominees[2].withdrawn_at = timezone.now()
    nominees[2].save(update_fields=["withdrawn_at"])
    with pytest.raises(NomineeNotAvailable):
        cast(edition, nominees[2])

    stranger = make_nominee(make_edition(year=2019), "Vadsø", "5607")
    with pytest.raises(NomineeNotAvailable):
        cast(edition, stranger, voter="browser-2")
    assert not Ballot.objects.exists()


def test_it_refuses_a_mode_the_edition_does_not_use(edition, nominees):
    with pytest.raises(WrongVotingMode):
        cast(edition, nominees[0], mode="email")


def database_now() -> dt.datetime:
    """The instant the database's clock says inside the current transaction."""
    if connection.vendor == "sqlite":
        return timezone.now()  # the process clock, frozen by time_machine in the test
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()")
        return cursor.fetchone()[0]


@pytest.mark.parametrize(
    ("offset_ms", "accepted"),
    [(1, True), (0, False), (-1, False)],
    ids=["1 ms before the deadline", "at the deadline", "1 ms after the deadline"],
)
def test_the_deadline_is_decided_by_the_database_clock_to_the_millisecond(
    edition, nominees, offset_ms, accepted
):
    # PostgreSQL's now() stays the same through the test's transaction; SQLite's clock is the
    # process clock, which time_machine holds still.
    with time_machine.travel(timezone.now(), tick=False):
        now = database_now()
        Edition.objects.filter(pk=edition.pk).update(
            voting_closes_at=now + dt.timedelta(milliseconds=offset_ms)
        )
        edition.refresh_from_db()
        if accepted:
            cast(edition, nominees[0])
            assert Ballot.objects.count() == 1
        else:
            with pytest.raises(VotingClosed):
                cast(edition, nominees[0])
            assert Ballot.objects.count() == 0


def test_receipts_use_only_the_unambiguous_alphabet_and_all_of_it():
    from collections import Counter

    from kaaring.voting.services import RECEIPT_ALPHABET, receipt_new

    letters: Counter[str] = Counter()
    for _ in range(2000):
        receipt = receipt_new()
        assert receipt[4] == receipt[9] == "-"
        letters.update(receipt.replace("-", ""))

    assert set(letters) == set(RECEIPT_ALPHABET)  # 24,000 draws: every letter shows up
    assert not set(letters) & set("IO01")
    # Unbiased: each of the 32 letters comes about 750 times; none is twice as likely.
    assert max(letters.values()) < 2 * min(letters.values())
