"""Load the open-mode vote endpoint of a gunicorn server on PostgreSQL with wrk and print one
table: the ceiling (/healthz, which runs SELECT 1), votes/s, p50, p99, the ratio to the ceiling,
and lost and duplicated ballots (2xx/3xx responses against stored rows). Issue 3 point 12, and
the first step of issue 7.

    DEBUG=1 .venv/bin/python bench/vote_load.py

Configuration (environment, each printed): BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/test; the bench creates and drops kaaring_bench_vote there),
BENCH_WORKERS (default "2"; a comma list runs each, e.g. "2,4"), BENCH_SECONDS (10 per run),
BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_PORT (a free one). Needs wrk (Debian: wrk).

What the benchmark changes, by configuration only: rate limits are off (RATELIMITS_ENABLED=0:
every request comes from 127.0.0.1 and would hit the per-IP limit at once), and the proof of
work is solved in advance from challenges the server signed at cost 1 instead of the configured
cost (the server accepts any challenge it signed; verifying costs the same). Everything else is
the production path: CSRF, the browser cookie, the one-time claim of the solution, the ballot.
A missing service, a port in use or a bad value stops the bench with exit status 2.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
BENCH_DB = "kaaring_bench_vote"
CSRF = "benchcsrftokenbenchcsrftokenbenc"  # 32 characters: Django's unmasked secret form
VOTE_PATH = "/en/bosettingsprisen/2018/stem/stange/"

# Runs in the server's environment: the schema, one open edition, and the vote bodies.
CHILD = textwrap.dedent(
    """
    import runpy, secrets, sys, urllib.parse
    runpy.run_path("tests/multiprocess/setup_edition.py")
    from kaaring.public.tests.vote_helpers import solved
    count, csrf, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(out, "w") as lines:
        for _ in range(count):
            body = urllib.parse.urlencode({
                "csrfmiddlewaretoken": csrf, "submission": secrets.token_urlsafe(24),
                "altcha": solved(),
            })
            cookie = f"csrftoken={csrf}; kaaring_browser={secrets.token_urlsafe(24)}"
            lines.write(f"{cookie}\\t{body}\\n")
    """
)


class BenchError(Exception):
    pass


def _int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, str(default))
    if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
        raise BenchError(f"{name}={raw!r}: expected a whole number from {low} to {high}")
    return int(raw)


def _workers() -> list[int]:
    raw = os.environ.get("BENCH_WORKERS", "2")
    if not re.fullmatch(r"\d+(,\d+)*", raw) or not all(1 <= int(w) <= 64 for w in raw.split(",")):
        raise BenchError(f"BENCH_WORKERS={raw!r}: expected numbers 1-64, e.g. 2 or 2,4")
    return [int(w) for w in raw.split(",")]


def _port() -> int:
    wanted = _int("BENCH_PORT", 0, 0, 65535)
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", wanted))
        except OSError as error:
            raise BenchError(f"port {wanted} on 127.0.0.1 is in use ({error.strerror})") from None
        return int(sock.getsockname()[1])


def _psql(admin_url: str, sql: str) -> str:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(sql)
        rows = cursor.fetchall() if cursor.description else []
        if not rows:
            return ""
        return "|".join(str(v) for v in rows[0])


def _postgres_ready(url: str) -> None:
    try:
        _psql(url, "SELECT 1")
    except Exception as error:  # any failure means: no usable server
        raise BenchError(f"PostgreSQL at {url} does not answer: {error}") from None


def _wait_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError("gunicorn did not answer /healthz within 30 s")


def _wrk(
    url: str, seconds: int, connections: int, threads: int, *extra: str, args: tuple[str, ...] = ()
) -> str:
    done = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--latency",
         "--timeout", "10s", *extra, url, *args],
        capture_output=True, text=True, timeout=seconds + 60, check=False,
    )  # fmt: skip
    if done.returncode:
        raise BenchError(f"wrk failed: {done.stderr.strip()}")
    return done.stdout


def _parse(output: str) -> dict[str, float]:
    def ms(label: str) -> float:
        found = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    statuses = {int(s): int(n) for s, n in re.findall(r"^STATUS (\d+) (\d+)$", output, re.M)}
    wrapped = re.search(r"^WRAPPED (\d+)$", output, re.M)
    errors = re.search(r"Socket errors: (.*)$", output, re.M)
    return {
        "rate": float(rate.group(1)) if rate else 0.0,
        "p50": ms("50"),
        "p99": ms("99"),
        "ok": sum(n for s, n in statuses.items() if 200 <= s < 400),
        "bad": sum(n for s, n in statuses.items() if s >= 400),
        "wrapped": int(wrapped.group(1)) if wrapped else 0,
        "socket_errors": 1.0 if errors else 0.0,
    }


def run(workers: int, *, postgres: str, seconds: int, connections: int, threads: int) -> list[str]:
    admin = postgres
    database_url = postgres.rsplit("/", 1)[0] + "/" + BENCH_DB
    _psql(admin, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    _psql(admin, f"CREATE DATABASE {BENCH_DB}")
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL"}}
    env.update(
        DEBUG="1", SECRET_KEY="bench-secret-key-not-for-production",  # noqa: S106 - bench only
        ALTCHA_HMAC_SECRET="bench-altcha-secret",  # noqa: S106 - bench only
        DATABASE_URL=database_url,
        RATELIMITS_ENABLED="0", ALLOWED_HOSTS="127.0.0.1", EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT), DJANGO_SETTINGS_MODULE="config.settings",
    )  # fmt: skip
    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = None
    try:
        with tempfile.TemporaryDirectory() as tmp:
            bodies = Path(tmp) / "bodies.tsv"
            count = max(2000, seconds * 1500)
            subprocess.run(
                [sys.executable, "-c", CHILD, str(count), CSRF, str(bodies)],
                cwd=ROOT, env=env, check=True, timeout=300,
            )  # fmt: skip
            server = subprocess.Popen(
                [GUNICORN, "config.wsgi:application", "--preload", "--workers", str(workers),
                 "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "2",
                 "--log-level", "warning"],
                cwd=ROOT, env=env, start_new_session=True,
            )  # fmt: skip
            _wait_up(base, server)
            ceiling = _parse(_wrk(base + "/healthz", seconds, connections, threads))
            script = str(HERE / "vote_load.lua")
            votes = _parse(
                _wrk(base + VOTE_PATH, seconds, connections, threads, "-s", script,
                     args=("--", str(bodies), str(threads)))
            )  # fmt: skip
        rows, distinct = _psql(
            database_url, "SELECT count(*), count(DISTINCT submission_key) FROM voting_ballot"
        ).split("|")
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        _psql(admin, f"DROP DATABASE IF EXISTS {BENCH_DB} WITH (FORCE)")
    stored, unique = int(rows), int(distinct)
    lost = max(0, int(votes["ok"]) - stored)
    duplicated = stored - unique
    ratio = votes["rate"] / ceiling["rate"] if ceiling["rate"] else float("nan")
    notes = []
    if votes["bad"]:
        notes.append(f"{int(votes['bad'])} responses ≥ 400")
    if votes["wrapped"]:
        notes.append(f"{int(votes['wrapped'])} bodies reused (too few pre-solved)")
    if stored > votes["ok"]:
        notes.append(f"{stored - int(votes['ok'])} stored without a response (in flight at stop)")
    return [
        f"| {workers} | /healthz (SELECT 1) | {ceiling['rate']:8.0f} | {ceiling['p50']:6.2f} | "
        f"{ceiling['p99']:7.2f} | 100 % | | | |",
        f"| {workers} | vote, open mode | {votes['rate']:8.0f} | {votes['p50']:6.2f} | "
        f"{votes['p99']:7.2f} | {ratio * 100:3.0f} % | {int(votes['ok'])} / {stored} | {lost} "
        f"| {duplicated} | {'; '.join(notes)}",
    ]


def main() -> int:
    try:
        postgres = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
        seconds = _int("BENCH_SECONDS", 10, 1, 60)
        connections = _int("BENCH_CONNECTIONS", 16, 1, 1000)
        threads = _int("BENCH_THREADS", 2, 1, 64)
        workers = _workers()
        if shutil.which("wrk") is None:
            raise BenchError("wrk is not installed (Debian: apt-get install wrk)")
        if not Path(GUNICORN).exists():
            raise BenchError(f"gunicorn not found at {GUNICORN}")
        _postgres_ready(postgres)
        print(
            f"Configuration: PostgreSQL {postgres} (database {BENCH_DB}), gunicorn sync workers "
            f"{workers}, wrk {threads} threads x {connections} connections x {seconds} s per "
            "run, DEBUG=1, RATELIMITS_ENABLED=0 (all load comes from 127.0.0.1), proof of work "
            "pre-solved at cost 1 (reduced from the configured cost; verification is unchanged), "
            "one fresh browser cookie and submission per request, fixed CSRF cookie + field.",
            flush=True,
        )
        lines = [
            "| workers | endpoint | req/s | p50 ms | p99 ms | of ceiling | 2xx-3xx / stored "
            "| lost | duplicated | notes",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for count in workers:
            lines += run(
                count, postgres=postgres, seconds=seconds, connections=connections,
                threads=threads,
            )  # fmt: skip
    except (BenchError, subprocess.CalledProcessError) as error:
        print(f"vote_load: {error}", file=sys.stderr)
        return 2
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
