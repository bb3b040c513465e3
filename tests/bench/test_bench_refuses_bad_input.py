"""`make bench` with a missing service, a port in use or a wrong environment variable says so
and exits non-zero before printing any figure."""

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent


def _bench(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("BENCH_")}
    return subprocess.run(
        [sys.executable, "-m", "bench", *args],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert "|" not in done.stdout  # no table, no figure
    for word in words:
        assert word in done.stderr


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])  # closed again when the fixture returns


@pytest.fixture
def busy_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


def test_a_database_that_does_not_answer(closed_port: int) -> None:
    url = f"postgres://postgres@127.0.0.1:{closed_port}/test"
    _refused(_bench("ceiling", BENCH_POSTGRES_URL=url), "PostgreSQL", str(closed_port))


def test_a_port_in_use(busy_port: int) -> None:
    _refused(_bench("ceiling", BENCH_PORT=str(busy_port)), f"port {busy_port}", "in use")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BENCH_SECONDS", "ten"),
        ("BENCH_SECONDS", "0"),
        ("BENCH_CONNECTIONS", "-4"),
        ("BENCH_WORKERS", "2,4"),
        ("BENCH_POSTGRES_URL", "mysql://root@127.0.0.1/test"),
    ],
)
def test_a_wrong_environment_variable_is_named(name: str, value: str) -> None:
    _refused(_bench("ceiling", **{name: value}), name)


def test_an_unknown_part_is_named() -> None:
    _refused(_bench("votes"), "votes", "vote_open")


def test_a_missing_load_tool_is_named(tmp_path: Path) -> None:
    _refused(_bench("vote_open", PATH=str(tmp_path)), "wrk is not installed", "apt-get install wrk")
