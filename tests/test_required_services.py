"""A test that needs a missing service is skipped on a developer's machine and fails where
every service is required (KAARING_REQUIRE_SERVICES=1, as .ci/run sets it)."""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import redis_unreachable

ROOT = Path(__file__).resolve().parent.parent
PROBES = "tests/service_probe/probes.py"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(test: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"KAARING_REQUIRE_SERVICES"}}
    return subprocess.run(
        [sys.executable, "-m", "pytest", f"{PROBES}::{test}", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_without_redis_a_redis_test_is_skipped_or_fails_when_required() -> None:
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    skipped = _run("test_needs_redis", TEST_REDIS_URL=url)
    assert skipped.returncode == 0, skipped.stdout
    assert "1 skipped" in skipped.stdout
    failed = _run("test_needs_redis", TEST_REDIS_URL=url, KAARING_REQUIRE_SERVICES="1")
    assert failed.returncode != 0
    assert "KAARING_REQUIRE_SERVICES=1" in failed.stdout
    assert "1 skipped" not in failed.stdout


def test_a_postgresql_test_fails_when_required_on_a_run_meant_for_another_database(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    failed = _run("test_needs_postgresql", DATABASE_URL=url, KAARING_REQUIRE_SERVICES="1")
    assert failed.returncode != 0
    assert "needs PostgreSQL" in failed.stdout
    # The SQLite run of the suite (no DATABASE_URL) leaves them to the PostgreSQL run.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    sqlite = subprocess.run(
        [sys.executable, "-m", "pytest", f"{PROBES}::test_needs_postgresql", "-q"],
        cwd=ROOT,
        env=env | {"KAARING_REQUIRE_SERVICES": "1"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "1 skipped" in sqlite.stdout


def test_only_a_failure_to_connect_counts_as_no_redis() -> None:
    assert redis_unreachable(f"redis://127.0.0.1:{_closed_port()}/0") is not None
    with pytest.raises(ValueError, match="scheme"):
        redis_unreachable("http://127.0.0.1:6379/0")
