"""Closing an edition with 1,000,000 and with 10,000,000 ballots: the seconds to freeze
its tally and compute its result, beside the floor of the same run, a bare
``SELECT nominee_id, count(*) … GROUP BY nominee_id`` over the same ballots with a covering
index. Target: the closing within 1.5x the floor.

    DEBUG=1 .venv/bin/python bench/close_edition.py

Configuration (environment): BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test;
the bench creates and drops kaaring_bench_close there), BENCH_CLOSE_SIZES (ballots per edition,
a comma list, default "1000000,10000000"), BENCH_CLOSE_ROUNDS (timed rounds, default 7),
BENCH_CLOSE_EXPLAIN=1 (also print the plans of the floor and of the product's count). A missing
server or a bad value stops the bench with exit status 2.

What is timed, in one Python process with the server's environment (production settings),
after Django has started: the floor query, and the closing as the product runs it, the
``results_close_due`` job (``editions_close_due``: the due edition is found, its row locked,
the counts frozen per nominee and mode with approved invalidations subtracted, audited,
committed) followed by the declared rule's outcome (``selectors.finalists``: the tally summary
and the finalists). The floor runs twice per round, with the server's defaults and with JIT
off (the product's count turns JIT off for itself), and the faster median is the floor. Each
is run once to warm up, then ``ROUNDS`` times in turn, and the medians are compared; between
rounds the frozen tally is deleted (untimed) so that every round closes the edition again.
After the rounds the frozen counts are checked against a plain recount of every ballot, and
the floor's counts against them.

How the ballots get there, as fast as possible but with the migrated schema: the schema is
migrated, the edition and its 7 nominees are created through the services, then the ballot
table's secondary indexes, unique and foreign-key constraints are dropped (1,000,000 ballots
took 37 s to insert with the indexes in place, 18 s to insert and index afterwards), the
ballots are inserted by
``INSERT … SELECT … generate_series`` over two connections (one per core), and every dropped
index and constraint is created again from its own definition as PostgreSQL printed it before
the drop. The bench compares the table's indexes, constraints and triggers before and after,
and stops if they differ. The floor's index (edition_id, nominee_id) is created afterwards if
the schema has none. Ballots look real: distinct 64-hex voter keys, unique receipts in the
product's format, submission keys, modes open/email/eid, cast times spread over the voting
window; 0.1 % of them carry an approved invalidation and 0.02 % a proposal nobody approved.
Then ``VACUUM (ANALYZE)`` and a ``CHECKPOINT``: a live database's autovacuum would have visited
an insert-only table by then (PostgreSQL 13 and later vacuum after inserts too), and the
checkpoint keeps the load's writes out of the timed part.
"""

import datetime as dt
import json
import os
import re
import statistics
import sys
import textwrap
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    BenchError,
    Row,
    env_int,
    fresh_database,
    postgres_admin_url,
    postgres_ready,
    psql,
    run_python,
    server_env,
    table,
)

BENCH_DB = "kaaring_bench_close"
DEFAULT_SIZES = "1000000,10000000"
TARGET_RATIO = 1.5
TABLE = "voting_ballot"
# Share of the vote per nominee (percent, cumulative) and per mode: a realistic skew.
NOMINEE_SHARES = (30, 52, 68, 80, 89, 96, 100)
MODE_SHARES = (("open", 60), ("email", 85), ("eid", 100))
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # as kaaring.voting.services
FLOOR_SQL = (
    "SELECT nominee_id, count(*) FROM voting_ballot WHERE edition_id = %s GROUP BY nominee_id"
)

# Runs in the server's environment: the schema, one organisation, award and edition whose
# voting closed an hour ago, its 7 nominees and the two organisers of the invalidations.
SETUP = textwrap.dedent(
    """
    import datetime as dt, json
    import django
    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from kaaring.accounts.models import Organisation, User
    from kaaring.awards import services

    call_command("migrate", interactive=False, verbosity=0)
    now = timezone.now()
    organisation = Organisation.objects.create(name="Bench", slug="bench", kind="directorate")
    award = services.award_create(
        actor=None, organisation=organisation, slug="benkprisen", name="Benkprisen",
        description="Til måling.",
    )
    opens, closes = now - dt.timedelta(days=14), now - dt.timedelta(hours=1)
    edition = services.edition_create(
        actor=None, award=award, year=2018, announced_at=now - dt.timedelta(days=30),
        voting_opens_at=opens, voting_closes_at=closes, voting_mode="open", finalist_count=3,
        tie_break="all_tied_advance", decision_rule="top_n_then_jury",
    )
    names = ["Stange", "Asker", "Bodø", "Vinje", "Lesja", "Hamar", "Tana"]
    nominees = [
        services.nominee_create(
            actor=None, edition=edition, slug=name.lower().replace("ø", "o"),
            kind="municipality", name=name, municipality_number=str(3400 + position),
            position=position,
        ).pk
        for position, name in enumerate(names, start=1)
    ]
    users = [
        User.objects.create_user(email=f"organiser{k}@bench.example").pk for k in (1, 2)
    ]
    print(json.dumps({
        "edition": edition.pk, "nominees": nominees, "users": users,
        "opens": opens.isoformat(), "closes": closes.isoformat(),
    }))
    """
)

# Runs in the server's environment: the timed part, and a check of the counts it froze.
MEASURE = textwrap.dedent(
    """
    import json, statistics, sys, time
    import django
    django.setup()
    from django.db import connection, transaction
    from kaaring.awards.models import Edition
    from kaaring.results import services
    from kaaring.results.models import Tally, TallyRow
    from kaaring.results.selectors import finalists

    edition_id, rounds, explain = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3] == "1"
    FLOOR = sys.argv[4]

    def floor(jit=True):
        with transaction.atomic(), connection.cursor() as cursor:
            if not jit:
                cursor.execute("SET LOCAL jit = off")
            cursor.execute(FLOOR, [edition_id])
            return dict(cursor.fetchall())

    def close():
        frozen = services.editions_close_due()
        assert [t.edition_id for t in frozen] == [edition_id], frozen
        outcome = finalists(edition=Edition.objects.get(pk=edition_id))
        assert outcome is not None
        return outcome

    def reopen():
        TallyRow.objects.filter(tally__edition_id=edition_id).delete()
        Tally.objects.filter(edition_id=edition_id).delete()

    def timed(work):
        start = time.perf_counter()
        result = work()
        return time.perf_counter() - start, result

    floor(), floor(jit=False), close(), reopen()
    floors, floors_nojit, closes = [], [], []
    for _ in range(rounds):
        seconds, counted = timed(floor)
        floors.append(seconds)
        seconds, _ = timed(lambda: floor(jit=False))
        floors_nojit.append(seconds)
        seconds, outcome = timed(close)
        closes.append(seconds)
        reopen()
    close()

    # Untimed: the frozen counts against a plain recount, ballot by ballot.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT b.nominee_id, b.mode, count(*), count(*) FILTER (WHERE NOT EXISTS ("
            "  SELECT 1 FROM results_ballotinvalidation i"
            "   WHERE i.ballot_id = b.id AND i.approved_by_id IS NOT NULL))"
            "  FROM voting_ballot b WHERE b.edition_id = %s GROUP BY 1, 2",
            [edition_id],
        )
        expected = sorted(list(r) for r in cursor.fetchall())
    frozen = sorted(
        [r.nominee_id, r.mode, r.raw_count, r.valid_count]
        for r in TallyRow.objects.filter(tally__edition_id=edition_id, tally__version=1)
    )
    plans = {}
    if explain:
        queries = [("floor", FLOOR, [edition_id], True)]
        queries.append((
            "nominees with ballots", services._voted_nominees_sql(), [edition_id] * 2, False
        ))
        queries += [
            (f"count {k + 1}", sql, params, False)
            for k, (sql, params) in enumerate(services._count_statements(edition_id))
        ]
        for name, sql, params, jit in queries:
            with transaction.atomic(), connection.cursor() as cursor:
                if not jit:  # as services._counts runs them
                    cursor.execute("SET LOCAL jit = off")
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                plans[name] = "\\n".join(r[0] for r in cursor.fetchall())
    print(json.dumps({
        "floors": floors, "floors_nojit": floors_nojit, "closes": closes,
        "floor_counts": counted, "expected": expected, "frozen": frozen, "plans": plans,
    }))
    """
)


def sizes() -> list[int]:
    raw = os.environ.get("BENCH_CLOSE_SIZES", DEFAULT_SIZES).replace(" ", "")
    if not re.fullmatch(r"\d+(,\d+)*", raw) or not all(
        1000 <= int(n) <= 50_000_000 for n in raw.split(",")
    ):
        raise BenchError(
            f"BENCH_CLOSE_SIZES={raw!r}: expected ballot counts from 1000 to 50000000, "
            "e.g. 1000000,10000000"
        )
    return [int(n) for n in raw.split(",")]


# --- Loading ----------------------------------------------------------------------------------


def schema(url: str) -> list[tuple[object, ...]]:
    """The ballot table's indexes, constraints and triggers, as PostgreSQL prints them."""
    return psql(
        url,
        f"""
        SELECT 'index', c.relname, pg_get_indexdef(i.indexrelid),
               i.indisvalid AND i.indisready AND i.indislive
          FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         WHERE i.indrelid = '{TABLE}'::regclass
        UNION ALL
        SELECT 'constraint', conname, contype::text || ' ' || pg_get_constraintdef(oid),
               convalidated
          FROM pg_constraint WHERE conrelid = '{TABLE}'::regclass
        UNION ALL
        SELECT 'trigger', tgname, pg_get_triggerdef(oid), tgenabled = 'O'
          FROM pg_trigger WHERE tgrelid = '{TABLE}'::regclass AND NOT tgisinternal
        ORDER BY 1, 2
        """,  # noqa: S608 - a constant table name
    )


def drop_for_load(url: str) -> list[str]:
    """Drop what makes a bulk insert slow (secondary indexes, unique and foreign-key
    constraints, whose checks run per row); return the statements that create them again.
    The primary key stays: other tables' foreign keys depend on it, and appending to it is
    cheap."""
    constraints = [
        (str(name), str(definition))
        for name, definition in psql(
            url,
            f"SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "  # noqa: S608
            f"WHERE conrelid = '{TABLE}'::regclass AND contype IN ('u', 'f')",
        )
    ]
    owned = {name for name, _ in constraints}
    indexes = [
        (str(name), str(definition))
        for name, definition in psql(
            url,
            f"SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "  # noqa: S608
            f"JOIN pg_class c ON c.oid = i.indexrelid "
            f"WHERE i.indrelid = '{TABLE}'::regclass AND NOT i.indisprimary",
        )
        if name not in owned
    ]
    for name, _ in constraints:
        psql(url, f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        psql(url, f'DROP INDEX "{name}"')
    add = [f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {d}' for name, d in constraints]
    # Unique constraints first (they build indexes), then plain indexes, then foreign keys,
    # which are checked with one join each once the data is in.
    return (
        [sql for sql in add if " UNIQUE " in sql]
        + [definition for _, definition in indexes]
        + [sql for sql in add if " FOREIGN KEY " in sql]
    )


def _lookup(values: list[str], shares: tuple[int, ...], sql_type: str) -> str:
    """An array of 1024 entries in which each value takes its share (cumulative percent), so
    that ``lookup[1 + (hash & 1023)]`` picks a value with its share, by one subscript."""
    entries: list[str] = []
    for value, limit in zip(values, shares, strict=True):
        entries += [value] * (limit * 1024 // 100 - len(entries))
    return f"(ARRAY[{', '.join(entries)}]::{sql_type}[])"


def ballots_sql(setup: dict[str, Any], total: int, first: int, last: int) -> str:
    """INSERT … SELECT of ballots ``first``..``last`` (of ``total``). Everything is derived
    from the row number, so a run is reproducible: the nominee and mode by a hash (skewed as
    ``NOMINEE_SHARES``, ``MODE_SHARES``), the voter key a SHA-256 (64 hex, distinct), the
    receipt the product's format from a bijection of the row number (unique), the cast time in
    order of the row number over the voting window. Each hash is computed once per row (the
    inner query; OFFSET 0 keeps PostgreSQL from copying its expressions into every use)."""
    nominees = _lookup([str(int(n)) for n in setup["nominees"]], NOMINEE_SHARES, "bigint")
    # Text arrays are read from the start on every subscript: a number picks the mode.
    mode_names = "(ARRAY[" + ", ".join(f"'{m}'" for m, _ in MODE_SHARES) + "])"
    mode_numbers = _lookup(
        [str(k) for k in range(1, len(MODE_SHARES) + 1)], tuple(s for _, s in MODE_SHARES), "int"
    )
    # 60 bits: the low 32 a bijection of i (odd multiplier mod 2^32), the rest noise; twelve
    # base-32 digits of it make the receipt, so distinct rows get distinct receipts.
    digits = [
        f"substr('{RECEIPT_ALPHABET}', 1 + ((bits >> {5 * k}) & 31)::int, 1)" for k in range(12)
    ]
    receipt = " || '-' || ".join(" || ".join(digits[k : k + 4]) for k in (0, 4, 8))
    opens, closes = (
        dt.datetime.fromisoformat(setup["opens"]),
        dt.datetime.fromisoformat(setup["closes"]),
    )
    step = (closes - opens).total_seconds() / total
    return f"""
        INSERT INTO {TABLE} (edition_id, nominee_id, mode, voter_key, receipt, submission_key,
                             cast_at)
        SELECT {int(setup["edition"])}, {nominees}[1 + (draw & 1023)],
               {mode_names}[{mode_numbers}[1 + ((draw >> 10) & 1023)]],
               encode(sha256(convert_to('bench voter ' || i, 'UTF8')), 'hex'),
               {receipt},
               md5('bench submission ' || i),
               '{opens.isoformat()}'::timestamptz + ((i - 0.5) * {step!r}) * interval '1 second'
          FROM (SELECT i, hashint8extended(i, 1) AS draw,
                       ((i * 2654435761) % 4294967296)
                         | ((hashint8extended(i, 3) & 268435455) << 32) AS bits
                  FROM generate_series({first}::bigint, {last}::bigint) AS i OFFSET 0) AS drawn
    """  # noqa: S608 - numbers and constants only


def in_parallel(url: str, statements: list[str], connections: int = 2) -> None:
    """Run ``statements`` over ``connections`` sessions at once; the first error stops it."""
    pending = list(statements)
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        while not errors:
            with lock:
                if not pending:
                    return
                statement = pending.pop(0)
            try:
                psql(url, "SET maintenance_work_mem = '1GB'; " + statement)
            except Exception as error:  # handed to the caller below
                errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise BenchError(f"loading the ballots failed: {errors[0]}")


def load(url: str, setup: dict[str, Any], total: int) -> dict[str, float]:
    """Insert ``total`` ballots and the invalidations; the seconds of each step."""
    steps: dict[str, float] = {}

    def step(name: str, work: Callable[[], object]) -> None:
        start = time.perf_counter()
        work()
        steps[name] = time.perf_counter() - start

    migrated = schema(url)
    rebuild = drop_for_load(url)
    chunk = -(-total // 8)
    inserts = [
        ballots_sql(setup, total, first, min(first + chunk - 1, total))
        for first in range(1, total + 1, chunk)
    ]
    step("insert", lambda: in_parallel(url, inserts))
    step("indexes", lambda: in_parallel(url, rebuild))
    if schema(url) != migrated:
        raise BenchError("the ballot table's schema differs from the migrated one after loading")
    proposer, approver = (int(u) for u in setup["users"])
    # 0.1 % of the ballots carry an approved invalidation, 0.02 % a proposal still waiting.
    invalidations = f"""
        INSERT INTO results_ballotinvalidation
               (ballot_id, reason, proposed_by_id, proposed_at, approved_by_id, approved_at)
        SELECT id, 'Burst of votes from one subnet', {proposer}, now(),
               CASE WHEN draw < 1049 THEN {approver} END,
               CASE WHEN draw < 1049 THEN now() END
          FROM (SELECT id, hashint8extended(id, 4) & 1048575 AS draw FROM {TABLE}) drawn
         WHERE draw < 1259
    """  # noqa: S608 - numbers and constants only
    step("invalidations", lambda: psql(url, invalidations))
    vacuum = (f"VACUUM (ANALYZE) {TABLE}", "VACUUM (ANALYZE) results_ballotinvalidation")
    step("vacuum", lambda: [psql(url, statement) for statement in vacuum])
    return steps


def floor_index(url: str) -> str:
    """The floor's covering index, (edition_id, nominee_id): created if the schema has none."""
    found = psql(
        url,
        f"SELECT 1 FROM pg_indexes WHERE tablename = '{TABLE}' "  # noqa: S608
        f"AND indexdef LIKE '%USING btree (edition_id, nominee_id)'",
    )
    if found:
        return "the schema's own (edition_id, nominee_id) index"
    psql(
        url,
        f"SET maintenance_work_mem = '1GB'; "
        f"CREATE INDEX bench_floor_edition_nominee ON {TABLE} (edition_id, nominee_id)",
    )
    return "an index (edition_id, nominee_id) created for the floor"


# --- Measuring --------------------------------------------------------------------------------


def measure_size(admin_url: str, total: int, rounds: int, explain: bool) -> Row:
    started = time.perf_counter()
    with fresh_database(admin_url, BENCH_DB) as url:
        env = server_env(url)
        setup = json.loads(run_python(env, SETUP))
        migrated = time.perf_counter() - started
        steps = load(url, setup, total)
        start = time.perf_counter()
        floor_note = floor_index(url)
        psql(url, "CHECKPOINT")  # the load's writes, out of the timed part
        steps["floor index and checkpoint"] = time.perf_counter() - start
        setup_seconds = time.perf_counter() - started
        found = json.loads(
            run_python(
                env, MEASURE, str(setup["edition"]), str(rounds), "1" if explain else "0",
                FLOOR_SQL, timeout=1800,
            )
        )  # fmt: skip
    if found["frozen"] != found["expected"]:
        raise BenchError(
            f"the frozen tally is wrong: {found['frozen']} instead of {found['expected']}"
        )
    if sum(r[2] for r in found["frozen"]) != total:
        raise BenchError(f"{sum(r[2] for r in found['frozen'])} ballots counted, not {total}")
    by_nominee: dict[int, int] = {}
    for nominee, _mode, raw, _valid in found["frozen"]:
        by_nominee[nominee] = by_nominee.get(nominee, 0) + raw
    if {int(k): v for k, v in found["floor_counts"].items()} != by_nominee:
        raise BenchError("the floor query and the frozen tally disagree")
    for name, plan in found["plans"].items():
        print(f"-- {total:,} ballots, plan of the {name} query:\n{plan}\n", flush=True)
    with_jit = statistics.median(found["floors"])
    without_jit = statistics.median(found["floors_nojit"])
    floor = min(with_jit, without_jit)
    closing = statistics.median(found["closes"])
    invalid = sum(r[2] - r[3] for r in found["frozen"])
    ratio = closing / floor

    def listed(values: list[float]) -> str:
        return ", ".join(f"{s:.3f}" for s in values)

    return Row(
        what=f"close an edition of {total:,} ballots",
        seconds=closing,
        target=f"≤ {TARGET_RATIO}x floor",
        met=ratio <= TARGET_RATIO,
        notes=(
            f"{ratio:.2f}x the floor {floor:.3f} s (bare GROUP BY nominee over {floor_note}; "
            f"the faster of the server's defaults, {with_jit:.3f} s, and JIT off, "
            f"{without_jit:.3f} s); medians of {rounds} alternating rounds after one warm-up "
            f"each: closing {listed(found['closes'])} s, floor {listed(found['floors'])} s, "
            f"floor without JIT {listed(found['floors_nojit'])} s. Closing = results_close_due "
            f"(freeze per nominee and mode, {invalid:,} approved invalidations subtracted, "
            "audit, commit) + finalists; frozen counts checked against a plain recount. "
            f"Setup {setup_seconds:.0f} s (migrate and edition {migrated:.0f} s, "
            + ", ".join(f"{name} {seconds:.0f} s" for name, seconds in steps.items())
            + "; indexes and constraints dropped for the load and created again, schema "
            "compared with the migrated one; VACUUM ANALYZE as autovacuum would have done)"
        ),
    )


def measure(admin_url: str) -> list[Row]:
    postgres_ready(admin_url)
    wanted = sizes()
    rounds = env_int("BENCH_CLOSE_ROUNDS", 7, 1, 50)
    explain = os.environ.get("BENCH_CLOSE_EXPLAIN", "0") == "1"
    return [measure_size(admin_url, total, rounds, explain) for total in wanted]


def main() -> int:
    try:
        print(table(measure(postgres_admin_url())), flush=True)
    except BenchError as error:
        print(f"close_edition: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
