"""`make bench`: the benchmark suite, on PostgreSQL, printing one table.

Every ratio is measured side by side in the same run, since absolute figures on a shared
machine drift: one gunicorn server of this project serves the hello-world ceiling, the pages and
the votes in turn, and pgbench measures the database's own ceiling at the same concurrency.

    make bench                                  # everything
    DEBUG=1 .venv/bin/python -m bench vote_open pages   # some parts only

Configuration (environment; each value is checked and printed): BENCH_POSTGRES_URL
(postgres://postgres@127.0.0.1:5432/test; databases kaaring_bench* are created and dropped
there), BENCH_WORKERS (2), BENCH_THREADS_PER_WORKER (4: gthread workers as the README runs
them; 1: sync workers), BENCH_PORT (0: a free port), BENCH_SECONDS (10 per wrk run),
BENCH_CONNECTIONS (16), BENCH_THREADS (2), BENCH_PARTS (all). A missing service or tool, a port
in use or a bad value stops the suite with a message and exit status 2, before any figure.
"""

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common as c

PARTS = ("ceiling", "pages", "vote_open", "vote_email", "vote_eid", "close", "stats")
WEB_PARTS = {"ceiling", "pages", "vote_open", "vote_email", "vote_eid"}


def _parts(argv: list[str]) -> list[str]:
    wanted = argv or [p for p in os.environ.get("BENCH_PARTS", "").split(",") if p] or PARTS
    unknown = [p for p in wanted if p not in PARTS]
    if unknown:
        raise c.BenchError(f"unknown part(s) {', '.join(unknown)}; known: {', '.join(PARTS)}")
    return [p for p in PARTS if p in wanted]


def _pgbench(admin: str, connections: int, seconds: int) -> c.Row:
    """PostgreSQL's own ceiling for what a vote writes: one single-row INSERT … ON CONFLICT DO
    NOTHING per transaction, with synchronous commit, from as many clients as wrk has."""
    import subprocess
    import tempfile

    pgbench = c.need_tool("pgbench", "Debian: apt-get install postgresql-client")
    with c.fresh_database(admin, "kaaring_bench_pgbench") as url:
        c.psql(
            url,
            "CREATE TABLE ballot (id bigserial PRIMARY KEY, edition_id bigint NOT NULL, "
            "nominee_id bigint NOT NULL, voter_key varchar(64) NOT NULL, "
            "UNIQUE (edition_id, voter_key))",
        )
        with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
            script.write(
                "\\set nominee random(1, 7)\n"
                "INSERT INTO ballot (edition_id, nominee_id, voter_key) VALUES (1, :nominee, "
                "md5(random()::text || :client_id)) ON CONFLICT (edition_id, voter_key) "
                "DO NOTHING;\n"
            )
            script.flush()
            done = subprocess.run(
                [pgbench, "-n", "-c", str(connections), "-j", "2", "-T", str(seconds), "-f",
                 script.name, "-r", url],
                capture_output=True, text=True, timeout=seconds + 60, check=False,
            )  # fmt: skip
    if done.returncode:
        raise c.BenchError(f"pgbench failed: {done.stderr.strip()[-800:]}")
    import re

    tps = re.search(r"tps = ([\d.]+)", done.stdout)
    latency = re.search(r"latency average = ([\d.]+) ms", done.stdout)
    return c.Row(
        what=f"database ceiling: pgbench INSERT … ON CONFLICT, {connections} clients",
        rate=float(tps.group(1)) if tps else None,
        p50=None,
        notes=(f"average latency {latency.group(1)} ms" if latency else ""),
    )


def _prepare(env: dict[str, str]) -> None:
    c.manage(env, "migrate", "--no-input", "-v", "0")
    c.manage(env, "createcachetable")
    c.manage(env, "collectstatic", "--no-input", "-v", "0")
    c.manage(env, "load_demo", "--force")


def _web(
    parts: list[str], admin: str, load: c.Load, workers: int, threads: int, port: int
) -> tuple[list[c.Row], list[str]]:
    rows: list[c.Row] = []
    config: list[str] = []
    from bench import vote_open
    from bench._oidc_provider import eid_provider_start

    with (
        c.fresh_database(admin, "kaaring_bench") as database,
        eid_provider_start() as provider,
    ):
        extra = {"RATELIMIT_OVERRIDES": vote_open.RATELIMIT_OVERRIDES}
        env = c.server_env(database, **extra, **provider.server_env())
        _prepare(env)
        config.append(
            f"server: {' '.join(c.server_command(workers, threads))}, production settings "
            f"({c.describe_env(env)}), RATELIMIT_OVERRIDES={extra['RATELIMIT_OVERRIDES']} "
            "(every request comes from 127.0.0.1; the limits are counted as in production)"
        )
        config.append(
            f"load: wrk {load.threads} threads x {load.connections} connections x "
            f"{load.seconds} s per run, on the same 2-core machine as the server and database"
        )
        with c.server(env, workers=workers, threads=threads, port=port) as server:
            hello = c.wrk(server.base + "/_bench/hello", load)
            if hello.bad or not hello.rate:
                raise c.BenchError(f"the hello-world view failed: {hello.statuses}")
            ceiling = hello.rate
            rows.append(
                c.Row(what="ceiling: hello-world view", rate=ceiling, p50=hello.p50,
                      p99=hello.p99, ratio=1.0)
            )  # fmt: skip
            server.sample_rss()
            steps: list[tuple[str, Callable[[], list[c.Row]]]] = []
            if "ceiling" in parts:
                steps.append(("ceiling", lambda: [_healthz(server, load, ceiling)]))
                steps.append(("ceiling", lambda: [_pgbench(admin, load.connections, load.seconds)]))
            if "pages" in parts:
                from bench import pages

                steps.append(("pages", lambda: pages.measure(server, load, ceiling, env)))
            if "vote_open" in parts:
                steps.append(("vote_open", lambda: vote_open.measure(server, load, ceiling, env)))
            if {"vote_email", "vote_eid"} & set(parts):
                from bench import vote_modes

                if "vote_email" in parts:
                    steps.append(
                        ("vote_email", lambda: vote_modes.measure_email(server, load, ceiling, env))
                    )
                if "vote_eid" in parts:
                    steps.append(
                        ("vote_eid", lambda: vote_modes.measure_eid(server, load, ceiling, env))
                    )
            for _, step in steps:
                rows += step()
                server.sample_rss()
            # Growth: the first parts warm code paths (imports, templates, caches) once; a
            # worker that leaks grows again when the same work is repeated. So the open vote's
            # runs are repeated on new editions, and the growth is read across the repeat.
            vote_open.measure(server, load, ceiling, env, first_year=2011)
            server.sample_rss()
            rows.append(_rss(server))
    return rows, config


def _healthz(server: c.Server, load: c.Load, ceiling: float) -> c.Row:
    figures = c.wrk(server.base + "/healthz", load)
    return c.Row(
        what="/healthz (one SELECT 1)", rate=figures.rate, p50=figures.p50, p99=figures.p99,
        ratio=figures.rate / ceiling,
    )  # fmt: skip


def _rss(server: c.Server) -> c.Row:
    """Peak resident memory of the web workers (sampled after the ceiling and after each part),
    and the growth across the last step, a repeat of the open vote's runs."""
    peaks = {pid: max(samples) for pid, samples in server.rss_samples.items()}
    growth = {
        pid: samples[-1] - samples[-2] if len(samples) >= 2 else 0
        for pid, samples in server.rss_samples.items()
    }
    peak = max(peaks.values(), default=0) / 2**20
    grew = max(growth.values(), default=0) / 2**20
    samples = "; ".join(
        f"worker {i + 1}: " + " → ".join(f"{s / 2**20:.0f}" for s in values) + " MB"
        for i, values in enumerate(server.rss_samples.values())
    )
    return c.Row(
        what="web worker memory (RSS, MB): peak / growth across a repeated vote run",
        rate=None,
        seconds=None,
        ok_stored=f"{peak:.0f} / {grew:+.1f}",
        target="≤ 150 MB, growth ≤ 2 MB",
        met=peak <= 150 and grew <= 2,
        notes=samples,
    )


def run(parts: list[str]) -> tuple[list[c.Row], list[str]]:
    load = c.load_from_env()
    admin = c.postgres_admin_url()
    workers = c.env_int("BENCH_WORKERS", 2, 1, 64)
    threads = c.env_int("BENCH_THREADS_PER_WORKER", 4, 1, 64)
    port = c.port_free(c.env_int("BENCH_PORT", 0, 0, 65535))
    c.postgres_ready(admin)
    if WEB_PARTS & set(parts):
        c.need_tool("wrk", "Debian: apt-get install wrk; make bench installs it")
    rows: list[c.Row] = []
    config: list[str] = [f"PostgreSQL: {admin}"]
    if WEB_PARTS & set(parts):
        web_rows, web_config = _web(parts, admin, load, workers, threads, port)
        rows += web_rows
        config += web_config
    if "close" in parts:
        from bench import close_edition

        rows += close_edition.measure(admin)
    if "stats" in parts:
        from bench import stats_import

        rows += stats_import.measure(admin)
    return rows, config


def main_single(argv: list[str]) -> int:
    started = time.monotonic()
    try:
        parts = _parts(argv)
        rows, config = run(parts)
    except c.BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    print("Configuration:")
    print("\n".join(f"- {line}" for line in config))
    print()
    print(c.table(rows))
    missed = [row.what for row in rows if row.met is False]
    print()
    print(
        f"{sum(row.met is True for row in rows)} targets met, {len(missed)} not met "
        f"({time.monotonic() - started:.0f} s)"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main_single(sys.argv[1:]))
