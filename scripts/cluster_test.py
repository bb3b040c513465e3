"""A whole deployment on one machine, put under vote load while its parts fail.

    .venv/bin/python scripts/cluster_test.py        # `make cluster-test`

Starts, from this checkout: a PostgreSQL 15 primary and a streaming standby (synchronous, so
an acknowledged commit is on both), a Redis server, three gunicorn web nodes (each its own
environment, as on separate machines, sharing only SECRET_KEY and the services), one task
worker, the scheduler and HAProxy in front of the nodes with ``option httpchk GET /readyz``.
A local OpenID provider (bench/_oidc_provider.py) stands in for ID-porten.

A threaded client then votes through HAProxy in the three voting modes (open: forms with a
solved proof of work; e-mail: confirmation links; e-ID: callbacks after a real login) while the
script SIGKILLs a web node and restarts it, SIGKILLs the worker and restarts it, restarts the
primary with ``pg_ctl -m immediate``, and finally stops the primary for good, promotes the
standby and restarts every node on it (the runbook in docs/operations.md).

At the end every acknowledged ballot (a receipt cookie in a 2xx/3xx answer) is looked up by
its receipt on the promoted database: 0 lost and 0 duplicated are required, and no answer may
carry a traceback. Cross-node checks: an e-ID login started on one node finishes on another,
an e-mail link asked for on one node is confirmed on another, and a rate limit counts requests
made to all three nodes. It prints one table and exits 1 when a check fails, 2 when the
cluster could not be brought up. Every process and the temporary directory go away on exit,
also on Ctrl-C.

Ports: PostgreSQL CLUSTER_PG_PORT (5540) and the next one, HAProxy CLUSTER_PORT (8150) and the
three next for the nodes, Redis CLUSTER_REDIS_PORT (6390). Load seconds per phase:
CLUSTER_PHASE_SECONDS (5).
"""

import base64
import collections
import contextlib
import html
import http.client
import json
import os
import queue
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._common import HOST, BenchError, psql, run_python  # noqa: E402
from bench._oidc_provider import Provider, eid_provider_start  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
CSRF = "clustercsrftokenclustercsrftoken"  # 32 characters: Django's unmasked secret form
SITE = f"https://{HOST}"
DBNAME = "kaaring_cluster"
SECRET_KEY = "cluster-" + base64.urlsafe_b64encode(os.urandom(36)).decode()
CLIENT_THREADS = 6
CLIENT_RATE = 15
RECEIPT_COOKIE = "kaaring_receipt"
RATELIMIT_PROBE = 6  # the challenge endpoint's per-IP limit during the run


START = time.monotonic()


def say(line: str) -> None:
    print(f"[{time.monotonic() - START:5.1f} s] {line}", flush=True)


class ClusterError(Exception):
    """The cluster could not be brought up: one line for the operator."""


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    if not raw.isdigit():
        raise ClusterError(f"{name} must be a whole number, not {raw!r}")
    return int(raw)


def port_check(port: int) -> int:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # TIME_WAIT is no user
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            raise ClusterError(f"port {port} on 127.0.0.1 is in use") from None
    return port


# --- Processes --------------------------------------------------------------------------------


class Processes:
    """Every long-running child, each in its own process group, logged to a file."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.running: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own programs and Debian's
            argv, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.running[name] = process
        return process

    def kill(self, name: str, sig: int = signal.SIGKILL) -> None:
        process = self.running.pop(name, None)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(timeout=8)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)

    def stop_all(self) -> None:
        for name in list(self.running):
            self.kill(name, signal.SIGTERM)

    def log_text(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


# --- PostgreSQL -------------------------------------------------------------------------------


def as_postgres(argv: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its tools as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def pg(argv: list[str], *, timeout: int = 60) -> None:
    done = subprocess.run(  # noqa: S603 - PostgreSQL's own tools
        as_postgres(argv), capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode:
        raise ClusterError(f"{Path(argv[0]).name} failed: {(done.stderr or done.stdout)[-800:]}")


@dataclass
class Cluster:
    data: Path
    port: int
    socket_dir: Path

    def url(self, database: str = DBNAME) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def ctl(self, *args: str, timeout: int = 60) -> None:
        log = str(self.data.parent / f"{self.data.name}.log")
        pg([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", log, "-w", *args], timeout=timeout)


def clusters_create(base: Path, port: int) -> tuple[Cluster, Cluster]:
    base.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary = Cluster(base / "primary", port, base)
    standby = Cluster(base / "standby", port + 1, base)
    pg([str(PG_BIN / "initdb"), "-D", str(primary.data), "-U", "postgres", "--auth=trust",
        "-E", "UTF8", "--locale=C.UTF-8"], timeout=120)  # fmt: skip
    settings = textwrap.dedent(
        f"""
        listen_addresses = '127.0.0.1'
        port = {primary.port}
        unix_socket_directories = '{base}'
        wal_level = replica
        max_wal_senders = 5
        hot_standby = on
        fsync = on
        max_connections = 100
        shared_buffers = 32MB
        """
    )
    with (primary.data / "postgresql.conf").open("a") as conf:
        conf.write(settings)
    with (primary.data / "pg_hba.conf").open("a") as hba:
        hba.write("host replication postgres 127.0.0.1/32 trust\n")
    primary.ctl("start")
    pg([str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(primary.port), "-U",
        "postgres", "-D", str(standby.data), "-R", "-X", "stream"], timeout=120)  # fmt: skip
    with (standby.data / "postgresql.auto.conf").open("a") as conf:
        conf.write(f"port = {standby.port}\n")
        conf.write(
            f"primary_conninfo = 'host=127.0.0.1 port={primary.port} user=postgres "
            "application_name=standby'\n"
        )
    standby.ctl("start")
    # Synchronous from here on: a commit is acknowledged once the standby has it, so the
    # promotion loses nothing that a voter was told. Only the primary has the setting.
    psql(primary.url("postgres"), "ALTER SYSTEM SET synchronous_standby_names = 'standby'")
    psql(primary.url("postgres"), "SELECT pg_reload_conf()")
    psql(primary.url("postgres"), f"CREATE DATABASE {DBNAME}")
    return primary, standby


# --- Nodes ------------------------------------------------------------------------------------


def node_env(database: str, redis_url: str, provider: Provider, node: str) -> dict[str, str]:
    """One machine's environment: production settings (DEBUG off)."""
    env = {k: os.environ[k] for k in ("PATH", "LANG", "HOME") if k in os.environ}
    env.update(
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        DATABASE_URL=database,
        REDIS_URL=redis_url,
        ALLOWED_HOSTS=HOST,
        EMAIL_URL="console://",
        KAARING_ENV_FILE="",
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="config.settings",
        KAARING_NODE=node,
        # Every request comes from 127.0.0.1: the vote's per-IP limits are raised, the
        # challenge endpoint's is kept small to show that the nodes count together.
        RATELIMIT_OVERRIDES=(
            "vote_open_per_ip=100000000/600,vote_open_per_subnet=100000000/600,"
            f"altcha_challenge_per_ip={RATELIMIT_PROBE}/600"
        ),
        **provider.server_env(),
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    done = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    if done.returncode:
        raise ClusterError(f"manage.py {' '.join(args)} failed: {done.stderr[-1500:]}")


def request(port: int, method: str, path: str, *, body: str = "", cookie: str = "",
         timeout: float = 15) -> tuple[int, dict[str, str], list[str], str]:  # fmt: skip
    """(status, headers, Set-Cookie values, body) of one request; status 0: no answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Connection": "close"}
    if method == "POST":
        headers.update(Origin=SITE, Referer=SITE + path)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if cookie:
        headers["Cookie"] = cookie
    try:
        connection.request(method, path, body=body or None, headers=headers)
        response = connection.getresponse()
        text = response.read().decode(errors="replace")
        cookies = response.headers.get_all("Set-Cookie") or []
        headers = {k.lower(): v for k, v in response.headers.items()}  # HAProxy lowercases
        return response.status, headers, cookies, text
    except OSError as error:
        return 0, {}, [], type(error).__name__
    finally:
        connection.close()


def wait_ready(port: int, seconds: float = 60) -> float:
    """Seconds until /readyz answers 200 on ``port``; ClusterError past ``seconds``."""
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if request(port, "GET", "/readyz", timeout=2)[0] == 200:
            return time.monotonic() - start
        time.sleep(0.2)
    raise ClusterError(f"nothing ready on port {port} after {seconds:.0f} s")


HAPROXY = textwrap.dedent(
    """
    global
        maxconn 512
    defaults
        mode http
        errorfile 502 {errors}
        errorfile 503 {errors}
        errorfile 504 {errors}
        timeout connect 2s
        timeout client 30s
        timeout server 30s
        retries 2
        option redispatch
    frontend web
        bind 127.0.0.1:{port}
        default_backend nodes
    backend nodes
        balance roundrobin
        option httpchk
        http-check send meth GET uri /readyz hdr Host {host} hdr X-Forwarded-Proto https
        default-server inter 500ms fall 2 rise 2
    {servers}
    """
)


# HAProxy's answer when no node can take a request (or a node died with it): the same 503 with
# Retry-After as a node's own, so that a client retries; the submission key makes that safe.
PROXY_REFUSAL = (
    "HTTP/1.0 503 Service Unavailable\r\n"
    "Cache-Control: no-store\r\n"
    "Retry-After: 2\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Tenesta er mellombels utilgjengeleg. Prøv igjen om litt.\n"
    "The service is unavailable for a moment. Please try again shortly.\n"
).encode()


# --- Prepared voters --------------------------------------------------------------------------

# Runs with a node's environment: one open edition per mode, two nominees each. Prints
# "mode id year" lines.
EDITIONS = textwrap.dedent(
    """
    import datetime as dt, django
    django.setup()
    from django.utils import timezone
    from kaaring.accounts.models import Organisation
    from kaaring.awards import services
    organisation = Organisation.objects.create(slug="klynge", name="Klynge", kind="other")
    now = timezone.now()
    for mode in ("open", "email", "eid"):
        award = services.award_create(
            actor=None, organisation=organisation, slug=f"klynge-{mode}", name=f"Klynge {mode}",
            description="Prøve.")
        edition = services.edition_create(
            actor=None, award=award, year=2030, announced_at=now - dt.timedelta(days=30),
            voting_opens_at=now - dt.timedelta(days=1), voting_closes_at=now + dt.timedelta(days=7),
            voting_mode=mode, finalist_count=2, tie_break="all_tied_advance",
            decision_rule="top_n_then_jury")
        for position, name in enumerate(["Stange", "Asker"], start=1):
            services.nominee_create(actor=None, edition=edition, slug=name.lower(),
                kind="municipality", name=name, municipality_number=str(3400 + position),
                position=position)
        print(mode, edition.pk, edition.year)
    """
)

# Open mode: vote bodies with a solved proof of work, one browser each. "path<TAB>cookie<TAB>body".
OPEN_BODIES = textwrap.dedent(
    """
    import secrets, sys, urllib.parse, django
    django.setup()
    from kaaring.public.tests.vote_helpers import solved
    from kaaring.public.views.vote_common import loaded_stamp
    year, count, csrf = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    for i in range(count):
        submission = secrets.token_urlsafe(24)
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": csrf, "submission": submission,
            "loaded": loaded_stamp(binding=submission), "altcha": solved(production=True)})
        cookie = f"csrftoken={csrf}; kaaring_browser={secrets.token_urlsafe(24)}"
        nominee = ("stange", "asker")[i % 2]
        print(f"/klynge-open/{year}/stem/{nominee}/\\t{cookie}\\t{body}")
    """
)

# E-mail mode: pending, sent confirmations stored as the request step stores them, one link
# POST per line (the button on the link's page).
EMAIL_LINKS = textwrap.dedent(
    """
    import datetime as dt, secrets, sys, urllib.parse, django
    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from kaaring.awards.models import Edition
    from kaaring.mailaddress import address_normalise
    from kaaring.public.views.vote_common import loaded_stamp, submission_key_new
    from kaaring.voting.modes import mail as email_votes
    from kaaring.voting.models import BallotMode, EmailConfirmation
    from kaaring.voting.services import voter_key
    edition_id, count, csrf, site = sys.argv[1:5]
    edition = Edition.objects.get(pk=int(edition_id))
    nominees = list(edition.nominees.order_by("position"))
    now = timezone.now()
    expires = now + dt.timedelta(hours=settings.VOTE_EMAIL_CONFIRMATION_HOURS)
    rows = []
    for i in range(int(count)):
        address = f"klynge.{i}@example.no"
        nonce = secrets.token_hex(16)
        token = email_votes._token(nonce)
        rows.append(EmailConfirmation(
            edition=edition, nominee=nominees[i % len(nominees)],
            voter_key=voter_key(edition_id=edition.pk, kind=BallotMode.EMAIL,
                                identity=address_normalise(address)),
            address=address, token_hash=email_votes._token_hash(token), token_nonce=nonce,
            submission_key=submission_key_new(), site_url=site, language="nb",
            expires_at=expires, sent_at=now))
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, "loaded": loaded_stamp(binding=token)})
        path = reverse("voting:email_confirm", kwargs={"token": token})
        print(f"{path}\\tcsrftoken={csrf}\\t{body}")
    EmailConfirmation.objects.bulk_create(rows, batch_size=2000)
    """
)

# e-ID mode: vote forms (submission key and "page loaded" stamp), "key<TAB>stamp" per line.
EID_FORMS = textwrap.dedent(
    """
    import sys, django
    django.setup()
    from kaaring.public.views.vote_common import loaded_stamp, submission_key_new
    for _ in range(int(sys.argv[1])):
        key = submission_key_new()
        print(f"{key}\\t{loaded_stamp(binding=key)}")
    """
)


@dataclass
class Item:
    mode: str
    method: str
    path: str
    cookie: str
    body: str = ""
    tries: int = 0


def eid_login(port: int, provider: Provider, path: str, form: str, pid: str) -> Item:
    """A voter's log-in at node ``port``: the vote form's POST, then the provider; the callback
    the provider sends the browser back to, still to be requested."""
    submission, loaded = form.split("\t")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF, "submission": submission, "loaded": loaded}
    )
    status, _, cookies, page = request(port, "POST", path, body=body, cookie=f"csrftoken={CSRF}")
    session = next((c.split(";")[0] for c in cookies if c.startswith("sessionid=")), "")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    if status != 200 or not session or not refresh:
        raise ClusterError(f"e-ID log-in on port {port} failed: {status}")
    connection = provider.connection()
    try:
        callback = provider.authorize(
            html.unescape(refresh.group(1)), pid=pid, connection=connection
        )
    finally:
        connection.close()
    return Item("eid", "GET", callback, session)


# --- The load ---------------------------------------------------------------------------------


def receipt_of(cookies: list[str]) -> str:
    """The receipt in the signed receipt cookie (its payload is readable, not secret)."""
    for cookie in cookies:
        if cookie.startswith(RECEIPT_COOKIE + "="):
            value = cookie.split(";")[0].split("=", 1)[1].strip('"')
            payload = value.split(":")[0]
            compressed = payload.startswith(".")
            raw = base64.urlsafe_b64decode(payload.lstrip(".") + "=" * (-len(payload) % 4))
            return str(json.loads(zlib.decompress(raw) if compressed else raw)["r"])
    return ""


@dataclass
class Tally:
    requests: int = 0
    acknowledged: dict[str, list[str]] = field(
        default_factory=lambda: collections.defaultdict(list)
    )
    errors: collections.Counter[str] = field(default_factory=collections.Counter)
    tracebacks: int = 0
    ack_without_receipt: int = 0
    ack_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Load:
    """Client threads voting through HAProxy until the prepared voters are used up or stop()."""

    def __init__(self, port: int, items: list[Item]) -> None:
        self.port = port
        self.todo: queue.Queue[Item] = queue.Queue()
        for item in items:
            self.todo.put(item)
        self.tally = Tally()
        self.stopping = threading.Event()
        self.threads = [
            threading.Thread(target=self._run, daemon=True) for _ in range(CLIENT_THREADS)
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=30)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                item = self.todo.get(timeout=0.2)
            except queue.Empty:
                return
            started = time.monotonic()
            self._one(item)
            # Paced to about CLIENT_RATE requests a second in all: the machine is shared.
            time.sleep(max(0.0, CLIENT_THREADS / CLIENT_RATE - (time.monotonic() - started)))

    def _one(self, item: Item) -> None:
        status, headers, cookies, text = request(
            self.port, item.method, item.path, body=item.body, cookie=item.cookie
        )
        tally = self.tally
        with tally.lock:
            tally.requests += 1
            if "Traceback (most recent call last)" in text:
                tally.tracebacks += 1
            if 200 <= status < 400:
                receipt = receipt_of(cookies)
                if receipt:
                    tally.acknowledged[item.mode].append(receipt)
                    tally.ack_times.append(time.monotonic())
                elif status in (301, 302, 303) and "/stem/" in headers.get("location", ""):
                    tally.errors[f"{item.mode}: {status} redirect without receipt"] += 1
                else:
                    tally.ack_without_receipt += 1
                    tally.errors[f"{item.mode}: {status} without receipt"] += 1
                return
            if status == 0:
                kind = f"no answer ({text})"
            elif status == 503 and "retry-after" in headers:
                kind = "503 with Retry-After"
            elif status >= 500:
                kind = f"{status} without Retry-After"
            else:
                kind = f"{item.mode}: {status}"
            tally.errors[kind] += 1
        # Refused or unanswered: the voter tries again later with the same form or link, as a
        # browser's retry would (a submission key gives the same receipt).
        if (status == 0 or status >= 500) and item.tries < 20:
            item.tries += 1
            self.todo.put(item)


# --- Faults -----------------------------------------------------------------------------------


def recovered_after(load: Load, since: float, seconds: float = 60) -> float:
    """Seconds from ``since`` until the first ballot acknowledged after it."""
    while time.monotonic() - since < seconds:
        with load.tally.lock:
            later = [at for at in load.tally.ack_times if at > since]
        if later:
            return later[0] - since
        time.sleep(0.1)
    return float("nan")


# --- The run ----------------------------------------------------------------------------------


@dataclass
class Stack:
    tmp: Path
    processes: Processes
    primary: Cluster
    standby: Cluster
    redis_url: str
    provider: Provider
    proxy_port: int
    node_ports: list[int]
    database: str = ""

    def env(self, node: str) -> dict[str, str]:
        return node_env(self.database, self.redis_url, self.provider, node)

    def node_start(self, index: int) -> None:
        port = self.node_ports[index]
        self.processes.start(
            f"web{index + 1}",
            [GUNICORN, "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
             "--worker-class", "gthread", "--threads", "4", "--graceful-timeout", "3",
             "--no-control-socket"],
            self.env(f"web{index + 1}"),
        )  # fmt: skip

    def worker_start(self) -> None:
        self.processes.start(
            "worker", [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "1"],
            self.env("worker"),
        )  # fmt: skip

    def scheduler_start(self) -> None:
        self.processes.start("scheduler", [PYTHON, "manage.py", "scheduler"], self.env("scheduler"))


def bring_up(stack: Stack, tmp: Path, pg_port: int, redis_port: int) -> None:
    say("== PostgreSQL primary and standby")
    stack.primary, stack.standby = clusters_create(tmp / "pg", pg_port)
    stack.database = stack.primary.url()
    say("== Redis")
    stack.processes.start(
        "redis",
        ["redis-server", "--bind", "127.0.0.1", "--port", str(redis_port), "--save", "",
         "--appendonly", "no", "--dir", str(tmp)],
        dict(os.environ),
    )  # fmt: skip
    env = stack.env("setup")
    say("== migrate, createcachetable, collectstatic")
    manage(env, "migrate", "--noinput")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    say("== three web nodes, worker, scheduler, HAProxy")
    for index in range(3):
        stack.node_start(index)
    stack.worker_start()
    stack.scheduler_start()
    servers = "\n".join(
        f"    server web{i + 1} 127.0.0.1:{port} check" for i, port in enumerate(stack.node_ports)
    )
    errors = tmp / "haproxy-503.http"
    errors.write_bytes(PROXY_REFUSAL)
    config = tmp / "haproxy.cfg"
    config.write_text(
        HAPROXY.format(port=stack.proxy_port, host=HOST, servers=servers, errors=errors)
    )
    stack.processes.start("haproxy", ["haproxy", "-db", "-f", str(config)], dict(os.environ))
    for port in stack.node_ports:
        wait_ready(port)
    wait_ready(stack.proxy_port)


def prepare(stack: Stack, counts: dict[str, int]) -> tuple[dict[str, int], list[Item]]:
    env = stack.env("setup")
    editions: dict[str, tuple[int, int]] = {}
    for line in run_python(env, EDITIONS).splitlines():
        mode, pk, year = line.split()
        editions[mode] = (int(pk), int(year))
    items: list[Item] = []
    for line in run_python(env, OPEN_BODIES, str(editions["open"][1]), str(counts["open"]),
                           CSRF).splitlines():  # fmt: skip
        path, cookie, body = line.split("\t")
        items.append(Item("open", "POST", path, cookie, body))
    for line in run_python(env, EMAIL_LINKS, str(editions["email"][0]), str(counts["email"]),
                           CSRF, SITE).splitlines():  # fmt: skip
        path, cookie, body = line.split("\t")
        items.append(Item("email", "POST", path, cookie, body))
    forms = run_python(env, EID_FORMS, str(counts["eid"])).splitlines()
    path = f"/klynge-eid/{editions['eid'][1]}/stem/stange/eid/"
    for i, form in enumerate(forms):
        # Logged in on one node, the callback then goes through HAProxy (any node).
        port = stack.node_ports[i % 3]
        items.append(eid_login(port, stack.provider, path, form, f"2030{i:07d}"))
    # Mixed, so that every phase sees every mode.
    items.sort(key=lambda item: hash(item.path))
    return {mode: pk for mode, (pk, _) in editions.items()}, items


def cross_node(stack: Stack, edition_year: int) -> list[tuple[str, bool, str]]:
    """A voter who starts on one node and finishes on another; a limit counted by all."""
    results = []
    ports = stack.node_ports
    forms = run_python(stack.env("setup"), EID_FORMS, "1").splitlines()
    path = f"/klynge-eid/{edition_year}/stem/asker/eid/"
    item = eid_login(ports[0], stack.provider, path, forms[0], "19999999999")
    status, _, cookies, _ = request(ports[1], "GET", item.path, cookie=item.cookie)
    first = receipt_of(cookies)
    again = request(ports[2], "GET", item.path, cookie=item.cookie)
    results.append(
        (
            "e-ID login on node 1, callback on node 2, replayed on node 3",
            bool(first) and not receipt_of(again[2]),
            f"{status} receipt {'yes' if first else 'no'}; replay {again[0]}",
        )
    )
    results.append(email_across(stack))
    statuses = [
        request(ports[i % 3], "GET", "/altcha/challenge/")[0] for i in range(RATELIMIT_PROBE + 2)
    ]
    allowed = sum(1 for s in statuses if s == 200)
    results.append(
        (
            f"challenge limit {RATELIMIT_PROBE}/600 per IP, asked on nodes 1-3 in turn",
            allowed == RATELIMIT_PROBE and statuses[-1] == 429,
            " ".join(map(str, statuses)),
        )
    )
    return results


def mailed_links(stack: Stack) -> list[str]:
    """The tokens of the vote links the worker has sent so far (console backend: its log)."""
    mail = stack.processes.log_text("worker").replace("=\n", "").replace("=3D", "=")
    return re.findall(r"/stem/bekreft/([^/\s\"<>]+)/", mail)


def link_ask(port: int, address: str) -> int:
    submission = secrets.token_urlsafe(24)  # a new vote form's key, in its format
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF, "submission": submission, "email": address}
    )
    path = "/klynge-email/2030/stem/asker/e-post/"
    return request(port, "POST", path, body=body, cookie=f"csrftoken={CSRF}")[0]


def email_across(stack: Stack) -> tuple[str, bool, str]:
    """An e-mail link asked for on node 1 (sent by the worker), opened on node 2, confirmed on
    node 3, and pressed again on node 1."""
    ports = stack.node_ports
    name = "e-mail link asked on node 1, opened on 2, confirmed on 3, pressed again on 1"
    before = len(mailed_links(stack))
    asked = link_ask(ports[0], "tvers@example.no")
    token = ""
    for _ in range(100):  # the worker sends it within a second or two
        found = mailed_links(stack)
        if len(found) > before:
            token = found[-1]
            break
        time.sleep(0.2)
    if not token:
        return name, False, f"asked {asked}; no mail from the worker"
    path = f"/stem/bekreft/{token}/"
    opened, _, _, page = request(ports[1], "GET", path, cookie=f"csrftoken={CSRF}")
    loaded = re.search(r'name="loaded" value="([^"]+)"', page)
    form = {"csrfmiddlewaretoken": CSRF, "loaded": html.unescape(loaded.group(1)) if loaded else ""}
    status, _, cookies, _ = request(
        ports[2], "POST", path, body=urllib.parse.urlencode(form), cookie=f"csrftoken={CSRF}"
    )
    again, _, again_cookies, _ = request(
        ports[0], "POST", path, body=urllib.parse.urlencode(form), cookie=f"csrftoken={CSRF}"
    )
    # Pressed again, the link answers with the same receipt (or none): never a second ballot.
    first, second = receipt_of(cookies), receipt_of(again_cookies)
    rows = 0
    if re.fullmatch(r"[\w-]+", first):
        query = f"SELECT count(*) FROM voting_ballot WHERE receipt = '{first}'"  # noqa: S608 - \w only
        rows = int(str(psql(stack.database, query)[0][0]))
    ok = bool(first) and second in ("", first) and rows == 1
    seen = f"asked {asked}, opened {opened}, confirmed {status}, again {again}"
    return name, ok, f"{seen}, {'same' if second == first else 'no'} receipt, {rows} row"


def reconcile(database: str, editions: dict[str, int], tally: Tally) -> list[list[str]]:
    rows = []
    for mode, edition_id in editions.items():
        found = psql(
            database,
            f"SELECT receipt, voter_key, submission_key FROM voting_ballot "  # noqa: S608 - an int
            f"WHERE edition_id = {int(edition_id)}",
        )
        receipts = collections.Counter(str(r[0]) for r in found)
        voters = {r[1] for r in found}
        submissions = {r[2] for r in found}
        acknowledged = set(tally.acknowledged[mode])
        lost = sum(1 for receipt in acknowledged if receipt not in receipts)
        duplicated = len(found) - min(len(voters), len(submissions))
        rows.append([mode, str(len(tally.acknowledged[mode])), str(len(acknowledged)),
                     str(len(found)), str(lost), str(duplicated)])  # fmt: skip
    return rows


def main() -> int:
    pg_port = env_int("CLUSTER_PG_PORT", 5540)
    proxy_port = env_int("CLUSTER_PORT", 8150)
    redis_port = env_int("CLUSTER_REDIS_PORT", 6390)
    phase = env_int("CLUSTER_PHASE_SECONDS", 5)
    for port in (pg_port, pg_port + 1, redis_port, *range(proxy_port, proxy_port + 4)):
        port_check(port)
    for tool in ("haproxy", "redis-server", str(PG_BIN / "initdb")):
        if not shutil.which(tool):
            print(f"cluster-test: {tool} is missing (scripts/system-deps.sh test)", file=sys.stderr)
            return 2
    tmp = Path(tempfile.mkdtemp(prefix="kaaring-cluster-"))
    os.chmod(tmp, 0o755)  # noqa: S103 - the postgres user runs the clusters inside
    processes = Processes(tmp)
    stack: Stack | None = None
    clusters: list[Cluster] = []

    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    try:
        with eid_provider_start() as provider:
            stack = Stack(
                tmp, processes, None, None, f"redis://127.0.0.1:{redis_port}/0", provider,  # type: ignore[arg-type]
                proxy_port, [proxy_port + 1, proxy_port + 2, proxy_port + 3],
            )  # fmt: skip
            try:
                bring_up(stack, tmp, pg_port, redis_port)
            finally:
                clusters = [c for c in (stack.primary, stack.standby) if c is not None]
            return run(stack, phase)
    except (ClusterError, BenchError) as error:
        print(f"cluster-test: {error}", file=sys.stderr)
        for name in ("web1", "worker", "scheduler"):
            tail = processes.log_text(name)[-1500:]
            if tail:
                print(f"--- {name} log (end)\n{tail}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("cluster-test: interrupted", file=sys.stderr)
        return 130
    finally:
        processes.stop_all()
        for cluster in clusters:
            with contextlib.suppress(ClusterError, subprocess.TimeoutExpired):
                if (cluster.data / "postmaster.pid").exists():
                    cluster.ctl("stop", "-m", "immediate")
        shutil.rmtree(tmp, ignore_errors=True)


def run(stack: Stack, phase: int) -> int:
    # Enough voters for the whole run at the client's pace (four phases and the recoveries).
    total = CLIENT_RATE * (4 * phase + 40)
    counts = {"open": total * 2 // 5, "email": total * 2 // 5, "eid": total // 5}
    say("== preparing voters")
    editions, items = prepare(stack, counts)
    say(f"== load: {len(items)} voters through HAProxy, faults every {phase} s")
    load = Load(stack.proxy_port, items)
    faults: list[tuple[str, float, float]] = []
    load.start()
    time.sleep(phase)

    # 1. A web node dies without warning; HAProxy's check takes it out, then it comes back.
    at = time.monotonic()
    stack.processes.kill("web1")
    time.sleep(2)
    stack.node_start(0)
    back = wait_ready(stack.node_ports[0]) + 2
    faults.append(("SIGKILL web node 1, restart", recovered_after(load, at), back))
    time.sleep(phase)

    # 2. The worker dies; queued tasks wait in the database for the new one.
    at = time.monotonic()
    before = len(mailed_links(stack))
    stack.processes.kill("worker")
    asked = link_ask(stack.proxy_port, "uten.arbeidar@example.no")
    time.sleep(1)
    stack.worker_start()
    sent = float("nan")
    while time.monotonic() - at < 60 and asked == 200:
        if len(mailed_links(stack)) > before:
            sent = time.monotonic() - at
            break
        time.sleep(0.2)
    worker_ok = sent == sent
    faults.append(
        ("SIGKILL worker, restart (link asked meanwhile mailed)", recovered_after(load, at), sent)
    )
    time.sleep(phase)

    # 3. The primary crashes and restarts (crash recovery from WAL).
    at = time.monotonic()
    stack.primary.ctl("restart", "-m", "immediate")
    up = time.monotonic()
    # Requests answered while it went down do not count: the first ballot once it is up.
    faults.append(
        ("primary pg_ctl restart -m immediate", up - at + recovered_after(load, up), up - at)
    )
    time.sleep(phase)

    # 4. The primary is gone for good: promote the standby, restart every node on it.
    at = time.monotonic()
    stack.primary.ctl("stop", "-m", "immediate")
    stack.standby.ctl("promote")
    stack.database = stack.standby.url()
    for index in range(3):
        stack.processes.kill(f"web{index + 1}", signal.SIGTERM)
        stack.node_start(index)
        wait_ready(stack.node_ports[index])
    stack.processes.kill("worker", signal.SIGTERM)
    stack.worker_start()
    stack.processes.kill("scheduler", signal.SIGTERM)
    stack.scheduler_start()
    back = time.monotonic() - at
    faults.append(
        ("primary stopped, standby promoted, nodes moved", recovered_after(load, at), back)
    )
    # The rest of the voters on the promoted database.
    deadline = time.monotonic() + 60
    while not load.todo.empty() and time.monotonic() < deadline:
        time.sleep(0.5)
    load.stop()
    time.sleep(1)

    checks = cross_node(stack, 2030)
    tally = load.tally
    rows = reconcile(stack.database, editions, tally)
    lost = sum(int(r[4]) for r in rows)
    duplicated = sum(int(r[5]) for r in rows)
    print()
    print(f"requests {tally.requests}, tracebacks {tally.tracebacks}, "
          f"voters left untried {load.todo.qsize()}")  # fmt: skip
    print_table(["mode", "acknowledged", "distinct receipts", "stored", "lost", "duplicated"], rows)
    print_table(["answer not acknowledged", "count"],
                [[kind, str(n)] for kind, n in sorted(tally.errors.items())])  # fmt: skip
    print_table(
        ["fault", "next ballot acknowledged after", "part back after"],
        [[name, seconds(ack), seconds(part)] for name, ack, part in faults],
    )
    print_table(
        ["across nodes", "ok", "seen"], [[n, "yes" if ok else "NO", s] for n, ok, s in checks]
    )
    bad_errors = [k for k in tally.errors if "without Retry-After" in k]
    failed = (
        lost or duplicated or tally.tracebacks or tally.ack_without_receipt or bad_errors
        or not all(ok for _, ok, _ in checks)
        or not worker_ok
    )  # fmt: skip
    print("cluster-test: " + ("FAILED" if failed else "passed"))
    return 1 if failed else 0


def seconds(value: float) -> str:
    return "-" if value != value else f"{value:.1f} s"  # NaN: not seen


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows, strict=False)]
    line = "+".join("-" * (w + 2) for w in widths)
    print(line)
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
    print(line)
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    print(line)


if __name__ == "__main__":
    sys.exit(main())
