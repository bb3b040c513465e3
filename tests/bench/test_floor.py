"""bench/floor.py measures the open vote's work done without Django's request handling: its
application must really do that work (a ballot, its claim, the counters, a receipt), refuse
what the real request refuses, and the script must stop on a bad setting like the suite."""

import io
import os
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path
from typing import Any

import pytest

from bench.floor_app import application
from kaaring.awards.models import Edition, Nominee
from kaaring.public.tests.vote_helpers import solved, start_url
from kaaring.public.views.vote_common import RECEIPT_COOKIE
from kaaring.ratelimits.models import RateLimitCounter
from kaaring.voting.models import Ballot, ProofOfWorkClaim

ROOT = Path(__file__).resolve().parent.parent.parent


def _post(path: str, form: dict[str, str], browser: str = "b" * 32) -> tuple[str, dict[str, str]]:
    body = urllib.parse.urlencode(form).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "HTTP_COOKIE": f"kaaring_browser={browser}",
        "REMOTE_ADDR": "192.0.2.7",
    }
    answer: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        answer.update(status=status, headers=dict(headers))

    b"".join(application(environ, start_response))
    return answer["status"], answer["headers"]


@pytest.mark.django_db
def test_all_the_work_records_a_ballot_with_its_claim_counters_and_receipt(
    edition: Edition, nominees: list[Nominee]
) -> None:
    path = "/_floor/all" + start_url(edition, nominees[1], "en")

    status, headers = _post(path, {"submission": "s" * 32, "altcha": solved()})

    assert status == "302 Found"
    assert headers["Location"] == "/bosettingsprisen/2018/stem/takk/"
    assert headers["Set-Cookie"].startswith(f"{RECEIPT_COOKIE}=")
    ballot = Ballot.objects.get()
    assert (ballot.nominee, ballot.mode) == (nominees[1], "open")
    assert ProofOfWorkClaim.objects.count() == 1
    assert RateLimitCounter.objects.count() == 3


@pytest.mark.django_db
def test_the_ballot_step_alone_counts_nothing_else(
    edition: Edition, nominees: list[Nominee]
) -> None:
    status, _ = _post("/_floor/ballot" + start_url(edition, nominees[0]), {"submission": "s" * 32})

    assert status == "302 Found"
    assert Ballot.objects.count() == 1
    assert not RateLimitCounter.objects.exists()
    assert not ProofOfWorkClaim.objects.exists()


@pytest.mark.django_db
def test_a_forged_proof_of_work_or_an_unknown_step_records_nothing(
    edition: Edition, nominees: list[Nominee]
) -> None:
    address = start_url(edition, nominees[0])

    forged = _post("/_floor/all" + address, {"submission": "s" * 32, "altcha": "x"})
    unknown = _post("/_floor/everything" + address, {"submission": "s" * 32})

    assert forged[0] == unknown[0] == "400 Bad Request"
    assert not Ballot.objects.exists()


def test_a_database_that_does_not_answer_stops_the_script() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    done = subprocess.run(
        [sys.executable, "bench/floor.py"],
        cwd=ROOT,
        env={**clean, "BENCH_POSTGRES_URL": f"postgres://postgres@127.0.0.1:{port}/test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 2, done.stdout + done.stderr
    assert "|" not in done.stdout
    assert "PostgreSQL" in done.stderr
