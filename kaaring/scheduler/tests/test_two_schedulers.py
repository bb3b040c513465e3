"""Two scheduler processes at once, as on two nodes, on a database of their own (a SQLite file,
or a fresh database on the suite's PostgreSQL server): every slot of every job is enqueued
exactly once, whichever process wins it, and no slot in between is missed.

Their schedule (two_nodes_settings.py) has slots every second and every two seconds, so the
few seconds they run give each process many slots to race for at the same instant.
"""

import contextlib
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[3]
SUITE_DATABASE = os.environ.get("DATABASE_URL", "")
SECONDS = 4.5


@contextlib.contextmanager
def _database(tmp_path: Path) -> Iterator[str]:
    if not SUITE_DATABASE.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'scheduler.sqlite3'}"
        return
    server = SUITE_DATABASE.rsplit("/", 1)[0]
    name = f"kaaring_scheduler_{os.getpid()}_{int(time.time() * 1000) % 100000}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(database_url: str, query: str) -> list[tuple[object, ...]]:
    if database_url.startswith("sqlite"):
        path = database_url.removeprefix("sqlite:///")
        with contextlib.closing(sqlite3.connect(path)) as db:
            return list(db.execute(query))
    with psycopg.connect(database_url) as db:
        return list(db.execute(query))


def test_two_schedulers_at_once_enqueue_each_slot_once(tmp_path: Path) -> None:
    with _database(tmp_path) as database_url:
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "DJANGO_SETTINGS_MODULE": "kaaring.scheduler.tests.two_nodes_settings",
            "DEBUG": "1",
            "SECRET_KEY": "scheduler-test-secret-key-not-for-production",
            "DATABASE_URL": database_url,
            "EMAIL_URL": "locmem://",
            "KAARING_ENV_FILE": "",
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        migrated = subprocess.run(  # noqa: S603 - our own manage.py
            [*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, capture_output=True,
            text=True, timeout=120, check=False,
        )  # fmt: skip
        assert migrated.returncode == 0, migrated.stderr[-2000:]

        command = [*manage, "scheduler", "--seconds", str(SECONDS)]
        nodes = [
            subprocess.Popen(  # noqa: S603 - our own manage.py
                command,
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outputs = [node.communicate(timeout=60) for node in nodes]

        for node, (_out, err) in zip(nodes, outputs, strict=True):
            assert node.returncode == 0, err[-2000:]
            assert "Traceback" not in err
        runs = _rows(
            database_url, "SELECT job, slot_start, task_result_id FROM scheduler_scheduledrun"
        )
        tasks = _rows(database_url, "SELECT id, task_path FROM django_tasks_database_dbtaskresult")

    every_second = sorted(str(slot) for job, slot, _ in runs if job == "every_second")
    assert len(every_second) == len(set(every_second)) >= 4  # one run per slot, none missed
    enqueued = {str(task_id).replace("-", "") for task_id, _ in tasks}
    claimed = [str(task_id).replace("-", "") for _, _, task_id in runs]
    assert sorted(claimed) == sorted(enqueued)  # each task belongs to exactly one claimed slot
    assert len(tasks) == len(runs)
    both = "".join(err for _, err in outputs)
    assert both.count("enqueued as task") == len(runs)
