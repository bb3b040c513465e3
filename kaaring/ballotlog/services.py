"""Writes of the ballot log: checkpoints and the signed invalidation list.

``checkpoint_make`` is the only writer of the log. It takes the edition's ``EditionLog`` row
lock (never the edition's row, which every ballot insert references), appends the ballots that
are not in the log yet in id order, stores the new subtree hashes, and signs a checkpoint with
the consistency proof from the one before. The ballot's own INSERT is untouched: no counter,
lock or chain is added to casting a vote.

Ballots commit out of id order (one transaction takes id 7 and commits after another's id 8),
so "the ballots above the last logged id" would miss a late one. Instead a checkpoint reads the
edition's ballots by id in pages and leaves out those the log already has (looked up by the
log's unique ballot column, page by page), starting above the highest id that was logged
``LATE_COMMIT_WINDOW`` ago: a ballot's transaction is a single short statement (see
``voting.services``), so one that took its id before that point has committed or rolled back
since. That keeps a checkpoint's work proportional to the ballots of the last minutes, not to
the whole edition. The final checkpoint, once voting has closed, reads every ballot of the
edition, so even a transaction slower than the window enters the log exactly once; the unique
constraints on ``LogEntry`` make a second entry impossible.
"""

import datetime as dt
from typing import cast

from django.db import connection, transaction
from django.db.models import Exists, OuterRef

from kaaring.awards.models import Edition, VotingMode
from kaaring.ballotlog import keys, leaves, merkle, tree
from kaaring.ballotlog.models import (
    Checkpoint,
    EditionLog,
    InvalidationList,
    LogEntry,
    LogNode,
)
from kaaring.voting.clock import now_sql
from kaaring.voting.models import Ballot

# How long a ballot's transaction may take, at most, between taking its id and committing, for
# the periodic checkpoints to find it (the final checkpoint finds it whatever it took).
LATE_COMMIT_WINDOW = dt.timedelta(minutes=5)
# The final checkpoint waits this long past the deadline, like the tally's freeze, so that a
# ballot that was in time has committed.
CLOSE_GRACE = dt.timedelta(seconds=10)
# Ballots read per round trip.
BATCH = 5000
# Table names come from the models; every value is a parameter.
_INSERT_ENTRY = (
    f'INSERT INTO {LogEntry._meta.db_table} (edition_id, "index", ballot_id, leaf, leaf_hash) '  # noqa: S608
    "VALUES (%s, %s, %s, %s, %s)"
)
_INSERT_NODE = (
    f'INSERT INTO {LogNode._meta.db_table} (edition_id, level, "index", hash) '  # noqa: S608
    "VALUES (%s, %s, %s, %s)"
)


def database_now() -> dt.datetime:
    """The database's clock, the one that decides deadlines (``kaaring.voting.clock``)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {now_sql(connection.vendor)}")
        row = cursor.fetchone()
    value = row[0]
    if isinstance(value, str):  # SQLite: UTC text
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return cast(dt.datetime, value)


def _closed(edition: Edition, now: dt.datetime) -> bool:
    return edition.voting_closes_at is not None and edition.voting_closes_at + CLOSE_GRACE <= now


def checkpoint_make(*, edition_id: int, final: bool | None = None) -> Checkpoint | None:
    """Append the edition's new ballots to its log and sign a checkpoint.

    Returns the new checkpoint, or ``None`` when nothing changed since the last one. Once
    voting has closed (by the database's clock) the checkpoint is the final one; after it the
    log is complete and this returns the final checkpoint unchanged. Idempotent, safe to run
    from several processes at once. ``final=False`` makes an intermediate checkpoint even
    after the close (the demo builds a past vote's history that way).
    """
    edition = Edition.objects.select_related("award").get(pk=edition_id)
    key = keys.signing_key_for(organisation_id=edition.award.organisation_id)
    with transaction.atomic():
        EditionLog.objects.get_or_create(edition_id=edition_id)
        log = EditionLog.objects.select_for_update().get(edition_id=edition_id)
        previous = Checkpoint.objects.filter(edition_id=edition_id).order_by("-sequence").first()
        if previous is not None and previous.final:
            return previous
        now = database_now()
        final = _closed(edition, now) if final is None else final
        floor = 0
        if not final:
            floor = (
                Checkpoint.objects.filter(
                    edition_id=edition_id, created_at__lte=now - LATE_COMMIT_WINDOW
                )
                .order_by("-sequence")
                .values_list("max_ballot_id", flat=True)
                .first()
            ) or 0
        size, frontier, max_id = _append(edition_id, log.size, floor)
        max_id = max(max_id, previous.max_ballot_id if previous else 0)
        if not final and size == (previous.size if previous else 0):
            return None
        if size != log.size:
            log.size = size
            log.save(update_fields=["size"])
        old_size = previous.size if previous else 0
        proof = tree.compute(edition_id, lambda s: merkle.consistency_proof(s, old_size, size))
        sequence = previous.sequence + 1 if previous else 1
        at = now.replace(microsecond=0)
        root = merkle.frontier_root(frontier)
        message = leaves.checkpoint_message(
            edition_id=edition_id, sequence=sequence, size=size, root=root, at=at, final=final
        )
        checkpoint = Checkpoint.objects.create(
            edition_id=edition_id,
            sequence=sequence,
            size=size,
            root=root,
            created_at=at,
            consistency=[p.hex() for p in proof],
            final=final,
            signature=keys.sign(key, message),
            key=key,
            max_ballot_id=max_id,
        )
        invalidations_sign(edition_id=edition_id)
    return checkpoint


def _append(
    edition_id: int, size: int, floor: int
) -> tuple[int, list[tuple[int, int, bytes]], int]:
    """Append every ballot above ``floor`` that is not in the log, in id order.

    Returns the new size, the tree's frontier and the highest ballot id appended (0 if none).
    """
    frontier = tree.frontier_load(edition_id=edition_id, size=size)
    ballots = Ballot.objects.filter(edition_id=edition_id).order_by("pk")
    last = floor
    appended = 0
    while True:
        # A range of ballots by primary key, then which of them the log has (by its unique
        # ballot index): two index range scans per page, where an anti-join would hash the
        # whole log for every page.
        rows = list(
            ballots.filter(pk__gt=last).values_list("pk", "receipt", "nominee_id", "mode")[:BATCH]
        )
        if not rows:
            return size, frontier, appended
        last = rows[-1][0]
        logged = set(
            LogEntry.objects.filter(ballot_id__gte=rows[0][0], ballot_id__lte=last).values_list(
                "ballot_id", flat=True
            )
        )
        page = [row for row in rows if row[0] not in logged]
        if not page:
            continue
        appended = page[-1][0]
        entries: list[tuple[int, int, int, bytes, bytes]] = []
        digests = []
        for pk, receipt, nominee_id, mode in page:
            leaf = leaves.leaf_bytes(
                edition_id=edition_id, receipt=receipt, nominee_id=nominee_id, mode=mode
            )
            digest = merkle.leaf_hash(leaf)
            entries.append((edition_id, size + len(entries), pk, leaf, digest))
            digests.append(digest)
        frontier, made = merkle.append(frontier, size, digests)
        # Plain parameterised statements run as one batch (psycopg pipelines them): building
        # a model instance per row cost more than hashing and writing it.
        with connection.cursor() as cursor:
            cursor.executemany(_INSERT_ENTRY, entries)
            if made:
                cursor.executemany(
                    _INSERT_NODE, [(edition_id, level, index, h) for level, index, h in made]
                )
        size += len(entries)


def invalidations_sign(*, edition_id: int) -> InvalidationList | None:
    """Sign a new version of the edition's invalidation list if it has changed; ``None`` if
    not. Lists the approved invalidations of ballots in the log (``Ballot.invalidations``,
    the organisers' four-eyes records), by leaf index."""
    edition = Edition.objects.select_related("award").get(pk=edition_id)
    with transaction.atomic():
        log = EditionLog.objects.select_for_update().filter(edition_id=edition_id).first()
        if log is None:
            return None
        indexes = sorted(
            set(
                LogEntry.objects.filter(
                    edition_id=edition_id, ballot__invalidations__approved_at__isnull=False
                ).values_list("index", flat=True)
            )
        )
        rows = [(index, leaves.REASON_REVIEW, leaves.ROLE_ORGANISER) for index in indexes]
        entries = [list(row) for row in rows]
        latest = InvalidationList.objects.filter(edition_id=edition_id).order_by("-version").first()
        if latest is not None and latest.entries == entries:
            return None
        if latest is None and not entries and not _final_exists(edition_id):
            return None  # nothing to say yet; the final checkpoint signs even an empty list
        version = latest.version + 1 if latest else 1
        key = keys.signing_key_for(organisation_id=edition.award.organisation_id)
        at = database_now().replace(microsecond=0)
        message = leaves.invalidations_message(
            edition_id=edition_id,
            version=version,
            size=log.size,
            entries=rows,
        )
        return InvalidationList.objects.create(
            edition_id=edition_id,
            version=version,
            size=log.size,
            entries=entries,
            created_at=at,
            signature=keys.sign(key, message),
            key=key,
        )


def _final_exists(edition_id: int) -> bool:
    return Checkpoint.objects.filter(edition_id=edition_id, final=True).exists()


def checkpoints_due() -> list[Checkpoint]:
    """A checkpoint for every edition that is being voted on or has closed without its final
    one, and a new invalidation list where one was approved since: what the scheduler runs
    every ``BALLOT_LOG_CHECKPOINT_SECONDS``."""
    now = database_now()
    due = (
        Edition.objects.exclude(voting_mode=VotingMode.NONE)
        .filter(voting_opens_at__lte=now)
        .filter(Exists(Ballot.objects.filter(edition_id=OuterRef("pk"))))
        .exclude(ballot_checkpoints__final=True)
        .values_list("pk", flat=True)
    )
    made = []
    for edition_id in due:
        checkpoint = checkpoint_make(edition_id=edition_id)
        if checkpoint is not None:
            made.append(checkpoint)
    # The review goes on after the close: an invalidation approved then enters a new signed
    # version of the list (the log itself is complete).
    for edition_id in Checkpoint.objects.filter(final=True).values_list("edition_id", flat=True):
        invalidations_sign(edition_id=edition_id)
    return made
