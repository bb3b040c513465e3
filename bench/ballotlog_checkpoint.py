"""The ballot log's checkpoint over an edition of 100,000 ballots, then after 1,000 more: the
second must cost about what the 1,000 new ballots cost, not what the 100,000 do.

    DEBUG=1 DATABASE_URL=postgres://…/scratch .venv/bin/python bench/ballotlog_checkpoint.py

Runs against the (migrated, throwaway) database of ``DATABASE_URL`` on PostgreSQL: it adds an
organisation, an edition with seven nominees and ``BENCH_LOG_BALLOTS`` ballots (default
100000, inserted by ``generate_series``, as ``close_edition.py`` does), then times
``checkpoint_make`` three times: all ballots new, ``BENCH_LOG_MORE`` (default 1000) new, none
new. It prints the seconds and the rows read and written.
"""

import os
import secrets
import sys
import time
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

import datetime as dt  # noqa: E402

from django.db import connection  # noqa: E402
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from kaaring.accounts.models import Organisation  # noqa: E402
from kaaring.awards import services as awards  # noqa: E402
from kaaring.awards.models import DecisionRule, Nominee, VotingMode  # noqa: E402
from kaaring.ballotlog import services  # noqa: E402
from kaaring.ballotlog.models import Checkpoint, LogEntry, LogNode  # noqa: E402

BALLOTS = int(os.environ.get("BENCH_LOG_BALLOTS", "100000"))
MORE = int(os.environ.get("BENCH_LOG_MORE", "1000"))


def insert(edition_id: int, nominees: list[int], first: int, count: int, run: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO voting_ballot (edition_id, nominee_id, mode, voter_key, receipt,
                                       submission_key, cast_at)
            SELECT %s, (%s::bigint[])[1 + i %% %s], 'open', md5(%s || i), %s || i,
                   md5(%s || i), now()
              FROM generate_series(%s::bigint, %s::bigint) AS i
            """,
            [edition_id, nominees, len(nominees), run, run, run, first, first + count - 1],
        )


def timed(edition_id: int) -> tuple[float, int]:
    start = time.perf_counter()
    if os.environ.get("BENCH_LOG_PROFILE"):
        here = str(Path(__file__).resolve().parent)
        sys.path[:] = [p for p in sys.path if p != here]  # bench/profile.py is not profile
        sys.modules.pop("profile", None)
        import cProfile

        with cProfile.Profile() as profile:
            checkpoint = services.checkpoint_make(edition_id=edition_id)
        profile.print_stats("cumulative")
        return time.perf_counter() - start, checkpoint.size if checkpoint else -1
    checkpoint = services.checkpoint_make(edition_id=edition_id)
    return time.perf_counter() - start, checkpoint.size if checkpoint else -1


def main() -> None:
    if connection.vendor != "postgresql":
        sys.exit("This bench needs PostgreSQL (DATABASE_URL=postgres://…).")
    run = secrets.token_hex(3)
    org = Organisation.objects.create(name=f"Bench {run}", slug=f"bench-{run}")
    award = awards.award_create(
        actor=None, organisation=org, slug=f"bench-{run}", name="Bench", description="Bench"
    )
    now = timezone.now()
    edition = awards.edition_create(
        actor=None,
        award=award,
        year=2018,
        announced_at=now - dt.timedelta(days=30),
        voting_opens_at=now - dt.timedelta(days=1),
        voting_closes_at=now + dt.timedelta(days=7),
        voting_mode=VotingMode.OPEN,
        decision_rule=DecisionRule.PUBLIC_ONLY,
    )
    nominees = [
        awards.nominee_create(
            actor=None, edition=edition, slug=f"n{i}", kind=Nominee.Kind.PERSON, name=f"N{i}"
        ).pk
        for i in range(7)
    ]
    insert(edition.pk, nominees, 0, BALLOTS, run)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE voting_ballot")
    first, size = timed(edition.pk)
    print(f"checkpoint of {BALLOTS} new ballots: {first:.2f} s (size {size})")
    # As if that checkpoint were ten minutes old, as in a vote that has run for a while: the
    # next one looks for new ballots only above the ids it logged (services.LATE_COMMIT_WINDOW).
    Checkpoint.objects.filter(edition_id=edition.pk).update(
        created_at=F("created_at") - dt.timedelta(minutes=10)
    )
    insert(edition.pk, nominees, BALLOTS, MORE, run)
    second, size = timed(edition.pk)
    print(f"checkpoint after {MORE} more: {second:.3f} s (size {size})")
    third, size = timed(edition.pk)
    print(f"checkpoint with nothing new: {third:.3f} s (none made: {size == -1})")
    nodes = LogNode.objects.filter(edition_id=edition.pk).count()
    entries = LogEntry.objects.filter(edition_id=edition.pk).count()
    print(f"stored: {entries} leaves, {nodes} nodes above them")


if __name__ == "__main__":
    main()
