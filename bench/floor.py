"""How far the open vote can get on this machine: its ballot-committing work done without
Django's request handling (bench/floor_app.py), step by step, beside the real request and the
hello-world view, all served by the same gunicorn command and workers.

    DEBUG=1 .venv/bin/python bench/floor.py     # about 4 minutes; not part of `make bench`

Each row is loaded alone and measured against the hello-world view loaded just before and just
after it (the mean of the two), since the machine drifts. Each row votes in an edition of its
own, one new browser per request, with the same prepared bodies as bench/vote_open.py (the
production proof of work, solved beforehand), and the rate limits on, raised by the same
``RATELIMIT_OVERRIDES``. CPU per vote is read from /proc for the web workers and for the
PostgreSQL backends of the bench database.
"""

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common as c
from bench import vote_open

BENCH_DB = "kaaring_bench_floor"
APP = "bench.floor_app:application"
ROWS = (
    ("ballot", "floor: the ballot's statement and the receipt cookie, nothing else"),
    ("limits", "floor: + the three rate-limit counters"),
    ("all", "floor: + the proof of work verified (all the work of the request)"),
    ("real", "the real request: the vote view through Django"),
)


def _backends_cpu(env: dict[str, str]) -> dict[int, float]:
    """CPU seconds used so far by each PostgreSQL backend of the bench database."""
    return {pid: c.cpu_seconds([pid]) for pid in c.database_pids(env)}


def _vote(
    server: c.Server, load: c.Load, env: dict[str, str], *, year: int, steps: str
) -> tuple[c.Figures, float, float]:
    """One run of votes on a new edition; the figures, and CPU ms per vote of the workers and
    of PostgreSQL."""
    with tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp) / "bodies.tsv"
        vote_open._bodies(env, year, 2600 * load.seconds, bodies)
        if steps != "real":
            lines = bodies.read_text().splitlines(keepends=True)
            bodies.write_text("".join(f"/_floor/{steps}{line}" for line in lines))
        workers, postgres = c.cpu_seconds(server.worker_pids()), _backends_cpu(env)
        figures = c.wrk(
            server.base + "/",
            load,
            script="vote_post.lua",
            args=(str(bodies), f"https://{c.HOST}"),
        )
        after = _backends_cpu(env)
        # A backend that started during the run counts from zero.
        used = (
            c.cpu_seconds(server.worker_pids()) - workers,
            sum(seconds - postgres.get(pid, 0.0) for pid, seconds in after.items()),
        )
    if figures.bad or not figures.ok or figures.wrapped:
        raise c.BenchError(f"{steps}: statuses {figures.statuses}, {figures.wrapped} reused")
    return figures, 1000 * used[0] / figures.ok, 1000 * used[1] / figures.ok


def measure(server: c.Server, load: c.Load, env: dict[str, str]) -> list[c.Row]:
    hello = [c.wrk(server.base + "/_bench/hello", load)]
    rows = []
    for year, (steps, what) in enumerate(ROWS, start=2101):
        figures, workers, postgres = _vote(server, load, env, year=year, steps=steps)
        hello.append(c.wrk(server.base + "/_bench/hello", load))
        ceiling = statistics.fmean(run.rate for run in hello[-2:])
        rows.append(
            c.Row(
                what=what,
                rate=figures.rate,
                p50=figures.p50,
                p99=figures.p99,
                ratio=figures.rate / ceiling,
                notes=(
                    f"hello-world {ceiling:.0f}/s around it; CPU per vote {workers:.2f} ms in "
                    f"the workers, {postgres:.2f} ms in PostgreSQL"
                ),
            )
        )
    return rows


def main() -> int:
    started = time.monotonic()
    try:
        admin = c.postgres_admin_url()
        c.postgres_ready(admin)
        load = c.load_from_env()
        c.need_tool("wrk", "Debian: apt-get install wrk; make bench installs it")
        with c.fresh_database(admin, BENCH_DB) as database:
            env = c.server_env(database, RATELIMIT_OVERRIDES=vote_open.RATELIMIT_OVERRIDES)
            c.manage(env, "migrate", "--no-input", "-v", "0")
            c.manage(env, "createcachetable")
            c.manage(env, "collectstatic", "--no-input", "-v", "0")
            print(f"server: {' '.join(c.server_command(2, 4, APP))}, {c.describe_env(env)}")
            print(f"RATELIMIT_OVERRIDES={vote_open.RATELIMIT_OVERRIDES}")
            print(
                f"load: wrk {load.threads} threads x {load.connections} connections x "
                f"{load.seconds} s per run, on the same machine",
                flush=True,
            )
            with c.server(env, workers=2, threads=4, app=APP) as running:
                rows = measure(running, load, env)
    except c.BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print()
    print(c.table(rows))
    print(f"({time.monotonic() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    sys.exit(main())
