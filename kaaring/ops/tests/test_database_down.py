"""While the database is down, every page, the vote and /healthz answer 503 with Retry-After
and a page in the visitor's language; /readyz names the database; once it is back, the same
pages answer again. Against gunicorn with production settings and a PostgreSQL cluster of the
test's own, which the test stops."""

import re
import urllib.parse
from http.cookies import SimpleCookie

import pytest

from kaaring.ops.tests import pgcluster
from kaaring.ops.tests.server import PYTHON, SETUP_EDITION, environment, gunicorn, run

UNAVAILABLE = {
    "nb": "Kåring er utilgjengelig en liten stund",
    "nn": "Kåring er utilgjengeleg ei lita stund",
    "en": "Kåring is unavailable for a moment",
}
PAGES = [
    ("/", "nb"),
    ("/nn/", "nn"),
    ("/en/", "en"),
    ("/bosettingsprisen/2018/", "nb"),
    ("/en/bosettingsprisen/2018/nominerte/stange/", "en"),
    ("/nn/bosettingsprisen/2018/stem/stange/", "nn"),
    ("/kommuner/", "nb"),
]
VOTE = "/bosettingsprisen/2018/stem/stange/"


def _cookies(values: list[str]) -> str:
    jar: SimpleCookie = SimpleCookie()
    for value in values:
        jar.load(value)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
def test_a_database_that_is_down_gets_503_with_retry_after_in_the_visitors_language() -> None:
    with pgcluster.primary() as pg:
        with pg.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        env = environment(pg.url("kaaring"), METRICS_TOKEN="down-test-token")
        run([PYTHON, str(SETUP_EDITION)], env)
        with gunicorn(env) as server:
            for path, _ in PAGES:
                assert server.request("GET", path)[0] in {200, 302}, path
            status, _, html, cookies = server.request("GET", VOTE)
            assert status == 200
            fields = dict(re.findall(r'type="hidden" name="(\w+)" value="([^"]*)"', html.decode()))
            assert "csrfmiddlewaretoken" in fields
            vote = urllib.parse.urlencode(fields).encode()
            headers = {
                "Cookie": _cookies(cookies),
                "Content-Type": "application/x-www-form-urlencoded",
            }

            pg.stop("immediate")

            for path, lang in PAGES:
                status, response_headers, body, _ = server.request("GET", path)
                page = body.decode()
                assert status == 503, (path, page[:300])
                assert response_headers["Retry-After"].isdigit()
                assert f'<html lang="{lang}"' in page
                assert UNAVAILABLE[lang] in page
                assert "Traceback" not in page
            status, response_headers, body, _ = server.request("POST", VOTE, vote, headers)
            assert status == 503
            assert "Retry-After" in response_headers
            assert UNAVAILABLE["nb"] in body.decode()
            for probe in ("/healthz", "/readyz"):
                status, response_headers, body, _ = server.request("GET", probe)
                assert status == 503
                assert "Retry-After" in response_headers
                assert b'"database": "down: OperationalError"' in body
            assert server.request("GET", "/livez")[0] == 200
            # Metrics still answer, and count what was refused (the queue is left out).
            status, _, body, _ = server.request(
                "GET", "/metrics", headers={"Authorization": "Bearer down-test-token"}
            )
            assert status == 200
            assert b'kaaring_unavailable_total{dependency="database"}' in body
            assert b'kaaring_ballots_refused_total{reason="unavailable"} 1.0' in body
            assert b"kaaring_task_queue_depth{" not in body

            pg.start()

            assert server.request("GET", "/readyz")[0] == 200
            status, _, body, _ = server.request("GET", "/bosettingsprisen/2018/")
            assert status == 200
