"""50 simultaneous votes from one browser against gunicorn with 3 workers end in one ballot,
and the rate limit per browser holds across the workers, on SQLite and on PostgreSQL."""

import re
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http.cookies import SimpleCookie
from pathlib import Path

from altcha import Payload, solve_challenge
from altcha_django import ChallengeConfig, build_challenge
from django.core import signing

from tests.multiprocess.conftest import (
    ALTCHA_SECRET,
    SECRET_KEY,
    Server,
    ballot_rows,
    running_server,
)

START = "/bosettingsprisen/2018/stem/stange/"
ATTEMPTS = 50


def _payload() -> str:
    """A solved challenge signed with the server's key (cheap: the cost is the issuer's
    choice and is signed with the challenge, the server accepts any it signed)."""
    challenge = build_challenge(
        hmac_secret=ALTCHA_SECRET, config=ChallengeConfig(cost=1, key_prefix="0")
    )
    solution = solve_challenge(challenge)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


def _open_form(server: Server) -> tuple[str, str]:
    """GET the vote page like a browser: returns (Cookie header, CSRF token)."""
    connection = server.connection()
    connection.request("GET", START)
    response = connection.getresponse()
    html = response.read().decode()
    assert response.status == 200, html[:500]
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    cookie = "; ".join(f"{name}={morsel.value}" for name, morsel in jar.items())
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token is not None
    assert "kaaring_browser" in jar
    return cookie, token.group(1)


def _fire(server: Server, cookie: str, bodies: list[dict[str, str]]) -> list[tuple[int, str]]:
    """POST all bodies at once (a barrier lines the threads up); (status, receipt or "")."""
    barrier = threading.Barrier(len(bodies))

    def post(body: dict[str, str]) -> tuple[int, str]:
        connection = server.connection()
        connection.connect()
        barrier.wait(timeout=30)
        connection.request(
            "POST",
            START,
            body=urllib.parse.urlencode(body),
            headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = connection.getresponse()
        response.read()
        jar = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        receipt = ""
        if "kaaring_receipt" in jar:
            data = signing.loads(
                jar["kaaring_receipt"].value, key=SECRET_KEY, salt="kaaring_receipt"
            )
            receipt = data["r"]
        return response.status, receipt

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return list(pool.map(post, bodies))


def test_fifty_simultaneous_votes_from_one_browser_make_one_ballot(
    backend: str, tmp_path: Path
) -> None:
    began = time.monotonic()
    with running_server(backend, tmp_path, ratelimits=False) as server:
        cookie, token = _open_form(server)
        # Five forms (submission keys) sent ten times each: the first form's ten copies carry
        # one solution (a double click resends it), the others a fresh solution each.
        keys = [f"submission-{n}-{'x' * 24}" for n in range(5)]
        shared = _payload()
        bodies = [
            {
                "csrfmiddlewaretoken": token,
                "submission": keys[n % 5],
                "altcha": shared if n % 5 == 0 else _payload(),
                "website": "",
            }
            for n in range(ATTEMPTS)
        ]

        results = _fire(server, cookie, bodies)

        rows = ballot_rows(server)
    assert len(rows) == 1, rows
    receipt, winner = rows[0]
    accepted = [(status, got) for status, got in results if 200 <= status < 400]
    refused = [status for status, _ in results if status >= 400]
    assert all(got == receipt for _, got in accepted), accepted
    # Every copy of the winning form got the receipt; every other form was told "already voted".
    assert len(accepted) == ATTEMPTS // 5
    assert set(refused) == {409}
    assert [body["submission"] for body in bodies].count(winner) == len(accepted)
    assert time.monotonic() - began < 60


def test_the_rate_limit_per_browser_holds_across_worker_processes(
    backend: str, tmp_path: Path
) -> None:
    began = time.monotonic()
    with running_server(backend, tmp_path, ratelimits=True) as server:
        cookie, token = _open_form(server)
        bodies = [
            {"csrfmiddlewaretoken": token, "submission": f"form-{n}-{'y' * 24}", "altcha": "x"}
            for n in range(30)
        ]

        statuses = [status for status, _ in _fire(server, cookie, bodies)]

        rows = ballot_rows(server)
    # vote_open_per_browser allows 10 attempts in 10 minutes, in total over the 3 workers.
    assert statuses.count(429) == 20, statuses
    assert statuses.count(400) == 10, statuses
    assert rows == []
    assert time.monotonic() - began < 60
