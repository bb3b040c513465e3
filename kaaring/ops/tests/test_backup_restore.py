"""A dump of a database with a voting edition, restored into a fresh database, gives the same
tally, the same ballots and receipts, and keeps the ballots append-only: the procedure in
docs/operations.md ("Backups"), run with Debian's pg_dump and pg_restore against a cluster of
the test's own."""

import subprocess
import tempfile
from pathlib import Path

import psycopg
import pytest

from kaaring.ops.tests import pgcluster
from kaaring.ops.tests.server import PYTHON, SETUP_EDITION, environment, run

BALLOTS = 30
TALLY = """
    SELECT n.slug, r.mode, r.raw_count, r.valid_count, t.version
      FROM results_tallyrow r JOIN results_tally t ON t.id = r.tally_id
      JOIN awards_nominee n ON n.id = r.nominee_id
     ORDER BY n.slug, r.mode, t.version
"""
BALLOT_DIGEST = """
    SELECT count(*), md5(string_agg(receipt || ':' || nominee_id || ':' || voter_key, ','
                                    ORDER BY receipt))
      FROM voting_ballot
"""


def _read(conn: psycopg.Connection) -> tuple[list[tuple[object, ...]], tuple[object, ...] | None]:
    return conn.execute(TALLY).fetchall(), conn.execute(BALLOT_DIGEST).fetchone()


def _tool(name: str, *args: str) -> None:
    done = subprocess.run(  # noqa: S603 - Debian's PostgreSQL client, arguments built here
        [str(pgcluster.BIN / name), *args], capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
def test_a_restored_dump_has_the_same_tally_and_ballots() -> None:
    with pgcluster.primary() as pg:
        with pg.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        env = environment(pg.url("kaaring"))
        run([PYTHON, str(SETUP_EDITION)], env)
        run([PYTHON, str(Path(__file__).with_name("vote_and_close.py")), str(BALLOTS)], env)
        with pg.connect("kaaring") as conn:
            tally, ballots = _read(conn)
        assert [(slug, raw) for slug, _, raw, _, _ in tally] == [("asker", 10), ("stange", 20)]
        assert ballots is not None
        assert ballots[0] == BALLOTS

        with tempfile.TemporaryDirectory() as directory:
            dump = str(Path(directory) / "kaaring.dump")
            _tool("pg_dump", "--format=custom", "--file", dump, pg.url("kaaring"))
            with pg.connect() as admin:
                admin.execute("CREATE DATABASE kaaring_restored")
            _tool("pg_restore", "--exit-on-error", "--no-owner", "--dbname",
                  pg.url("kaaring_restored"), dump)  # fmt: skip

        with pg.connect("kaaring_restored") as conn:
            assert _read(conn) == (tally, ballots)
            with pytest.raises(psycopg.errors.RestrictViolation):
                conn.execute("UPDATE voting_ballot SET nominee_id = nominee_id")
        # The restored database is a complete installation: nothing left to migrate.
        done = run(
            [PYTHON, "manage.py", "migrate", "--check", "--no-input"],
            environment(pg.url("kaaring_restored")),
        )
        assert done is not None
