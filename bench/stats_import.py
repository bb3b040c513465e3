"""Import every shipped sample file into a fresh SQLite and a fresh PostgreSQL database and print
the seconds per file and in total (target: all files in under 30 s).

    DEBUG=1 .venv/bin/python bench/stats_import.py

PostgreSQL is reached through BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/test);
the bench creates its own database kaaring_bench_stats there and drops it afterwards. When the
server does not answer, only SQLite is measured.
"""

import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench._common import Row

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/test")
BENCH_DB = "kaaring_bench_stats"

# Runs in a child process so that each database gets its own Django setup.
CHILD = textwrap.dedent(
    """
    import time, django
    django.setup()
    from django.core.management import call_command
    from kaaring.municipal_stats import services
    from kaaring.municipal_stats.services import SAMPLE_DATA

    call_command("migrate", verbosity=0)
    total = 0.0
    def timed(label, work):
        global total
        start = time.perf_counter()
        result = work()
        seconds = time.perf_counter() - start
        total += seconds
        count = getattr(result, "figures", None) or getattr(result, "codes", "")
        print(f"  {seconds:7.3f} s  {label}  ({count})", flush=True)

    klass = sorted((SAMPLE_DATA / "klass131").glob("*.json"))
    timed("klass131 (4 files)", lambda: services.municipalities_import(paths=klass))
    for entry in services._manifest_entries():
        path = SAMPLE_DATA / entry["path"]
        if entry["publisher"] == "SSB":
            timed(entry["path"], lambda: services.ssb_import(location=str(path)))
        else:
            timed(entry["path"], lambda: services.imdi_import(path=path))
    print(f"  {total:7.3f} s  total", flush=True)
    """
)


def run(label: str, database_url: str, *, echo: bool = True) -> float:
    """Import everything into ``database_url``; the total seconds."""
    if echo:
        print(f"{label}:", flush=True)
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": database_url}
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    done = subprocess.run(
        [sys.executable, "-c", CHILD], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True, timeout=600,
    )  # fmt: skip
    if echo:
        print(done.stdout, end="", flush=True)
    return float(done.stdout.strip().splitlines()[-1].split()[0])


def measure(admin_url: str) -> list["Row"]:
    """Rows for the suite's table: the whole sample import on SQLite and on PostgreSQL."""
    from bench._common import BenchError, Row, fresh_database

    rows = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            sqlite = run("SQLite", f"sqlite:///{tmp}/bench.sqlite3", echo=False)
        with fresh_database(admin_url, BENCH_DB) as url:
            postgresql = run("PostgreSQL", url, echo=False)
    except subprocess.CalledProcessError as error:
        raise BenchError(f"the statistics import failed: {error.stderr.strip()[-1500:]}") from None
    seconds = sqlite
    rows.append(Row(what="statistics: import every sample file, SQLite", seconds=seconds,
                    target="≤ 30 s", met=seconds <= 30))  # fmt: skip
    seconds = postgresql
    rows.append(Row(what="statistics: import every sample file, PostgreSQL", seconds=seconds,
                    target="≤ 30 s", met=seconds <= 30))  # fmt: skip
    return rows


def postgres(sql: str) -> bool:
    import psycopg

    try:
        with psycopg.connect(POSTGRES, autocommit=True, connect_timeout=5) as conn:
            conn.execute(sql)
    except psycopg.OperationalError as exc:
        print(f"PostgreSQL not reachable ({exc}); skipped.")
        return False
    return True


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        run("SQLite", f"sqlite:///{tmp}/bench.sqlite3")
    if postgres(f"DROP DATABASE IF EXISTS {BENCH_DB}") and postgres(f"CREATE DATABASE {BENCH_DB}"):
        try:
            run("PostgreSQL", POSTGRES.rsplit("/", 1)[0] + f"/{BENCH_DB}")
        finally:
            postgres(f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
