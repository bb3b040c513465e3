"""scripts/demo.py, ``make demo``'s runner: web (DEBUG off), task worker, scheduler and the e-ID
provider start in one command, Kåring's own error page shows, and one SIGINT (Ctrl-C) stops
every child. Runs against a fresh SQLite file, on free ports of 127.0.0.1, bounded in time."""

import contextlib
import http.client
import importlib.util
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from django.core.mail import EmailMultiAlternatives

ROOT = Path(__file__).resolve().parent.parent
DEADLINE = 90.0


def _runner_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("demo_runner", ROOT / "scripts" / "demo.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(port: int, path: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _processes_with(marker: str) -> list[int]:
    """Ids of live processes whose environment holds ``marker`` (the test's database)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with contextlib.suppress(OSError):
            if marker.encode() in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "State:\tZ" not in status:
                    found.append(int(entry.name))
    return found


@contextlib.contextmanager
def _runner(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], int, int, str]]:
    database = tmp_path / "demo.sqlite3"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "SECRET_KEY": "demo-runner-test-secret-key-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{database}",
        "KAARING_ENV_FILE": "",
        "LOG_LEVEL": "WARNING",
    }
    migrated = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v", "0"],
        cwd=ROOT, env={**env, "DEBUG": "1"}, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr[-2000:]
    port, oidc_port = _free_port(), _free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "demo.py")],
        cwd=ROOT, env={**env, "PORT": str(port), "OIDC_PORT": str(oidc_port)},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip
    try:
        yield process, port, oidc_port, str(database)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
        for pid in _processes_with(str(database)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _wait_for_line(process: subprocess.Popen[str], pattern: str) -> list[str]:
    seen: list[str] = []
    until = time.monotonic() + DEADLINE
    assert process.stdout is not None
    while time.monotonic() < until:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if re.search(pattern, line):
            return seen
    pytest.fail("the runner did not get there:\n" + "".join(seen[-40:]))


def test_one_command_runs_everything_and_one_ctrl_c_stops_it_all(tmp_path: Path) -> None:
    with _runner(tmp_path) as (process, port, oidc_port, database):
        started = _wait_for_line(process, r"Kåring is at http://127\.0\.0\.1:\d+/")
        names = {line.split("|", 1)[0].strip() for line in started if "|" in line}
        assert {"eid", "web"} <= names

        status, page = _get(port, "/finnes-ikke/")
        assert status == 404
        assert '<html lang="nb"' in page  # Kåring's own page, not Django's debug page
        assert "URLconf" not in page
        status, metadata = _get(oidc_port, "/.well-known/openid-configuration")
        assert status == 200
        assert f'"issuer": "http://127.0.0.1:{oidc_port}"' in metadata
        css = re.search(r'href="(/static/[^"]+\.css)"', _get(port, "/")[1])
        assert css is not None
        assert _get(port, css.group(1))[0] == 200  # static files served with DEBUG off

        children = _processes_with(database)
        assert len(children) >= 4  # eid, web (and its workers), worker, scheduler

        os.kill(process.pid, signal.SIGINT)
        rest, _ = process.communicate(timeout=30)

        assert process.returncode == 0, rest[-3000:]
        assert "scheduler | Scheduler stopped." in rest
        assert rest.rstrip().endswith("demo      | stopped.")
        assert _processes_with(database) == []


def test_a_port_in_use_is_refused_in_one_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        done = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "demo.py")],
            cwd=ROOT, env={"PATH": os.environ.get("PATH", ""), "PORT": str(port)},
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip

    assert done.returncode == 2
    assert done.stderr == (
        f"demo: port {port} on 127.0.0.1 is in use; choose another with PORT=…\n"
    )


def test_a_printed_mail_is_shown_decoded_with_its_link_whole() -> None:
    link = "http://127.0.0.1:8000/stem/bekreft/" + "A" * 60 + "/"
    message = EmailMultiAlternatives(
        subject="Bekreft stemmen din på Anne Eksempel",
        body=f"For at stemmen din skal telle, må du åpne denne lenken:\n\n{link}\n",
        from_email="Kåring <noreply@example.no>",
        to=["velger@example.org"],
    )
    message.attach_alternative(f'<p><a href="{link}">Åpne</a></p>', "text/html")
    raw = message.message().as_string()
    assert link not in raw  # folded and quoted-printable as the console backend prints it

    lines = _runner_module().mail_readable(raw)

    assert "Subject: Bekreft stemmen din på Anne Eksempel" in lines
    assert "To:      velger@example.org" in lines
    assert link in lines
    assert "For at stemmen din skal telle, må du åpne denne lenken:" in lines
