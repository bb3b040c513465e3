"""The real app under gunicorn with several worker processes, on SQLite and on PostgreSQL.

Each server gets a database of its own (a file, or ``kaaring_race_<pid>_<n>`` on the
PostgreSQL server of the suite's ``DATABASE_URL``), migrated and given one IMDi edition with
open voting by ``setup_edition.py``. The server runs in its own process group and is killed,
and its database dropped, whatever the outcome. Everything is bounded in time: a server that
is not up in 30 s fails the test.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
# Like every other test, these follow the suite's DATABASE_URL (CI runs the suite on both):
# PostgreSQL there means a fresh database on the same server, otherwise a SQLite file.
_SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
BACKEND = "postgresql" if _SUITE_DATABASE.startswith("postgres") else "sqlite"
POSTGRES = _SUITE_DATABASE.rsplit("/", 1)[0] if BACKEND == "postgresql" else ""
SECRET_KEY = "multiprocess-test-secret-key-not-for-production"
ALTCHA_SECRET = "multiprocess-test-altcha-secret"
WORKERS = 3
DEADLINE = 30.0


@dataclass(frozen=True)
class Server:
    base: str
    host: str
    port: int
    backend: str
    database_url: str

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=DEADLINE)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _environment(database_url: str, *, ratelimits: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        {
            # DEBUG serves static files from the finders and allows plain HTTP; the vote code
            # is the same as in production.
            "DEBUG": "1",
            "SECRET_KEY": SECRET_KEY,
            "ALTCHA_HMAC_SECRET": ALTCHA_SECRET,
            "DATABASE_URL": database_url,
            "RATELIMITS_ENABLED": "1" if ratelimits else "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "locmem://",
            "LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(ROOT),
        }
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(args, cwd=ROOT, env=env, timeout=DEADLINE, capture_output=True)
    if done.returncode:
        raise RuntimeError(f"{' '.join(args[1:])} failed:\n{done.stderr.decode()[-3000:]}")


@contextlib.contextmanager
def _database(backend: str, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'race.sqlite3'}"
        return
    name = f"kaaring_race_{os.getpid()}_{int(time.time() * 1000) % 100000}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _wait_until_up(process: subprocess.Popen[bytes], port: int) -> None:
    until = time.monotonic() + DEADLINE
    while time.monotonic() < until:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)  # waiting for a process to start, not timing the test
    raise RuntimeError("gunicorn did not answer within the deadline")


@contextlib.contextmanager
def running_server(backend: str, tmp_path: Path, *, ratelimits: bool) -> Iterator[Server]:
    with _database(backend, tmp_path) as database_url:
        env = _environment(database_url, ratelimits=ratelimits)
        _run([PYTHON, str(Path(__file__).parent / "setup_edition.py")], env)
        port = _free_port()
        process = subprocess.Popen(
            [GUNICORN, "config.wsgi:application", "--preload", "--workers", str(WORKERS), "--bind",
             f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "2"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_until_up(process, port)
            yield Server(f"http://127.0.0.1:{port}", "127.0.0.1", port, backend, database_url)
        finally:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
            if process.stderr:
                process.stderr.close()


@pytest.fixture(params=[BACKEND])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def ballot_rows(server: Server) -> list[tuple[str, str]]:
    """(receipt, submission_key) of every ballot, read straight from the server's database."""
    query = "SELECT receipt, submission_key FROM voting_ballot"
    if server.backend == "sqlite":
        import sqlite3

        path = server.database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path)) as db:
            return [tuple(row) for row in db.execute(query)]
    with psycopg.connect(server.database_url) as db:
        return [tuple(row) for row in db.execute(query)]
