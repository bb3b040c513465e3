"""Checkpoints: the ballots in id order, a root that matches, signatures, consistency."""

import datetime as dt
from collections.abc import Callable

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import call_command

from kaaring.awards.models import Edition, Nominee
from kaaring.ballotlog import leaves, merkle, services
from kaaring.ballotlog.models import Checkpoint, InvalidationList, LogEntry, SigningKey
from kaaring.voting.models import Ballot

pytestmark = pytest.mark.django_db


def expected_root(edition: Edition, ballots: list[Ballot]) -> bytes:
    digests = [
        merkle.leaf_hash(
            leaves.leaf_bytes(
                edition_id=edition.pk, receipt=b.receipt, nominee_id=b.nominee_id, mode=b.mode
            )
        )
        for b in sorted(ballots, key=lambda b: b.pk)
    ]
    return merkle.root(merkle.LeafSource(digests), len(digests))


def signature_holds(checkpoint: Checkpoint) -> bool:
    message = leaves.checkpoint_message(
        edition_id=checkpoint.edition_id,
        sequence=checkpoint.sequence,
        size=checkpoint.size,
        root=bytes(checkpoint.root),
        at=checkpoint.created_at,
        final=checkpoint.final,
    )
    public = Ed25519PublicKey.from_public_bytes(bytes(checkpoint.key.public_key))
    try:
        public.verify(bytes(checkpoint.signature), message)
    except InvalidSignature:
        return False
    return True


def test_a_checkpoint_covers_every_ballot_in_id_order_and_is_signed(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    ballots = cast(edition, nominees[0], times=3) + cast(edition, nominees[1], times=2)
    checkpoint = services.checkpoint_make(edition_id=edition.pk)
    assert checkpoint is not None
    assert (checkpoint.sequence, checkpoint.size, checkpoint.final) == (1, 5, False)
    assert bytes(checkpoint.root) == expected_root(edition, ballots)
    assert signature_holds(checkpoint)
    assert list(
        LogEntry.objects.filter(edition=edition)
        .order_by("index")
        .values_list("ballot_id", flat=True)
    ) == [b.pk for b in ballots]


def test_a_leaf_holds_no_receipt_and_commits_to_it(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    (ballot,) = cast(edition, nominees[2], mode="open")
    services.checkpoint_make(edition_id=edition.pk)
    leaf = bytes(LogEntry.objects.get(ballot=ballot).leaf)
    assert len(leaf) == leaves.LEAF_SIZE
    assert ballot.receipt.encode() not in leaf
    assert leaf[9:41] == leaves.commitment(edition_id=edition.pk, receipt=ballot.receipt)
    assert int.from_bytes(leaf[41:49], "big") == nominees[2].pk
    assert leaf[49] == leaves.MODE_CODES["open"]


def test_nothing_new_makes_no_checkpoint_and_more_ballots_make_a_consistent_one(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    first_ballots = cast(edition, nominees[0], times=3)
    first = services.checkpoint_make(edition_id=edition.pk)
    assert services.checkpoint_make(edition_id=edition.pk) is None
    more = cast(edition, nominees[1], times=6)
    second = services.checkpoint_make(edition_id=edition.pk)
    assert first is not None
    assert second is not None
    assert (second.sequence, second.size) == (2, 9)
    assert bytes(second.root) == expected_root(edition, first_ballots + more)
    assert merkle.verify_consistency(
        old_size=3,
        new_size=9,
        old_root=bytes(first.root),
        new_root=bytes(second.root),
        proof=[bytes.fromhex(h) for h in second.consistency],
    )
    assert signature_holds(second)


def test_closing_makes_a_final_checkpoint_and_signs_the_invalidations(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    cast(edition, nominees[0], times=2)
    services.checkpoint_make(edition_id=edition.pk)
    Edition.objects.filter(pk=edition.pk).update(
        voting_closes_at=services.database_now() - dt.timedelta(minutes=1)
    )
    final = services.checkpoint_make(edition_id=edition.pk)
    assert final is not None
    assert final.final
    assert final.size == 2
    assert services.checkpoint_make(edition_id=edition.pk) == final
    invalidations = InvalidationList.objects.get(edition=edition)
    assert (invalidations.version, invalidations.entries, invalidations.size) == (1, [], 2)


def test_the_private_key_is_stored_encrypted_and_one_per_organisation(
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
    cast: Callable[..., list[Ballot]],
) -> None:
    editions = [make_edition(year=2018), make_edition(year=2019)]
    for e in editions:
        cast(e, make_nominee(e, "Stange", "3413"))
        services.checkpoint_make(edition_id=e.pk)
    (key,) = SigningKey.objects.all()
    assert bytes(key.private_key).startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert len(bytes(key.public_key)) == 32


def test_the_command_checkpoints_editions_being_voted_on(
    edition: Edition,
    nominees: list[Nominee],
    cast: Callable[..., list[Ballot]],
    make_edition: Callable[..., Edition],
    capsys: pytest.CaptureFixture[str],
) -> None:
    make_edition(year=2019)  # no ballots: no log
    cast(edition, nominees[0], times=4)
    call_command("ballotlog_checkpoint")
    assert f"edition {edition.pk}: checkpoint 1, 4 ballots" in capsys.readouterr().out
    assert Checkpoint.objects.count() == 1
    call_command("ballotlog_checkpoint")
    assert "no new ballots" in capsys.readouterr().out


def test_the_command_names_an_unknown_edition() -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="no edition with id 999"):
        call_command("ballotlog_checkpoint", "--edition", "999")


def test_freezing_the_tally_makes_the_final_checkpoint(
    edition: Edition,
    nominees: list[Nominee],
    cast: Callable[..., list[Ballot]],
    django_capture_on_commit_callbacks: Callable[..., object],
) -> None:
    from kaaring.results.services import tally_freeze

    cast(edition, nominees[0], times=3)
    Edition.objects.filter(pk=edition.pk).update(
        voting_closes_at=services.database_now() - dt.timedelta(minutes=1)
    )
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[attr-defined]
        assert tally_freeze(edition_id=edition.pk) is not None
    final = Checkpoint.objects.get(edition=edition, final=True)
    assert final.size == 3


def test_casting_a_ballot_touches_nothing_of_the_log(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cast(edition, nominees[0])  # the edition's secret and caches are made by the first one
    services.checkpoint_make(edition_id=edition.pk)
    with CaptureQueriesContext(connection) as queries:
        cast(edition, nominees[1])
    assert queries.captured_queries
    assert not [q for q in queries.captured_queries if "ballotlog" in q["sql"]]


def test_the_scheduled_task_checkpoints_and_names_the_editions(
    edition: Edition, nominees: list[Nominee], cast: Callable[..., list[Ballot]]
) -> None:
    from kaaring.ballotlog.tasks import ballot_log_checkpoint_task, ballot_log_checkpoints_task

    cast(edition, nominees[0], times=2)
    assert ballot_log_checkpoints_task.call() == [edition.pk]
    cast(edition, nominees[0])
    assert ballot_log_checkpoint_task.call(edition.pk) == 2
