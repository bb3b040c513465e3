"""Casting a ballot: one statement decides, the database keeps the rules.

``ballot_cast`` inserts the ballot with ``INSERT … SELECT … WHERE <voting window by the
database's clock> ON CONFLICT (edition, voter_key) DO NOTHING RETURNING``. In that single
statement the database checks that the nominee stands in the edition, that the edition is voted
on in this mode, that its clock is inside the voting window, and that the voter has no ballot
yet. If nothing was inserted, a second look says why. A retried submission (same
``submission_key`` from the same voter) gets the first ballot back, so a double click or a lost
response never makes a second ballot or a different receipt.
"""

import contextlib
import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import DateTimeField
from django.db.models.expressions import RawSQL

from kaaring.awards.models import Edition, Nominee, VotingWindow
from kaaring.ops.metrics import ballot_outcomes
from kaaring.voting.clock import now_sql
from kaaring.voting.errors import (
    AlreadyVoted,
    NomineeNotAvailable,
    ProofOfWorkReused,
    VotingClosed,
    VotingError,
    VotingNotOpen,
    WrongVotingMode,
)
from kaaring.voting.memory import Recent
from kaaring.voting.models import Ballot, BallotSignals, EditionSecret, ProofOfWorkClaim
from kaaring.voting.review_signals import signals_values

# Receipts: 12 characters from an alphabet without look-alikes, shown as XXXX-XXXX-XXXX.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class CastResult:
    ballot_id: int
    receipt: str
    repeated: bool  # True when this was a retry of a submission already recorded


@dataclass(frozen=True)
class Guard:
    """A row the ballot depends on, locked and changed by the ballot's own statement.

    PostgreSQL only (data-modifying CTEs). ``lock`` is a ``SELECT … FOR UPDATE`` of at most one
    row, named ``guard`` in the statement: without that row no ballot is inserted and
    ``GuardNotHeld`` is raised. ``then`` is a data-modifying statement run in the same
    statement after the ballot; it may read ``guard`` and ``ballot`` (the new ballot's id, or
    no row). Each carries its own parameters.
    """

    lock: str
    lock_params: list[Any]
    then: str
    then_params: list[Any]


class GuardNotHeld(Exception):  # noqa: N818 - a state, like the VotingErrors
    """The guard's row was not there (or no longer matched once locked): nothing was done."""


def receipt_new() -> str:
    # 32 letters divide 256, so each random byte picks one without bias (and one call to the
    # system's random source serves all twelve, rather than one call each).
    raw = "".join(RECEIPT_ALPHABET[byte % 32] for byte in secrets.token_bytes(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


# An edition's secret never changes once made, so each process keeps the ones it has read:
# the hot path of a vote then needs no query for it.
_secrets: Recent[int, bytes] = Recent()


def edition_secret(*, edition_id: int) -> bytes:
    """The edition's voter-hash key, created on first use (safe against concurrent creation)."""
    # Only a committed secret may be remembered: inside a transaction that may roll back, the
    # row could vanish and another process would then make a different one.
    return _secrets.get(
        edition_id,
        lambda: _edition_secret_stored(edition_id),
        remember=not transaction.get_connection().in_atomic_block,
    )


def _edition_secret_stored(edition_id: int) -> bytes:
    found = EditionSecret.objects.filter(edition_id=edition_id).values_list("secret", flat=True)
    stored = next((bytes(value) for value in found), None)
    if stored is not None:
        return stored
    with transaction.atomic():
        EditionSecret.objects.bulk_create(
            [EditionSecret(edition_id=edition_id, secret=secrets.token_bytes(32))],
            ignore_conflicts=True,
        )
    return bytes(EditionSecret.objects.get(edition_id=edition_id).secret)


def voter_key(*, edition_id: int, kind: str, identity: str) -> str:
    """HMAC of the voter's identity with the edition's secret; ``kind`` separates the modes."""
    message = f"{kind}:{identity}".encode()
    return hmac.new(edition_secret(edition_id=edition_id), message, hashlib.sha256).hexdigest()


def voting_open_check(*, edition: Edition, at: dt.datetime) -> None:
    """Raise ``VotingNotOpen`` or ``VotingClosed`` unless voting is open at ``at``
    (``Edition.voting_window_at``). An edition without a whole window has not opened."""
    window = edition.voting_window_at(at)
    if window == VotingWindow.CLOSED:
        raise VotingClosed()
    if window != VotingWindow.OPEN:
        raise VotingNotOpen()


@ballot_outcomes(refusals=VotingError)  # committed and refused ballots, for /metrics
def ballot_cast(
    *,
    edition: Edition,
    nominee_id: int,
    mode: str,
    voter_key: str,
    submission_key: str,
    subnet_key: str | None = None,
    proof_of_work_ms: int | None = None,
    user_agent_family: str | None = None,
    email_domain: str | None = None,
    seconds_to_vote: int | None = None,
    proof_of_work_claim: str | None = None,
    claim_expires_at: dt.datetime | None = None,
    guard: Guard | None = None,
) -> CastResult:
    """Record one ballot, or raise a ``VotingError`` saying why not. Idempotent per submission.

    The review signals (see ``kaaring/voting/review_signals.py``) and the claim of a solved
    proof of work (``proof_of_work_claim``, a hash of the challenge) are stored with a new
    ballot, atomically; a retried submission keeps the first ones. A claim already used for
    another ballot raises ``ProofOfWorkReused`` and nothing is stored.

    On PostgreSQL this is one statement (data-modifying CTEs) in autocommit: one round trip and
    one commit. SQLite has no such CTEs, and runs the same inserts in one transaction. A
    ``guard`` (PostgreSQL only) makes the ballot depend on a row that the same statement locks
    and then changes; see ``Guard``.
    """
    if not voter_key or not submission_key:
        raise ValueError("voter_key and submission_key are required")
    if proof_of_work_claim is not None and claim_expires_at is None:
        raise ValueError("a proof-of-work claim needs its expiry")
    if guard is not None and connection.vendor != "postgresql":
        raise ValueError("a guard needs data-modifying CTEs (PostgreSQL)")
    now = now_sql(connection.vendor)
    receipt = receipt_new()
    insert = f"""
        INSERT INTO {Ballot._meta.db_table} (edition_id, nominee_id, mode, voter_key, receipt,
                                              submission_key, cast_at)
        SELECT e.id, n.id, %s, %s, %s, %s, {now}
          FROM {Edition._meta.db_table} e JOIN {Nominee._meta.db_table} n ON n.edition_id = e.id
         WHERE e.id = %s AND n.id = %s AND n.withdrawn_at IS NULL AND e.voting_mode = %s
           AND e.announced_at <= {now}
           AND e.voting_opens_at <= {now} AND {now} < e.voting_closes_at
           {"AND EXISTS (SELECT 1 FROM guard)" if guard is not None else ""}
        ON CONFLICT (edition_id, voter_key) DO NOTHING
        RETURNING id
    """  # noqa: S608 - table names come from the models, values are parameters
    params: list[Any] = [
        mode, voter_key, receipt, submission_key, edition.pk, nominee_id, mode,
    ]  # fmt: skip
    signals = signals_values(
        subnet_key=subnet_key,
        proof_of_work_ms=proof_of_work_ms,
        user_agent_family=user_agent_family,
        email_domain=email_domain,
        seconds_to_vote=seconds_to_vote,
    )
    try:
        if connection.vendor == "postgresql":
            ballot_id = _cast_in_one_statement(
                insert, params, signals, proof_of_work_claim, claim_expires_at, guard
            )
        else:
            ballot_id = _cast_in_one_transaction(
                insert, params, signals, proof_of_work_claim, claim_expires_at
            )
    except IntegrityError as error:
        if proof_of_work_claim is not None and _claimed(proof_of_work_claim):
            raise ProofOfWorkReused() from error
        raise
    if ballot_id is not None:
        return CastResult(ballot_id=ballot_id, receipt=receipt, repeated=False)
    return _repeat_or_refuse(
        edition=edition,
        nominee_id=nominee_id,
        mode=mode,
        voter_key=voter_key,
        submission_key=submission_key,
    )


def _cast_in_one_statement(
    insert: str,
    params: list[Any],
    signals: dict[str, Any] | None,
    claim: str | None,
    claim_expires_at: dt.datetime | None,
    guard: Guard | None = None,
) -> int | None:
    parts = [f"WITH ballot AS ({insert})"]
    if guard is not None:
        parts = [f"WITH guard AS ({guard.lock})", f", ballot AS ({insert})"]
        params = guard.lock_params + params
    if signals is not None:
        columns = ", ".join(signals)
        parts.append(
            f", signals AS (INSERT INTO {BallotSignals._meta.db_table} (ballot_id, {columns}) "  # noqa: S608
            f"SELECT id, {', '.join(['%s'] * len(signals))} FROM ballot)"
        )
        params = params + list(signals.values())
    if claim is not None:
        parts.append(
            f", claim AS (INSERT INTO {ProofOfWorkClaim._meta.db_table} (key, expires_at) "  # noqa: S608
            "SELECT %s, %s FROM ballot)"
        )
        params = [*params, claim, claim_expires_at]
    if guard is None:
        parts.append("SELECT id FROM ballot")
    else:
        parts.append(f", after_ballot AS ({guard.then})")
        params = params + guard.then_params
        parts.append("SELECT (SELECT id FROM ballot), EXISTS (SELECT 1 FROM guard)")
    # In autocommit the statement is its own transaction. Inside a caller's transaction a
    # statement with a claim gets a savepoint, so that a refused claim leaves that transaction
    # usable; without a claim nothing in it can fail that way, and the savepoint's two round
    # trips are saved.
    guarded = claim is not None and connection.in_atomic_block
    inner = transaction.atomic() if guarded else contextlib.nullcontext()
    with inner, connection.cursor() as cursor:
        cursor.execute("\n".join(parts), params)
        row = cursor.fetchone()
    if guard is not None:
        if row is None or not row[1]:
            raise GuardNotHeld()
        return None if row[0] is None else int(row[0])
    return None if row is None else int(row[0])


def _cast_in_one_transaction(
    insert: str,
    params: list[Any],
    signals: dict[str, Any] | None,
    claim: str | None,
    claim_expires_at: dt.datetime | None,
) -> int | None:
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(insert, params)
            row = cursor.fetchone()
        if row is None:
            return None
        ballot_id = int(row[0])
        if signals is not None:
            BallotSignals.objects.create(ballot_id=ballot_id, **signals)
        if claim is not None and claim_expires_at is not None:  # both or neither: ballot_cast
            # create(), not bulk_create: an existing key must raise, not be overwritten.
            ProofOfWorkClaim.objects.create(key=claim, expires_at=claim_expires_at)
        return ballot_id


def _claimed(claim: str) -> bool:
    return ProofOfWorkClaim.objects.filter(key=claim).exists()


def _repeat_or_refuse(
    *, edition: Edition, nominee_id: int, mode: str, voter_key: str, submission_key: str
) -> CastResult:
    """Nothing was inserted: return the earlier ballot of a retried submission, or say why."""
    existing = (
        Ballot.objects.filter(edition_id=edition.pk, voter_key=voter_key)
        .values("id", "receipt", "submission_key")
        .first()
    )
    if existing is not None:
        if hmac.compare_digest(existing["submission_key"], submission_key):
            return CastResult(existing["id"], existing["receipt"], repeated=True)
        raise AlreadyVoted()
    # The edition as it is now, with the database's clock that refused the ballot.
    stored = (
        Edition.objects.filter(pk=edition.pk)
        .only("voting_mode", "voting_opens_at", "voting_closes_at")
        .annotate(
            # The clock's SQL is a constant of ours (``clock.now_sql``), no input in it.
            database_now=RawSQL(now_sql(connection.vendor), [], DateTimeField())  # noqa: S611
        )
        .first()
    )
    if stored is None or stored.voting_mode != mode:
        raise WrongVotingMode()
    if not Nominee.objects.filter(
        pk=nominee_id, edition_id=edition.pk, withdrawn_at__isnull=True
    ).exists():
        raise NomineeNotAvailable()
    voting_open_check(edition=stored, at=stored.database_now)
    raise VotingClosed()  # pragma: no cover - the window cannot be open and refuse
