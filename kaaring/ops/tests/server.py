"""The real app under gunicorn, with production settings, against a database the test owns.

Bounded in time: a server that does not answer ``/livez`` within 30 s fails the test; it runs
in a process group of its own and is stopped whatever the outcome.
"""

import contextlib
import http.client
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from kaaring.ops.tests.pgcluster import free_port

ROOT = Path(__file__).resolve().parents[3]
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
WEB_PORTS = range(8700, 8800)
DEADLINE = 30.0
SECRET_KEY = "ops-test-secret-key-for-a-server-of-a-test-only-0123456789"
SETUP_EDITION = ROOT / "tests" / "multiprocess" / "setup_edition.py"


def environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DATABASE_URL", "DEBUG", "DATABASE_REPLICA_URL"}
    }
    env.update(
        DEBUG="0",
        DJANGO_SETTINGS_MODULE="kaaring.ops.tests.server_settings",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        EMAIL_URL="locmem://",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        RATELIMITS_ENABLED="0",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    env.update(extra)
    return env


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    done = subprocess.run(  # noqa: S603 - our own interpreter and scripts
        args, cwd=ROOT, env=env, timeout=timeout, capture_output=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{' '.join(args[1:])} failed:\n{done.stderr.decode()[-3000:]}")
    return done.stdout.decode()


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes, list[str]]:
        """(status, headers, body, Set-Cookie values)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=DEADLINE)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            data = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, dict(response.headers), data, cookies
        finally:
            connection.close()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1, threads: int = 2) -> Iterator[Server]:
    port = free_port(WEB_PORTS)
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn
        [GUNICORN, "config.wsgi:application", "--workers", str(workers), "--threads",
         str(threads), "--bind", f"127.0.0.1:{port}", "--timeout", "30",
         "--graceful-timeout", "2"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip
    server = Server("127.0.0.1", port)
    try:
        until = time.monotonic() + DEADLINE
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {process.returncode}: "
                    f"{process.stderr.read().decode()[-3000:] if process.stderr else ''}"
                )
            try:
                if server.request("GET", "/livez")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > until:
                raise RuntimeError("gunicorn did not answer within the deadline")
            time.sleep(0.1)  # waiting for a process to start, not timing the test
        yield server
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
