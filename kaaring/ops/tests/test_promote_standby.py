"""The runbook "the primary is lost: promote the standby", step by step: the primary stops for
good, the standby is promoted with pg_ctl, and a node pointed at it is ready, finds every ballot
the primary had and takes new ones."""

from pathlib import Path

import pytest

from kaaring.ops.tests import pgcluster
from kaaring.ops.tests.server import PYTHON, SETUP_EDITION, environment, gunicorn, run

VOTE = str(Path(__file__).with_name("vote_and_close.py"))
COUNT = "SELECT count(*) FROM voting_ballot"


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
def test_a_promoted_standby_has_every_ballot_and_takes_new_ones() -> None:
    with pgcluster.primary() as primary:
        with primary.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        run([PYTHON, str(SETUP_EDITION)], environment(primary.url("kaaring")))
        with pgcluster.standby(of=primary) as standby:
            run([PYTHON, VOTE, "20", "0", "open"], environment(primary.url("kaaring")))
            # With asynchronous replication only what was streamed survives the primary;
            # synchronous_standby_names makes that every acknowledged ballot.
            pgcluster.wait_for_replay(primary, standby)

            primary.stop("immediate")  # lost for good
            standby.promote()

            with standby.connect("kaaring") as conn:
                assert conn.execute("SELECT pg_is_in_recovery()").fetchone() == (False,)
                assert conn.execute(COUNT).fetchone() == (20,)
            env = environment(standby.url("kaaring"))
            with gunicorn(env) as server:
                status, _, body, _ = server.request("GET", "/readyz")
                assert status == 200, body
                assert server.request("GET", "/bosettingsprisen/2018/")[0] == 200
            run([PYTHON, VOTE, "5", "20", "open"], env)
            with standby.connect("kaaring") as conn:
                assert conn.execute(COUNT).fetchone() == (25,)
