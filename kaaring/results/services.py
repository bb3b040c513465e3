"""Writes of results: freezing the tally when voting closes, and invalidating ballots.

The count is one ``INSERT … SELECT … GROUP BY`` in the database, so it is exact whatever the
number of ballots and never passes through Python. Whether voting has closed is decided by the
database's clock (``kaaring.voting.clock``), the same clock that refused late ballots.
"""

import datetime as dt
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Now

from kaaring.accounts import permissions
from kaaring.accounts.models import User
from kaaring.audit.services import log_action
from kaaring.awards.models import Edition, VotingMode
from kaaring.results import errors
from kaaring.results.models import BallotInvalidation, Tally, TallyRow
from kaaring.voting.clock import now_sql
from kaaring.voting.models import Ballot

# A ballot is inserted in a transaction that starts a moment before its INSERT, and its clock
# is that start; freezing waits this long past the deadline so that no ballot that was in time
# can commit after the count. (On PostgreSQL the freeze also locks the edition row, which waits
# for every ballot insert already under way.)
FREEZE_GRACE = dt.timedelta(seconds=10)

_COUNT_SQL = """
    SELECT b.nominee_id, b.mode, COUNT(*),
           SUM(CASE WHEN i.id IS NULL THEN 1 ELSE 0 END)
      FROM {ballots} b
      LEFT JOIN {invalidations} i ON i.ballot_id = b.id AND i.approved_by_id IS NOT NULL
     WHERE b.edition_id = %s
     GROUP BY b.nominee_id, b.mode
"""


def _count_sql() -> str:
    return _COUNT_SQL.format(
        ballots=Ballot._meta.db_table, invalidations=BallotInvalidation._meta.db_table
    )


def database_now() -> dt.datetime:
    """The database's clock (the one that decides deadlines), as an aware datetime."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {now_sql(connection.vendor)}")
        row = cursor.fetchone()
    value = row[0]
    if isinstance(value, str):  # SQLite: UTC text, see kaaring.voting.clock
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return cast(dt.datetime, value)


def _lock_edition(edition_id: int) -> Edition | None:
    return Edition.objects.select_for_update().select_related("award").filter(pk=edition_id).first()


def tally_freeze(*, edition_id: int) -> Tally | None:
    """Freeze the counts of an edition whose voting has closed; ``None`` while it has not.

    Idempotent: the first call writes version 1, every later call returns it unchanged.
    """
    with transaction.atomic():
        edition = _lock_edition(edition_id)
        if edition is None or edition.voting_closes_at is None:
            return None  # no public vote, nothing to count
        if edition.voting_closes_at + FREEZE_GRACE > database_now():
            return None
        existing = Tally.objects.filter(edition_id=edition_id, version=1).first()
        if existing is not None:
            return existing
        tally = Tally.objects.create(edition=edition, version=1, reason="voting closed")
        rows = _insert_rows(tally)
        log_action(
            "results.tally_frozen",
            actor=None,
            organisation=edition.award.organisation,
            target=edition,
            data={"version": 1, "rows": rows},
        )
        return tally


def _insert_rows(tally: Tally) -> int:
    table = TallyRow._meta.db_table
    sql = (
        f"INSERT INTO {table} (tally_id, nominee_id, mode, raw_count, valid_count) "  # noqa: S608
        f"SELECT %s, counted.* FROM ({_count_sql()}) counted"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [tally.pk, tally.edition_id])
        return cursor.rowcount


def editions_close_due() -> list[Tally]:
    """Freeze every edition whose voting has closed and whose tally is not frozen yet."""
    deadline = database_now() - FREEZE_GRACE
    due = (
        Edition.objects.exclude(voting_mode=VotingMode.NONE)
        .filter(voting_closes_at__lte=deadline)
        .exclude(tallies__version=1)
        .values_list("pk", flat=True)
    )
    frozen = []
    for edition_id in due:
        tally = tally_freeze(edition_id=edition_id)
        if tally is not None:
            frozen.append(tally)
    return frozen


def _counts(edition_id: int) -> dict[tuple[int, str], tuple[int, int]]:
    with connection.cursor() as cursor:
        cursor.execute(_count_sql(), [edition_id])
        return {(n, m): (int(raw), int(valid)) for n, m, raw, valid in cursor.fetchall()}


def tally_recount(
    *, edition_id: int, reason: str, invalidation: BallotInvalidation | None = None
) -> Tally | None:
    """After an approved invalidation: a new tally version if the counts changed, else None.

    Before the freeze there is nothing to do: the freeze will count the invalidation.
    """
    with transaction.atomic():
        edition = _lock_edition(edition_id)
        latest = Tally.objects.filter(edition_id=edition_id).aggregate(v=Max("version"))["v"]
        if edition is None or latest is None:
            return None
        before = {
            (r.nominee_id, r.mode): (r.raw_count, r.valid_count)
            for r in TallyRow.objects.filter(tally__edition_id=edition_id, tally__version=latest)
        }
        after = _counts(edition_id)
        changes: list[dict[str, Any]] = [
            {
                "nominee": nominee_id,
                "mode": mode,
                "raw": [before.get(key, (0, 0))[0], after.get(key, (0, 0))[0]],
                "valid": [before.get(key, (0, 0))[1], after.get(key, (0, 0))[1]],
            }
            for key in sorted(set(before) | set(after))
            for nominee_id, mode in [key]
            if before.get(key) != after.get(key)
        ]
        if not changes:
            return None
        tally = Tally.objects.create(
            edition=edition,
            version=latest + 1,
            reason=reason,
            invalidation=invalidation,
            changes=changes,
        )
        _insert_rows(tally)
        log_action(
            "results.tally_revised",
            actor=None,
            organisation=edition.award.organisation,
            target=edition,
            data={"version": tally.version, "changes": changes},
            reason=reason,
        )
        return tally


# --- Invalidations --------------------------------------------------------------------------


def _require_organiser(actor: User, edition: Edition) -> None:
    if not permissions.can_change(actor, edition):
        raise errors.NotAllowed()


@transaction.atomic
def invalidation_propose(*, actor: User, ballot: Ballot, reason: str) -> BallotInvalidation:
    """Propose to invalidate ``ballot``; it counts only once a second organiser approves."""
    edition = Edition.objects.select_related("award__organisation").get(pk=ballot.edition_id)
    _require_organiser(actor, edition)
    reason = reason.strip()
    if not reason:
        raise errors.ReasonRequired()
    if BallotInvalidation.objects.filter(ballot=ballot, approved_by__isnull=False).exists():
        raise errors.AlreadyInvalidated()
    invalidation = BallotInvalidation.objects.create(
        ballot=ballot, reason=reason, proposed_by=actor
    )
    log_action(
        "ballot.invalidation_proposed",
        actor=actor,
        organisation=edition.award.organisation,
        target=invalidation,
        data={"ballot": ballot.pk, "edition": edition.pk},
        reason=reason,
    )
    return invalidation


def invalidation_approve(
    *, actor: User, invalidation: BallotInvalidation
) -> tuple[BallotInvalidation, Tally | None]:
    """Approve (as the second organiser) and, if the tally is frozen, record its new version."""
    approved, tally = invalidations_approve(actor=actor, invalidations=[invalidation])
    return approved[0], tally


@transaction.atomic
def invalidations_propose(
    *, actor: User, ballots: list[Ballot], reason: str
) -> list[BallotInvalidation]:
    """Propose to invalidate a group of ballots (one signal, one reason): one record per ballot,
    so that each can be approved, shown and counted on its own. Ballots already invalidated or
    already waiting for approval are left out; all of one edition, or refused."""
    if not ballots:
        return []
    if len({b.edition_id for b in ballots}) != 1:
        raise errors.NotAllowed()
    taken = set(
        BallotInvalidation.objects.filter(ballot__in=ballots).values_list("ballot_id", flat=True)
    )
    return [
        invalidation_propose(actor=actor, ballot=b, reason=reason)
        for b in ballots
        if b.pk not in taken
    ]


def invalidations_approve(
    *, actor: User, invalidations: list[BallotInvalidation]
) -> tuple[list[BallotInvalidation], Tally | None]:
    """Approve several proposals at once (all, or none) and write one new tally version.

    Refused as a whole if ``actor`` proposed any of them: four eyes on every ballot.
    """
    if not invalidations:
        return [], None
    editions = {i.ballot.edition_id for i in invalidations}
    if len(editions) != 1:
        raise errors.NotAllowed()
    edition = Edition.objects.select_related("award__organisation").get(pk=editions.pop())
    _require_organiser(actor, edition)
    with transaction.atomic():
        if any(i.proposed_by_id == actor.pk for i in invalidations):
            raise errors.SameOrganiser()
        for invalidation in invalidations:
            _approve_one(actor=actor, invalidation=invalidation, edition=edition)
        reasons = list(dict.fromkeys(i.reason for i in invalidations))
        ballots = ", ".join(str(i.ballot_id) for i in invalidations)
        label = "ballot" if len(invalidations) == 1 else "ballots"
        # In the same transaction: an approval never stands without its tally version.
        tally = tally_recount(
            edition_id=edition.pk,
            reason=f"{label} {ballots} invalidated: {'; '.join(reasons)}",
            invalidation=invalidations[0],
        )
    return invalidations, tally


def _approve_one(*, actor: User, invalidation: BallotInvalidation, edition: Edition) -> None:
    try:
        with transaction.atomic():
            updated = (
                BallotInvalidation.objects.filter(pk=invalidation.pk, approved_by__isnull=True)
                .exclude(proposed_by=actor)
                .update(approved_by=actor, approved_at=Now())
            )
    except IntegrityError:
        raise errors.AlreadyInvalidated() from None
    if updated != 1:
        raise errors.AlreadyApproved()
    invalidation.refresh_from_db()
    log_action(
        "ballot.invalidation_approved",
        actor=actor,
        organisation=edition.award.organisation,
        target=invalidation,
        data={
            "ballot": invalidation.ballot_id,
            "edition": edition.pk,
            "proposed_by": invalidation.proposed_by_id,
        },
        reason=invalidation.reason,
    )
