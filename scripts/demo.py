"""``make demo``'s process runner: everything a real installation runs, in one terminal.

    web        gunicorn with DEBUG off: static files from WhiteNoise, Kåring's own error pages
    worker     manage.py db_worker: sends the mails (printed here: EMAIL_URL=console://)
    scheduler  manage.py scheduler: closes votes and purges on schedule
    eid        the OpenID provider the e-ID tests use (oidc-provider-mock), with demo voters

Each runs in its own process group with its output prefixed by its name. Ctrl-C (or SIGTERM)
stops them all: SIGTERM to each group, SIGKILL to any still running after a few seconds. If one
stops by itself, the others are stopped too and the runner exits non-zero, naming it.

The database and secret key come from var/dev.env (config/devenv.py), which ``make demo``
writes; this script only sets what differs from development there (DEBUG off and what that
needs over plain HTTP on 127.0.0.1) and the e-ID provider's address.
"""

import contextlib
import email
import email.policy
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
MANAGE = [PYTHON, str(ROOT / "manage.py")]
STOP_SECONDS = 8.0
# How Django's console mail backend prints a message: its headers, then a line of 79 dashes.
MAIL_STARTS = ("Content-Type: ", "MIME-Version: ")
MAIL_END = "-" * 79
START_SECONDS = 30.0

# Fictional voters of the demo's e-ID provider: ``pid`` is the identity claim (a national
# identity number at ID-porten; these are made up), ``acr`` the assurance level. Ola's is too
# low for the edition, so the demo shows that refusal too.
OIDC_CLIENT_ID = "kaaring-demo"
OIDC_CLIENT_SECRET = "demo-client-secret"  # noqa: S105 - a local demo provider's fixed secret
OIDC_ACR = "idporten-loa-substantial"
DEMO_VOTERS = [
    {"sub": "kari", "pid": "24079409630", "acr": OIDC_ACR},
    {"sub": "nora", "pid": "13058912345", "acr": OIDC_ACR},
    {"sub": "ola", "pid": "01010112345", "acr": "idporten-loa-low"},
]


def mail_readable(raw: str) -> list[str]:
    """A mail as the console backend printed it (quoted-printable, folded), as lines a person
    reads: sender, recipient, subject and the plain-text part decoded."""
    message = email.message_from_string(raw, policy=email.policy.default)
    body = message.get_body(preferencelist=("plain",))
    text = body.get_content() if isinstance(body, email.message.EmailMessage) else raw
    return [
        "---- e-mail " + "-" * 50,
        f"From:    {message['From']}",
        f"To:      {message['To']}",
        f"Subject: {message['Subject']}",
        "",
        *text.rstrip().splitlines(),
        "-" * 62,
    ]


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _port_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


def _environment(port: int, oidc_port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "PORT": str(port),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # Plain HTTP on this machine: no redirect to HTTPS, no HSTS for 127.0.0.1.
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "EMAIL_URL": env.get("EMAIL_URL", "console://"),
            "OIDC_ISSUER": f"http://127.0.0.1:{oidc_port}",
            "OIDC_CLIENT_ID": OIDC_CLIENT_ID,
            "OIDC_CLIENT_SECRET": OIDC_CLIENT_SECRET,
            "OIDC_IDENTITY_CLAIM": "pid",
            "OIDC_REQUIRED_ACR": OIDC_ACR,
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _commands(port: int, oidc_port: int) -> list[tuple[str, list[str]]]:
    voters = [arg for voter in DEMO_VOTERS for arg in ("--user-claims", json.dumps(voter))]
    return [
        (
            "eid",
            [str(BIN / "oidc-provider-mock"), "--port", str(oidc_port), "--require-nonce",
             "--no-refresh-token", *voters],
        ),
        (
            "web",
            [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
             "2", "--worker-class", "gthread", "--threads", "4", "--graceful-timeout", "3",
             "--no-control-socket"],
        ),
        ("worker", [*MANAGE, "db_worker", "--no-reload", "--interval", "1"]),
        ("scheduler", [*MANAGE, "scheduler"]),
    ]  # fmt: skip


class Runner:
    def __init__(self) -> None:
        self.children: list[Child] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.width = 9

    def say(self, name: str, line: str) -> None:
        with self.lock:
            sys.stdout.write(f"{name:<{self.width}} | {line}\n")
            sys.stdout.flush()

    def _copy_output(self, child: Child) -> None:
        """Each line of the child's output, prefixed; a mail printed by the console backend
        (which ends each with a line of 79 dashes) shown decoded instead, so that its link
        can be followed."""
        if child.process.stdout is None:
            return
        mail: list[str] | None = None
        for raw in child.process.stdout:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if mail is None and line.startswith(MAIL_STARTS):
                mail = []
            if mail is None:
                self.say(child.name, line)
            elif line == MAIL_END:
                self._show_mail(child.name, "\n".join(mail))
                mail = None
            else:
                mail.append(line)

    def _show_mail(self, name: str, raw: str) -> None:
        for line in mail_readable(raw):
            self.say(name, line)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Child:
        process = subprocess.Popen(  # noqa: S603 - our own programs from .venv
            argv, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        child = Child(name, process)
        self.children.append(child)
        threading.Thread(target=self._copy_output, args=(child,), daemon=True).start()
        return child

    def wait_for_port(self, child: Child, port: int) -> bool:
        until = time.monotonic() + START_SECONDS
        while time.monotonic() < until and not self.stopping.is_set():
            if child.process.poll() is not None:
                return False
            if _port_answers(port):
                return True
            self.stopping.wait(0.2)
        return False

    def stop_all(self) -> None:
        for child in reversed(self.children):
            if child.process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signal.SIGTERM)
        until = time.monotonic() + STOP_SECONDS
        for child in self.children:
            try:
                child.process.wait(timeout=max(0.1, until - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signal.SIGKILL)
                child.process.wait(timeout=5)

    def first_exited(self) -> Child | None:
        return next((c for c in self.children if c.process.poll() is not None), None)


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    oidc_port = int(os.environ.get("OIDC_PORT", str(port + 1)))
    for name, number in (("PORT", port), ("OIDC_PORT", oidc_port)):
        if not _port_free(number):
            print(
                f"demo: port {number} on 127.0.0.1 is in use; choose another with {name}=…",
                file=sys.stderr,
            )
            return 2
    env = _environment(port, oidc_port)
    collected = subprocess.run(  # noqa: S603 - our own manage.py
        [*MANAGE, "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=False
    )
    if collected.returncode:
        return collected.returncode

    runner = Runner()
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: runner.stopping.set())
    code = 0
    try:
        for name, argv in _commands(port, oidc_port):
            child = runner.start(name, argv, env)
            if name in {"eid", "web"} and not runner.wait_for_port(
                child, oidc_port if name == "eid" else port
            ):
                if not runner.stopping.is_set():
                    runner.say("demo", f"{name} did not start; stopping.")
                    code = 1
                break
        else:
            runner.say("demo", f"Kåring is at http://127.0.0.1:{port}/ (Ctrl-C stops everything)")
            while not runner.stopping.wait(0.5):
                exited = runner.first_exited()
                if exited is not None:
                    runner.say(
                        "demo", f"{exited.name} stopped (exit {exited.process.returncode}); "
                        "stopping the rest.",
                    )  # fmt: skip
                    code = 1
                    break
    finally:
        runner.stop_all()
    runner.say("demo", "stopped.")
    return code


if __name__ == "__main__":
    sys.exit(main())
