"""The vote benches' request rate when the prepared voters run out before the run's duration.

wrk divides by its whole duration even when the script stopped every thread early, so a run
that used up its voters in half the time would report half the rate. The script measures the
time it really took and the bench computes the rate over that."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench._common import Load, wrk

VOTERS = 60


class _Thanks(BaseHTTPRequestHandler):
    """Answers every vote like the project: a redirect to the thank-you page."""

    protocol_version = "HTTP/1.1"

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(302)
        self.send_header("Location", "/stem/takk/")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Thanks)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_voters_used_up_early_are_measured_over_the_time_they_took(
    server: str, tmp_path: Path
) -> None:
    lines = tmp_path / "voters.tsv"
    lines.write_text("".join(f"POST\t/stem/{n}/\tc={n}\tbody={n}\n" for n in range(VOTERS)))

    figures = wrk(server, Load(seconds=4, connections=2, threads=2), script="vote_modes.lua",
                  args=(str(lines),))  # fmt: skip

    assert figures.ok >= VOTERS - 2  # an answer in flight on the other connection is dropped
    assert figures.used_up_after is not None
    assert 0 < figures.used_up_after < 4
    answered = sum(figures.statuses.values())
    assert figures.rate == pytest.approx(answered / figures.used_up_after)
    assert figures.rate > 2 * answered / 4  # wrk's own figure would be answered / 4


def test_a_run_that_does_not_use_up_its_voters_keeps_wrks_rate(server: str, tmp_path: Path) -> None:
    lines = tmp_path / "voters.tsv"
    lines.write_text("".join(f"POST\t/stem/{n}/\tc={n}\tbody={n}\n" for n in range(100_000)))

    figures = wrk(server, Load(seconds=1, connections=2, threads=2), script="vote_modes.lua",
                  args=(str(lines),), rate=50)  # fmt: skip

    assert figures.used_up_after is None
    assert 0 < figures.ok < 100_000
    assert figures.rate == pytest.approx(50, rel=0.5)
