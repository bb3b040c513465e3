import datetime as dt

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from kaaring.awards.models import Edition, Nominee
from kaaring.voting.errors import (
    AlreadyVoted,
    NomineeNotAvailable,
    VotingClosed,
    VotingNotOpen,
    WrongVotingMode,
)
from kaaring.voting.models import Ballot
from kaaring.voting.services import Guard, GuardNotHeld, ballot_cast, voter_key


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


def _position_guard(nominee) -> Guard:
    """A guard on the nominee's row that the voting rules know nothing of: the ballot needs
    its position below 1000; ``then`` moves the position by 10 only if the ballot went in, so
    a test sees what ``then`` saw."""
    table = Nominee._meta.db_table
    return Guard(
        lock=f"SELECT id FROM {table} WHERE id = %s AND position < 1000 FOR UPDATE",  # noqa: S608
        lock_params=[nominee.pk],
        then=f"UPDATE {table} AS n SET position = n.position + %s FROM guard "  # noqa: S608
        "WHERE n.id = guard.id AND EXISTS (SELECT 1 FROM ballot)",
        then_params=[10],
    )


def cast_guarded(edition, nominee, guard, *, voter="browser-1", submission="form-1"):
    key = voter_key(edition_id=edition.pk, kind="open", identity=voter)
    return ballot_cast(
        edition=edition,
        nominee_id=nominee.pk,
        mode="open",
        voter_key=key,
        submission_key=submission,
        guard=guard,
    )


@pytest.mark.requires_postgresql
def test_a_held_guard_casts_and_its_then_sees_the_ballot(edition, nominees):
    position = nominees[0].position

    result = cast_guarded(edition, nominees[0], _position_guard(nominees[0]))
    again = cast_guarded(edition, nominees[0], _position_guard(nominees[0]))

    assert Ballot.objects.get().receipt == result.receipt == again.receipt
    assert again.repeated
    nominees[0].refresh_from_db()
    assert nominees[0].position == position + 10  # the retry inserted nothing: no second move


@pytest.mark.requires_postgresql
def test_a_guard_without_its_row_casts_nothing_and_says_so(edition, nominees):
    Nominee.objects.filter(pk=nominees[0].pk).update(position=1000)

    with pytest.raises(GuardNotHeld):
        cast_guarded(edition, nominees[0], _position_guard(nominees[0]))

    assert not Ballot.objects.exists()


@pytest.mark.requires_postgresql
def test_a_held_guard_with_a_refused_ballot_runs_then_and_raises_the_reason(edition, nominees):
    yesterday = timezone.now() - dt.timedelta(days=1)
    Edition.objects.filter(pk=edition.pk).update(
        voting_opens_at=yesterday - dt.timedelta(days=1), voting_closes_at=yesterday
    )
    edition.refresh_from_db()
    position = nominees[0].position

    with pytest.raises(VotingClosed):
        cast_guarded(edition, nominees[0], _position_guard(nominees[0]))

    nominees[0].refresh_from_db()
    assert nominees[0].position == position  # then ran, and saw no ballot
    assert not Ballot.objects.exists()


def test_a_guard_is_refused_where_there_are_no_data_modifying_ctes(edition, nominees):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL has them; the guarded tests above run there")
    with pytest.raises(ValueError, match="PostgreSQL"):
        cast_guarded(edition, nominees[0], _position_guard(nominees[0]))
    assert not Ballot.objects.exists()
