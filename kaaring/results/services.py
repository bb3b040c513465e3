"""Writes of results: freezing the tally when voting closes, and invalidating ballots.

Ballots are counted in the database, never in Python: what comes back is one number per
nominee and voting mode (see ``_counts`` for how, and why it is shaped for speed). Whether
voting has closed is decided by the database's clock (``kaaring.voting.clock``), the same
clock that refused late ballots.
"""

import datetime as dt
from typing import Any, cast

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.db.models.functions import Now

from kaaring.accounts import permissions
from kaaring.accounts.models import User
from kaaring.audit.services import log_action
from kaaring.awards.models import Edition, VotingMode, VotingWindow
from kaaring.results import errors
from kaaring.results.models import BallotInvalidation, Tally, TallyRow
from kaaring.results.signals import tally_frozen
from kaaring.voting.clock import now_sql
from kaaring.voting.models import Ballot, BallotMode

# A ballot is inserted in a transaction that starts a moment before its INSERT, and its clock
# is that start; freezing waits this long past the deadline so that no ballot that was in time
# can commit after the count. (On PostgreSQL the freeze also locks the edition row, which waits
# for every ballot insert already under way.)
FREEZE_GRACE = dt.timedelta(seconds=10)

# How many (nominee, mode) counts one statement may hold: SQLite refuses a compound SELECT of
# more than 500 parts, so an edition with more than 166 nominees is counted in several.
COUNT_PARTS_PER_STATEMENT = 300

Counts = dict[tuple[int, str], tuple[int, int]]


def _voted_nominees_sql() -> str:
    """The nominees with at least one ballot in the edition, found in the tally index by one
    descent per nominee (a "loose index scan"), not by reading every ballot."""
    ballots = Ballot._meta.db_table
    return f"""
        WITH RECURSIVE voted (nominee_id) AS (
            SELECT MIN(nominee_id) FROM {ballots} WHERE edition_id = %s
            UNION ALL
            SELECT (SELECT MIN(b.nominee_id) FROM {ballots} b
                     WHERE b.edition_id = %s AND b.nominee_id > voted.nominee_id)
              FROM voted WHERE voted.nominee_id IS NOT NULL
        )
        SELECT nominee_id FROM voted WHERE nominee_id IS NOT NULL
    """  # noqa: S608 - table names come from the models, values are parameters


def _count_statements(edition_id: int) -> list[tuple[str, list[int | str]]]:
    """The statements that count an edition's ballots, with their parameters.

    First the ballots with an approved invalidation, per nominee and mode: the invalidation
    table (small) joined to the ballots by primary key, so they are subtracted without joining
    every ballot. Then one ``COUNT(*)`` per nominee and voting mode, all in one
    ``UNION ALL``, rather than one ``GROUP BY nominee, mode``: each part reads one range of
    the tally index (edition, nominee, mode) and only counts it, with no group key to compare
    per ballot, and PostgreSQL runs the parts side by side on its parallel workers (Parallel
    Append; a part with a join of its own would stop it, which is why the invalidations have
    a statement of their own). The modes are the ones the database accepts (the check
    constraint ``voting_ballot_mode_known``); the nominees come from the ballots themselves,
    so no ballot is left out.

    Each row is ``(invalidated, nominee, mode, count)``, ``invalidated`` 1 for the counts to
    subtract and 0 for the ballots cast.
    """
    ballots = Ballot._meta.db_table
    invalidations = BallotInvalidation._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(_voted_nominees_sql(), [edition_id, edition_id])
        nominees = [int(row[0]) for row in cursor.fetchall()]
    invalidated = (
        f"SELECT 1, b.nominee_id, b.mode, COUNT(*) FROM {invalidations} i "  # noqa: S608
        f"JOIN {ballots} b ON b.id = i.ballot_id WHERE i.approved_by_id IS NOT NULL "
        "AND b.edition_id = %s GROUP BY b.nominee_id, b.mode"
    )
    statements: list[tuple[str, list[int | str]]] = [(invalidated, [edition_id])]
    parts = [(nominee, mode) for nominee in nominees for mode in BallotMode.values]
    for first in range(0, len(parts), COUNT_PARTS_PER_STATEMENT):
        sql: list[str] = []
        params: list[int | str] = []
        for nominee, mode in parts[first : first + COUNT_PARTS_PER_STATEMENT]:
            sql.append(
                f"SELECT 0, %s, %s, COUNT(*) FROM {ballots} "  # noqa: S608
                "WHERE edition_id = %s AND nominee_id = %s AND mode = %s"
            )
            params += [nominee, mode, edition_id, nominee, mode]
        statements.append(("\nUNION ALL ".join(sql), params))
    return statements


def _counts(edition_id: int) -> Counts:
    """(raw, valid) ballots per (nominee, mode) that has any; valid = raw minus invalidated.

    The statements run in one transaction after voting has closed, so the ballots they count
    cannot change between them: no ballot can be added after the deadline and its grace, and
    none can be changed or deleted (the database refuses both). An approval that commits
    meanwhile is counted by the recount it triggers (``tally_recount`` waits for this lock).
    """
    raw: dict[tuple[int, str], int] = {}
    invalid: dict[tuple[int, str], int] = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # PostgreSQL would compile every part of the UNION ALL to machine code (JIT) once
            # the estimate passes jit_above_cost: 0.15 s for 21 parts with 10,000,000 ballots,
            # more with more nominees, to speed up nothing but COUNT(*). Off until this
            # transaction ends (SET LOCAL); what follows in it are a few small writes.
            cursor.execute("SET LOCAL jit = off")
        for sql, params in _count_statements(edition_id):
            cursor.execute(sql, params)
            for invalidated, nominee_id, mode, count in cursor.fetchall():
                key = (int(nominee_id), str(mode))
                if invalidated:
                    invalid[key] = int(count)
                elif count:
                    raw[key] = int(count)
    return {key: (count, count - invalid.get(key, 0)) for key, count in sorted(raw.items())}


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
    """The edition's row and its award's, locked; the organisation comes along for the audit
    entry, unlocked."""
    return (
        Edition.objects.select_for_update(of=("self", "award"))
        .select_related("award__organisation")
        .filter(pk=edition_id)
        .first()
    )


def tally_freeze(*, edition_id: int) -> Tally | None:
    """Freeze the counts of an edition whose voting has closed; ``None`` while it has not.

    Idempotent: the first call writes version 1, every later call returns it unchanged.
    """
    with transaction.atomic():
        edition = _lock_edition(edition_id)
        # Closed a grace period ago by the database's clock (no whole window: nothing to count).
        if edition is None or (
            edition.voting_window_at(database_now() - FREEZE_GRACE) != VotingWindow.CLOSED
        ):
            return None
        existing = Tally.objects.filter(edition_id=edition_id, version=1).first()
        if existing is not None:
            return existing
        tally = Tally.objects.create(edition=edition, version=1, reason="voting closed")
        rows = _insert_rows(tally, _counts(edition_id))
        # Told once the freeze has committed (the ballot log's final checkpoint listens); a
        # receiver's failure is logged and the freeze stands either way.
        transaction.on_commit(
            lambda: tally_frozen.send_robust(sender=Tally, edition_id=edition_id), robust=True
        )
        log_action(
            "results.tally_frozen",
            actor=None,
            organisation=edition.award.organisation,
            target=edition,
            data={"version": 1, "rows": rows},
        )
        return tally


def _insert_rows(tally: Tally, counts: Counts) -> int:
    TallyRow.objects.bulk_create(
        TallyRow(tally=tally, nominee_id=nominee_id, mode=mode, raw_count=raw, valid_count=valid)
        for (nominee_id, mode), (raw, valid) in counts.items()
    )
    return len(counts)


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
        _insert_rows(tally, after)
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


def _require_review_open(edition: Edition) -> None:
    """Ballots are reviewed until the review is declared finished (``results.gates``): from then
    on the finalists stand, and only a reopened review changes the count."""
    from kaaring.results.gates import review_finished

    if review_finished(edition, lock=True):
        raise errors.ReviewClosed()


@transaction.atomic
def invalidation_propose(*, actor: User, ballot: Ballot, reason: str) -> BallotInvalidation:
    """Propose to invalidate ``ballot``; it counts only once a second organiser approves."""
    edition = Edition.objects.select_related("award__organisation").get(pk=ballot.edition_id)
    _require_organiser(actor, edition)
    _require_review_open(edition)
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
        _require_review_open(edition)
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
