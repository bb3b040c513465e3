"""DATABASE_REPLICA_URL: the statistics pages read the standby; the voting state, results and
embargo read the primary, so a lagging standby never shows an edition open after its deadline.

Against gunicorn with production settings, a PostgreSQL primary and a streaming standby of the
test's own (``pg_basebackup -R``), whose replay the test pauses with ``pg_wal_replay_pause()``.
"""

import json
import subprocess
import sys

import pytest
from django.db import transaction

from kaaring.awards.models import Edition
from kaaring.municipal_stats.models import Municipality
from kaaring.ops import replica
from kaaring.ops.replica import ReplicaRouter
from kaaring.ops.tests import pgcluster
from kaaring.ops.tests.server import PYTHON, ROOT, SETUP_EDITION, environment, gunicorn, run

NOMINEE_PAGE = "/en/bosettingsprisen/2018/nominerte/stange/"
CLOSED = b"Voting has closed"


def test_only_lag_tolerant_reads_in_a_request_go_to_the_replica(
    transactional_db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(replica, "_usable", lambda: True)  # no replica in the suite's settings
    router = ReplicaRouter()
    token = replica.tolerate_lag(True)
    try:
        assert router.db_for_read(Municipality) == "replica"
        assert router.db_for_read(Edition) == "default"
        with transaction.atomic():
            assert router.db_for_read(Municipality) == "default"
    finally:
        replica.reset(token)
    assert router.db_for_read(Municipality) == "default"
    assert router.db_for_write(Municipality) == "default"
    assert not router.allow_migrate("replica", "municipal_stats")


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
def test_a_lagging_replica_never_shows_an_open_vote_after_the_deadline() -> None:
    with pgcluster.primary() as primary:
        with primary.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        run([PYTHON, str(SETUP_EDITION)], environment(primary.url("kaaring")))
        with pgcluster.standby(of=primary) as standby:
            env = environment(primary.url("kaaring"), DATABASE_REPLICA_URL=standby.url("kaaring"))
            with gunicorn(env) as server:
                status, _, body, _ = server.request("GET", "/readyz")
                assert status == 200, body
                assert json.loads(body)["checks"]["replica"] == "ok"
                status, _, page, _ = server.request("GET", NOMINEE_PAGE)
                assert status == 200
                assert CLOSED not in page
                assert b"Replikavik" not in server.request("GET", "/kommuner/")[2]

                with standby.connect("kaaring") as conn:
                    conn.execute("SELECT pg_wal_replay_pause()")
                with primary.connect("kaaring") as conn:
                    # The deadline passes (moved to a second ago, as an organiser's change
                    # would, with the new content version every write gives the edition),
                    # and a municipality is imported.
                    conn.execute(
                        "UPDATE awards_edition SET voting_closes_at = now() - interval '1 second',"
                        " content_version = content_version + 1"
                    )
                    conn.execute(
                        "INSERT INTO municipal_stats_municipality (number, name, county_number,"
                        " county_name) VALUES ('9998', 'Replikavik', '99', 'Testfylke')"
                    )
                with standby.connect("kaaring") as conn:
                    stale = conn.execute(
                        "SELECT voting_closes_at > now() FROM awards_edition"
                    ).fetchone()
                assert stale == (True,), "the standby should still have the old deadline"

                status, _, page, _ = server.request("GET", NOMINEE_PAGE)
                assert status == 200
                assert CLOSED in page
                # The statistics come from the standby, which has not seen the import yet.
                assert b"Replikavik" not in server.request("GET", "/kommuner/")[2]

                with standby.connect("kaaring") as conn:
                    conn.execute("SELECT pg_wal_replay_resume()")
                pgcluster.wait_for_replay(primary, standby)
                assert b"Replikavik" in server.request("GET", "/kommuner/")[2]


def _check_replica(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--database", "default", "--database", "replica"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
def test_a_replica_url_at_the_primary_or_at_nothing_gets_a_clear_message() -> None:
    with pgcluster.primary() as primary:
        with primary.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        run([PYTHON, str(SETUP_EDITION)], environment(primary.url("kaaring")))

        same = _check_replica(
            environment(primary.url("kaaring"), DATABASE_REPLICA_URL=primary.url("kaaring"))
        )
        assert same.returncode != 0
        assert "DATABASE_REPLICA_URL names the same server and database" in same.stderr

        # The same server under another address: reachable, but not a standby.
        env = environment(
            primary.url("kaaring"),
            DATABASE_REPLICA_URL=f"postgres://postgres@localhost:{primary.port}/kaaring",
        )
        done = _check_replica(env)
        assert done.returncode != 0
        assert "DATABASE_REPLICA_URL: not a standby" in done.stderr
        with gunicorn(env) as server:
            status, _, body, _ = server.request("GET", "/readyz")
            assert status == 503
            assert "not a standby" in json.loads(body)["checks"]["replica"]

        nothing = f"postgres://postgres@127.0.0.1:{pgcluster.free_port()}/kaaring"
        env = environment(primary.url("kaaring"), DATABASE_REPLICA_URL=nothing)
        done = _check_replica(env)
        assert done.returncode != 0
        assert "DATABASE_REPLICA_URL: unreachable (OperationalError)" in done.stderr
        with gunicorn(env) as server:
            status, _, body, _ = server.request("GET", "/readyz")
            # The node stays ready and says what is missing; what it would have read from the
            # replica it reads from the primary until the replica is back.
            assert status == 200
            assert "unreachable" in json.loads(body)["checks"]["replica"]
            assert server.request("GET", "/kommuner/")[0] == 200
            assert server.request("GET", NOMINEE_PAGE)[0] == 200
