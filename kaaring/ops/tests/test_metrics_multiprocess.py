"""With PROMETHEUS_MULTIPROC_DIR, one scrape of a node counts the requests of all its gunicorn
workers, whichever worker answers the scrape."""

import re
from pathlib import Path

import pytest

from kaaring.ops.tests import pgcluster
from kaaring.ops.tests.server import PYTHON, SETUP_EDITION, environment, gunicorn, run

TOKEN = "multiprocess-metrics-token"
REQUESTS = 40


def _responses(body: bytes, status: str) -> float:
    found = re.search(
        rf'^kaaring_http_responses_total{{status="{status}"}} (\S+)$', body.decode(), re.M
    )
    return float(found.group(1)) if found else 0.0


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
def test_one_scrape_counts_every_worker_of_the_node(tmp_path: Path) -> None:
    metrics_dir = tmp_path / "metrics"
    metrics_dir.mkdir()
    with pgcluster.primary() as pg:
        with pg.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        env = environment(
            pg.url("kaaring"), METRICS_TOKEN=TOKEN, PROMETHEUS_MULTIPROC_DIR=str(metrics_dir)
        )
        run([PYTHON, str(SETUP_EDITION)], env)
        with gunicorn(env, workers=3, threads=1) as server:
            for _ in range(REQUESTS):
                assert server.request("GET", "/bosettingsprisen/2018/")[0] == 200
            auth = {"Authorization": f"Bearer {TOKEN}"}
            scrapes = [server.request("GET", "/metrics", headers=auth) for _ in range(3)]

    for status, _, body, _ in scrapes:
        assert status == 200
        assert _responses(body, "2xx") == REQUESTS
    assert len(list(metrics_dir.glob("counter_*.db"))) > 1  # more than one worker answered
