"""PostgreSQL clusters of a test's own, started and stopped with Debian's server binaries.

A test that stops the database, pauses a standby's replay or restores a dump needs a server it
may break: each cluster here lives in the test's temporary directory, listens on 127.0.0.1 on a
free port of ``PORTS`` (never the machine's server on 5432), and is stopped whatever the
outcome. Run as root, the binaries run as the ``postgres`` user (initdb refuses root).
"""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PORTS = range(5570, 5600)
DEADLINE = 30.0


def available() -> bool:
    return (BIN / "initdb").exists()


def _as_postgres() -> list[str]:
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _run(*args: str | Path, timeout: float = DEADLINE) -> None:
    done = subprocess.run(  # noqa: S603 - fixed binaries, arguments built here
        [*_as_postgres(), *map(str, args)], capture_output=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise RuntimeError(f"{Path(args[0]).name} failed: {done.stderr.decode()[-2000:]}")


def free_port(ports: range = PORTS) -> int:
    for port in ports:
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports.start}-{ports.stop - 1}")


@dataclass
class Cluster:
    data: Path
    port: int

    def url(self, database: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection:
        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=5)

    def start(self) -> None:
        _run(
            BIN / "pg_ctl", "-D", self.data, "-l", self.data / "server.log", "-w", "-t", "30",
            "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start",
        )  # fmt: skip
        until = time.monotonic() + DEADLINE
        while True:
            try:
                with self.connect():
                    return
            except psycopg.OperationalError:
                if time.monotonic() > until:
                    raise
                time.sleep(0.1)  # waiting for a server to accept connections

    def stop(self, mode: str = "fast") -> None:
        _run(BIN / "pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "30", "stop")

    def promote(self) -> None:
        """A standby leaves recovery and takes writes (the runbook's step 2)."""
        _run(BIN / "pg_ctl", "-D", self.data, "-w", "-t", "30", "promote")

    def running(self) -> bool:
        return (self.data / "postmaster.pid").exists()


def _owned_dir(kind: str) -> Path:
    """A new directory in the system's temporary directory (not pytest's, which is private to
    the user running the tests and reset by each pytest session), owned by the server's user."""
    path = Path(tempfile.mkdtemp(prefix=f"kaaring-pg-{kind}-"))
    if os.geteuid() == 0:
        postgres = pwd.getpwnam("postgres")
        os.chown(path, postgres.pw_uid, postgres.pw_gid)
    os.chmod(path, 0o700)
    return path


@contextlib.contextmanager
def primary() -> Iterator[Cluster]:
    """A fresh cluster, trust authentication on 127.0.0.1, ready for a streaming standby."""
    if not available():
        pytest.skip(f"PostgreSQL server binaries not found in {BIN}")
    data = _owned_dir("primary")
    _run(BIN / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
         "--locale=C.UTF-8", "--no-sync")  # fmt: skip
    with (data / "postgresql.conf").open("a") as conf:
        conf.write("fsync = off\nwal_level = replica\nmax_wal_senders = 4\nhot_standby = on\n")
    cluster = Cluster(data, free_port())
    try:
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                cluster.stop("immediate")
        shutil.rmtree(data, ignore_errors=True)


@contextlib.contextmanager
def standby(of: Cluster) -> Iterator[Cluster]:
    """A streaming-replication standby of ``of``, made by ``pg_basebackup -R``."""
    data = _owned_dir("standby")
    cluster = Cluster(data, free_port(range(of.port + 1, PORTS.stop)))
    try:
        # A fast checkpoint: the default spreads it over minutes.
        _run(BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", str(of.port), "-U", "postgres",
             "-D", data, "-R", "-X", "stream", "-c", "fast", "--no-sync")  # fmt: skip
        cluster.start()
        yield cluster
    finally:
        if cluster.running():
            with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
                cluster.stop("immediate")
        shutil.rmtree(data, ignore_errors=True)


def wait_for_replay(primary: Cluster, standby: Cluster) -> None:
    """Until ``standby`` has replayed everything ``primary`` has written so far."""
    with primary.connect() as conn:
        row = conn.execute("SELECT pg_current_wal_lsn()").fetchone()
    assert row is not None
    until = time.monotonic() + DEADLINE
    with standby.connect() as conn:
        while True:
            done = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [row[0]])
            if (done.fetchone() or (False,))[0]:
                return
            if time.monotonic() > until:
                raise RuntimeError("the standby did not catch up within the deadline")
            time.sleep(0.05)  # waiting for replication, not timing anything
