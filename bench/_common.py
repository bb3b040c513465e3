"""What every benchmark in bench/ shares: configuration from the environment (checked, with a
clear message), a fresh PostgreSQL database, a gunicorn server of this project on 127.0.0.1,
wrk runs and their figures, and the rows of the one table ``make bench`` prints.

A benchmark raises ``BenchError`` for anything that would make its figures meaningless (a
missing service or tool, a port in use, a bad environment variable, a server that does not
start); ``bench/__main__.py`` prints the message and exits non-zero.
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
# The server's settings: the project's own, plus one hello-world route (bench/urls.py).
SETTINGS = "bench.settings"
HOST = "bench.localhost"


class BenchError(Exception):
    pass


# --- Configuration ----------------------------------------------------------------------------


def env_int(name: str, default: int, low: int, high: int) -> int:
    raw = os.environ.get(name, str(default)).strip()
    if not re.fullmatch(r"\d+", raw) or not low <= int(raw) <= high:
        raise BenchError(f"{name}={raw!r}: expected a whole number from {low} to {high}")
    return int(raw)


def postgres_admin_url() -> str:
    raw = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
    if not re.fullmatch(r"postgres(ql)?://[^/\s]+/\w+", raw):
        raise BenchError(f"BENCH_POSTGRES_URL={raw!r}: expected postgres://user@host:port/database")
    return raw


def need_tool(name: str, hint: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BenchError(f"{name} is not installed ({hint})")
    return found


# --- PostgreSQL -------------------------------------------------------------------------------


def psql(url: str, sql: str) -> list[tuple[object, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True, connect_timeout=5) as conn:
        cursor = conn.execute(sql.encode())
        return list(cursor.fetchall()) if cursor.description else []


def postgres_ready(url: str) -> None:
    try:
        psql(url, "SELECT 1")
    except Exception as error:  # any failure means: no usable server
        raise BenchError(f"PostgreSQL at {url} does not answer: {error}") from None


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


@contextlib.contextmanager
def fresh_database(admin_url: str, name: str) -> Iterator[str]:
    """An empty database ``name`` for the duration; dropped afterwards."""
    psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(admin_url, f"CREATE DATABASE {name}")
    try:
        yield database_url(admin_url, name)
    finally:
        psql(admin_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# --- The server -------------------------------------------------------------------------------


def port_free(wanted: int = 0) -> int:
    """``wanted`` if it is free on 127.0.0.1 (0: any free port), else BenchError."""
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", wanted))
        except OSError as error:
            raise BenchError(f"port {wanted} on 127.0.0.1 is in use ({error.strerror})") from None
        return int(sock.getsockname()[1])


def server_env(database: str, **extra: str) -> dict[str, str]:
    """The server's environment: production settings (DEBUG off) on ``database``. Everything
    that differs from a production install is here, and ``describe_env`` prints it."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"REDIS_URL", "DEBUG", "DATABASE_URL", "RATELIMITS_ENABLED"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-secret-key-not-for-production-" + "x" * 24,
        ALTCHA_HMAC_SECRET="bench-altcha-secret",  # noqa: S106 - bench only
        DATABASE_URL=database,
        ALLOWED_HOSTS=HOST,
        EMAIL_URL="locmem://",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE=SETTINGS,
    )
    env.update(extra)
    return env


SHOWN_ENV = ("DEBUG", "RATELIMITS_ENABLED", "REDIS_URL", "ALTCHA_COST", "OIDC_ISSUER")


def describe_env(env: dict[str, str]) -> str:
    return ", ".join(f"{k}={env[k]}" for k in SHOWN_ENV if k in env)


def manage(env: dict[str, str], *args: str, timeout: int = 600) -> None:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode:
        raise BenchError(f"manage.py {' '.join(args)} failed: {done.stderr.strip()[-2000:]}")


def run_python(env: dict[str, str], code: str, *args: str, timeout: int = 900) -> str:
    """Run ``code`` in a Python process with the server's environment; its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip
    if done.returncode:
        raise BenchError(f"bench setup failed: {done.stderr.strip()[-3000:]}")
    return done.stdout


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    workers: int
    rss_samples: dict[int, list[int]] = field(default_factory=dict)

    def worker_pids(self) -> list[int]:
        try:
            text = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text()
        except OSError:
            return []
        return [int(p) for p in text.split()]

    def sample_rss(self) -> dict[int, int]:
        """Resident memory of each worker now, in bytes (also kept for ``rss_report``)."""
        found = {}
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        found[pid] = int(line.split()[1]) * 1024
        for pid, rss in found.items():
            self.rss_samples.setdefault(pid, []).append(rss)
        return found


# For printing, in runs that use sync workers (bench/pages.py alone).
SERVER_COMMAND = "gunicorn config.wsgi:application --workers {workers} (sync)"


def server_command(workers: int, threads: int, app: str = "config.wsgi:application") -> list[str]:
    """The production command (README), on 127.0.0.1: sync workers, or gthread workers with
    ``threads`` threads each."""
    kind = ["--worker-class", "gthread", "--threads", str(threads)] if threads > 1 else []
    return [
        "gunicorn", app, "--workers", str(workers), *kind,
        "--timeout", "60", "--graceful-timeout", "2", "--log-level", "warning",
    ]  # fmt: skip


@contextlib.contextmanager
def server(
    env: dict[str, str],
    *,
    workers: int,
    threads: int = 1,
    port: int = 0,
    app: str = "config.wsgi:application",
) -> Iterator[Server]:
    """gunicorn with this project's WSGI application (or ``app``), as in production (README)."""
    if not Path(GUNICORN).exists():
        raise BenchError(f"gunicorn not found at {GUNICORN}")
    port = port_free(port)
    command = server_command(workers, threads, app)
    process = subprocess.Popen(
        [GUNICORN, *command[1:], "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    running = Server(base=f"http://127.0.0.1:{port}", process=process, workers=workers)
    try:
        _wait_up(running)
        yield running
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


def get(url: str, *, timeout: float = 5) -> tuple[int, bytes]:
    request = urllib.request.Request(  # noqa: S310 - 127.0.0.1 only
        url, headers={"Host": HOST, "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_up(running: Server) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise BenchError(f"gunicorn exited with {running.process.returncode}")
        try:
            status, _ = get(running.base + "/healthz", timeout=2)
            if status == 200 and len(running.worker_pids()) == running.workers:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise BenchError("gunicorn did not answer /healthz within 60 s")


def cpu_seconds(pids: list[int]) -> float:
    """CPU time (user and system) the processes have used so far, from /proc (Linux)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def database_pids(env: dict[str, str]) -> list[int]:
    """The PostgreSQL backends serving the bench database (on this machine)."""
    rows = psql(
        env["DATABASE_URL"],
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid()",
    )
    return [int(str(row[0])) for row in rows]


# --- wrk --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Load:
    seconds: int
    connections: int
    threads: int


def load_from_env() -> Load:
    return Load(
        seconds=env_int("BENCH_SECONDS", 10, 1, 120),
        connections=env_int("BENCH_CONNECTIONS", 16, 1, 1000),
        threads=env_int("BENCH_THREADS", 2, 1, 64),
    )


@dataclass(frozen=True)
class Figures:
    rate: float
    p50: float  # ms
    p99: float  # ms
    ok: int  # 2xx and 3xx responses (scripts count an unexpected redirect as 399)
    bad: int  # 4xx and 5xx responses, and unexpected redirects
    statuses: dict[int, int]
    wrapped: int  # request bodies used more than once (the script ran out)
    socket_errors: str
    # Seconds from the first request to the last answer when a script ran out of requests and
    # stopped before the run's duration (``rate`` is then over this time, not wrk's duration).
    used_up_after: float | None = None


def wrk(
    url: str,
    load: Load,
    *,
    script: str = "get.lua",
    args: tuple[str, ...] = (),
    rate: float | None = None,
) -> Figures:
    """Run wrk against ``url`` with a script from bench/ (``get.lua`` by default). With
    ``rate``, every connection waits between requests so that all together send about
    ``rate`` requests per second (for latency at a given load, not at saturation)."""
    need_tool("wrk", "Debian: apt-get install wrk; make bench installs it")
    delay_ms = 0.0 if rate is None else load.connections * 1000.0 / rate
    done = subprocess.run(
        ["wrk", "-t", str(load.threads), "-c", str(load.connections), "-d", f"{load.seconds}s",
         "--latency", "--timeout", "10s", "-s", str(HERE / script), "-H", f"Host: {HOST}",
         "-H", "X-Forwarded-Proto: https", url, "--", f"{delay_ms:.3f}", str(load.threads),
         *args],
        capture_output=True, text=True, timeout=load.seconds + 120, check=False,
    )  # fmt: skip
    if done.returncode:
        raise BenchError(f"wrk failed: {(done.stderr or done.stdout).strip()[-1000:]}")
    return parse(done.stdout)


def parse(output: str) -> Figures:
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
    # wrk divides by its whole duration even when a script stopped every thread early.
    elapsed = re.search(r"^ELAPSED ([\d.]+)$", output, re.M)
    used_up_after = float(elapsed.group(1)) if elapsed else None
    requests_per_second = float(rate.group(1)) if rate else 0.0
    if used_up_after:
        requests_per_second = sum(statuses.values()) / used_up_after
    return Figures(
        rate=requests_per_second,
        p50=ms("50"),
        p99=ms("99"),
        ok=sum(n for s, n in statuses.items() if 200 <= s < 399),
        bad=sum(n for s, n in statuses.items() if s >= 399),
        statuses=statuses,
        wrapped=int(wrapped.group(1)) if wrapped else 0,
        socket_errors=errors.group(1).strip() if errors else "",
        used_up_after=used_up_after,
    )


def combined(runs: list[Figures]) -> Figures:
    """Several equally long runs as one: the mean rate, the median p50, the worst p99."""
    statuses: dict[int, int] = {}
    for run in runs:
        for status, n in run.statuses.items():
            statuses[status] = statuses.get(status, 0) + n
    return Figures(
        rate=statistics.fmean(run.rate for run in runs),
        p50=statistics.median(run.p50 for run in runs),
        p99=max(run.p99 for run in runs),
        ok=sum(run.ok for run in runs),
        bad=sum(run.bad for run in runs),
        statuses=statuses,
        wrapped=sum(run.wrapped for run in runs),
        socket_errors="; ".join(run.socket_errors for run in runs if run.socket_errors),
    )


def alternating(
    urls: tuple[str, str], load: Load, run: Callable[[str, Load], Figures] | None = None
) -> tuple[Figures, Figures]:
    """Both addresses loaded in turn, in slices of about 2 s that add up to ``load.seconds``
    each: a ratio of the two that a shared machine's drift hardly moves, since other tenants'
    load comes and goes over seconds to minutes, and each address gets its share of every
    phase. ``run`` loads one address for one slice (``wrk`` by default)."""
    run = run or wrk
    slices = max(1, load.seconds // 2)
    piece = Load(seconds=max(1, load.seconds // slices), connections=load.connections,
                 threads=load.threads)  # fmt: skip
    runs: tuple[list[Figures], list[Figures]] = ([], [])
    for _ in range(slices):
        for url, figures in zip(urls, runs, strict=True):
            figures.append(run(url, piece))
    return combined(runs[0]), combined(runs[1])


# The latency target's load: "p99 ≤ 50 ms when loaded at half that rate", that rate being the
# throughput target of a ballot-committing request, 50 % of the ceiling.
PACED_SHARE = 0.25


# --- The table --------------------------------------------------------------------------------


@dataclass
class Row:
    what: str
    rate: float | None = None  # requests/s
    p50: float | None = None  # ms
    p99: float | None = None  # ms
    ratio: float | None = None  # of the hello-world ceiling
    ok_stored: str = ""  # "2xx-3xx / stored"
    lost: int | None = None
    duplicated: int | None = None
    seconds: float | None = None  # for one-off jobs (closing an edition)
    target: str = ""
    met: bool | None = None  # None: no target for this row
    notes: str = ""


HEADER = (
    "| what | req/s | p50 ms | p99 ms | of ceiling | 2xx-3xx / stored | lost | dup "
    "| seconds | target | met |"
)


def _num(value: float | None, fmt: str) -> str:
    return "" if value is None or value != value else format(value, fmt)


def table(rows: list[Row]) -> str:
    lines = [HEADER, "|" + "---|" * 11]
    for row in rows:
        met = "" if row.met is None else ("met" if row.met else "NOT MET")
        lines.append(
            f"| {row.what} | {_num(row.rate, '.0f')} | {_num(row.p50, '.1f')} "
            f"| {_num(row.p99, '.1f')} | "
            f"{'' if row.ratio is None else f'{row.ratio * 100:.0f} %'} | {row.ok_stored} "
            f"| {'' if row.lost is None else row.lost} "
            f"| {'' if row.duplicated is None else row.duplicated} "
            f"| {_num(row.seconds, '.2f')} | {row.target} | {met} |"
        )
    notes = [f"- {row.what}: {row.notes}" for row in rows if row.notes]
    return "\n".join(lines + (["", *notes] if notes else []))
