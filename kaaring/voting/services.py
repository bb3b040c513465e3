"""Casting a ballot: one statement decides, the database keeps the rules.

``ballot_cast`` inserts the ballot with ``INSERT … SELECT … WHERE <voting window by the
database's clock> ON CONFLICT (edition, voter_key) DO NOTHING RETURNING``. In that single
statement the database checks that the nominee stands in the edition, that the edition is voted
on in this mode, that its clock is inside the voting window, and that the voter has no ballot
yet. If nothing was inserted, a second look inside the same transaction says why. A retried
submission (same ``submission_key`` from the same voter) gets the first ballot back, so a double
click or a lost response never makes a second ballot or a different receipt.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.db import connection, transaction

from kaaring.awards.models import Edition, Nominee
from kaaring.voting.clock import now_sql
from kaaring.voting.errors import (
    AlreadyVoted,
    NomineeNotAvailable,
    VotingClosed,
    VotingNotOpen,
    WrongVotingMode,
)
from kaaring.voting.models import Ballot, EditionSecret
from kaaring.voting.review_signals import ballot_signals_record

# Receipts: 12 characters from an alphabet without look-alikes, shown as XXXX-XXXX-XXXX.
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class CastResult:
    ballot_id: int
    receipt: str
    repeated: bool  # True when this was a retry of a submission already recorded


def receipt_new() -> str:
    raw = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(12))
    return f"{raw[0:4]}-{raw[4:8]}-{raw[8:12]}"


def edition_secret(*, edition_id: int) -> bytes:
    """The edition's voter-hash key, created on first use (safe against concurrent creation)."""
    found = EditionSecret.objects.filter(edition_id=edition_id).values_list("secret", flat=True)
    for value in found:
        return bytes(value)
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
) -> CastResult:
    """Record one ballot, or raise a ``VotingError`` saying why not. Idempotent per submission.

    The review signals (see ``kaaring/voting/review_signals.py``) are stored beside a new
    ballot in the same transaction; a retried submission keeps the first ones.
    """
    if not voter_key or not submission_key:
        raise ValueError("voter_key and submission_key are required")
    table = Ballot._meta.db_table
    editions = Edition._meta.db_table
    nominees = Nominee._meta.db_table
    now = now_sql(connection.vendor)
    receipt = receipt_new()
    sql = f"""
        INSERT INTO {table} (edition_id, nominee_id, mode, voter_key, receipt, submission_key,
                             cast_at)
        SELECT e.id, n.id, %s, %s, %s, %s, {now}
          FROM {editions} e JOIN {nominees} n ON n.edition_id = e.id
         WHERE e.id = %s AND n.id = %s AND n.withdrawn_at IS NULL AND e.voting_mode = %s
           AND e.voting_opens_at <= {now} AND {now} < e.voting_closes_at
        ON CONFLICT (edition_id, voter_key) DO NOTHING
        RETURNING id
    """  # noqa: S608 - table names come from the models, values are parameters
    params: list[str | int] = [
        mode, voter_key, receipt, submission_key, edition.pk, nominee_id, mode,
    ]  # fmt: skip
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        if row is not None:
            ballot_signals_record(
                ballot_id=row[0],
                subnet_key=subnet_key,
                proof_of_work_ms=proof_of_work_ms,
                user_agent_family=user_agent_family,
                email_domain=email_domain,
                seconds_to_vote=seconds_to_vote,
            )
            return CastResult(ballot_id=row[0], receipt=receipt, repeated=False)
        return _repeat_or_refuse(
            edition=edition,
            nominee_id=nominee_id,
            mode=mode,
            voter_key=voter_key,
            submission_key=submission_key,
        )


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
    now = now_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT voting_mode, voting_opens_at <= {now}, voting_closes_at <= {now} "  # noqa: S608
            f"FROM {Edition._meta.db_table} WHERE id = %s",
            [edition.pk],
        )
        row = cursor.fetchone()
    if row is None or row[0] != mode:
        raise WrongVotingMode()
    if not Nominee.objects.filter(
        pk=nominee_id, edition_id=edition.pk, withdrawn_at__isnull=True
    ).exists():
        raise NomineeNotAvailable()
    opened, closed = bool(row[1]), bool(row[2])
    if closed:
        raise VotingClosed()
    if not opened:
        raise VotingNotOpen()
    raise VotingClosed()  # pragma: no cover - the window cannot be open and refuse
