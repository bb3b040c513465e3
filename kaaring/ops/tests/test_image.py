"""The image, started with podman against a PostgreSQL cluster of the test's own: migrations as
their own container, then the web process as a non-root user on a read-only root filesystem,
ready on /readyz and serving pages. Skipped unless podman and the image are there
(``deploy/base-image.sh`` and ``podman build``: docs/operations.md, "The image")."""

import contextlib
import os
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest

from kaaring.ops.tests import pgcluster
from kaaring.ops.tests.server import SECRET_KEY, WEB_PORTS

IMAGE = os.environ.get("KAARING_IMAGE", "localhost/kaaring:latest")
DEADLINE = 60.0
# A tmpfs inside the container, not the host's /tmp.
CONTAINER_TMP = "/tmp"  # noqa: S108


def _podman() -> list[str]:
    # crun refuses hybrid cgroups (v1 with a v2 controller), as on this project's CI machine;
    # runc copes. Limits no higher than the machine's own.
    runtime = ["--runtime", "runc"] if shutil.which("runc") else []
    return ["podman", *runtime]


def _image_present() -> bool:
    if shutil.which("podman") is None:
        return False
    done = subprocess.run([*_podman(), "image", "exists", IMAGE], check=False, timeout=60)  # noqa: S603
    return done.returncode == 0


def _run_args(database_url: str) -> list[str]:
    env = {
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "EMAIL_URL": "locmem://",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }
    args = ["--network", "host", "--read-only", "--tmpfs", CONTAINER_TMP,
            "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=1024:1024"]  # fmt: skip
    for key, value in env.items():
        args += ["--env", f"{key}={value}"]
    return args


@contextlib.contextmanager
def _web(database_url: str, port: int) -> Iterator[str]:
    name = f"kaaring-test-{os.getpid()}"
    subprocess.run(  # noqa: S603
        [*_podman(), "run", "--detach", "--name", name, *_run_args(database_url), IMAGE,
         "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--worker-class", "gthread", "--threads", "2", "--worker-tmp-dir", CONTAINER_TMP,
         "--no-control-socket"],
        check=True, timeout=120, capture_output=True,
    )  # fmt: skip
    try:
        yield name
    finally:
        subprocess.run([*_podman(), "rm", "--force", name], check=False, timeout=60)  # noqa: S603


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - our own server
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


@pytest.mark.skipif(not pgcluster.available(), reason="PostgreSQL server binaries missing")
@pytest.mark.skipif(not _image_present(), reason=f"podman or the image {IMAGE} is missing")
def test_the_image_migrates_then_serves_as_a_user_on_a_read_only_root() -> None:
    with pgcluster.primary() as pg:
        with pg.connect() as admin:
            admin.execute("CREATE DATABASE kaaring")
        database_url = pg.url("kaaring")
        migrate = subprocess.run(  # noqa: S603
            [*_podman(), "run", "--rm", *_run_args(database_url), IMAGE,
             "python", "manage.py", "migrate", "--no-input", "-v", "0"],
            check=False, timeout=300, capture_output=True, text=True,
        )  # fmt: skip
        assert migrate.returncode == 0, migrate.stderr[-2000:]
        port = pgcluster.free_port(WEB_PORTS)
        with _web(database_url, port) as name:
            until = time.monotonic() + DEADLINE
            while True:
                with contextlib.suppress(OSError):
                    if _get(f"http://127.0.0.1:{port}/readyz") == 200:
                        break
                assert time.monotonic() < until, "the container did not get ready"
                time.sleep(0.5)  # waiting for the container to start
            assert _get(f"http://127.0.0.1:{port}/") == 200
            assert _get(f"http://127.0.0.1:{port}/static/kaaring/site.css") == 200

            def inside(*command: str) -> subprocess.CompletedProcess[str]:
                return subprocess.run(  # noqa: S603
                    [*_podman(), "exec", name, *command],
                    check=False, timeout=60, capture_output=True, text=True,
                )  # fmt: skip

            assert inside("id", "-u").stdout.strip() == "10001"
            assert inside("touch", "/opt/kaaring/app/written").returncode != 0
