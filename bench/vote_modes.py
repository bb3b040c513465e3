"""The ballot-committing request of the e-mail and e-ID voting modes under load.

    DEBUG=1 .venv/bin/python bench/vote_modes.py

E-mail mode: the committing request is the POST of the confirmation link (the button on the
link's page). Before the timed run, pending confirmations are stored in bulk — rows identical
to what ``email_confirmation_request`` stores and ``email_confirmation_send`` marks as sent
(voter key through ``voter_key``, token and its hash through the module's own helpers) — and
each request posts one link with the CSRF token and the signed "page loaded" stamp its page
would carry. The bulk path only skips the request step's rate limits and the mail.

e-ID mode: the committing request is the callback the provider sends the voter back to. Before
the timed run every voter logs in through HTTP to the running server (the POST of the vote
form: session, state, nonce, PKCE verifier) and at the benchmark's own provider
(``bench/_oidc_provider.py``), which signs that voter's ID token there and then; the timed
callback then does everything production does: the session, the code exchange at the token
endpoint over HTTP, the ID token's signature, issuer, audience, times, nonce and ``at_hash``,
the assurance level, the voter key and the ballot. The provider runs on the same machine and
its CPU time is counted in the row's notes.

Each row has its own edition, so ballots of different runs never meet. A short probe run sizes
the prepared voters of a saturation run; a run stops when its voters are used up rather than
send a link or a login twice. Lost ballots are 2xx/3xx answers beyond the rows stored;
duplicated ones are rows beyond distinct voters or submissions.

No rate limit applies to these two requests, so the benchmark lifts none for them.

Run alone (above), it makes its own PostgreSQL database kaaring_bench_modes on
BENCH_POSTGRES_URL, starts gunicorn with BENCH_WORKERS (2) sync workers, measures the
hello-world ceiling and prints one table. BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_THREADS and
BENCH_PORT as in bench/_common.py. A missing service, a port in use or a bad value: exit 2.
"""

import concurrent.futures
import contextlib
import html
import http.client
import re
import sys
import tempfile
import textwrap
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``bench`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    HOST,
    PACED_SHARE,
    BenchError,
    Figures,
    Load,
    Row,
    Server,
    describe_env,
    env_int,
    fresh_database,
    load_from_env,
    manage,
    need_tool,
    port_free,
    postgres_admin_url,
    postgres_ready,
    psql,
    run_python,
    server,
    server_env,
    table,
    wrk,
)
from bench._oidc_provider import Provider, eid_provider_start

BENCH_DB = "kaaring_bench_modes"
AWARD = "benchmodes"
SCRIPT = "vote_modes.lua"
CSRF = "benchcsrftokenbenchcsrftokenbenc"  # 32 characters: Django's unmasked secret form
SITE = f"https://{HOST}"
PROBE_SECONDS = 2
PROBE_VOTERS = 600
# Prepared voters per expected request: a margin over the probe's rate, which a short probe
# of a cold server underestimates. A run that uses them up early is measured over the time it
# took (see vote_modes.lua).
MARGIN = 2.0
LOGIN_THREADS = 12
SATURATION_TARGET = "≥ 50 % of ceiling, 0 lost, 0 dup"
PACED_TARGET = "p99 ≤ 50 ms at half the target rate (25 % of ceiling)"

# Runs in the server's environment: a new edition of the bench award voted in argv[1]'s mode,
# open now, with two nominees. Prints its id and year.
EDITION = textwrap.dedent(
    """
    import datetime as dt, sys, django
    django.setup()
    from django.db.models import Max
    from django.utils import timezone
    from kaaring.accounts.models import Organisation
    from kaaring.awards import services
    from kaaring.awards.models import Award, Edition

    mode, award_slug = sys.argv[1], sys.argv[2]
    organisation, _ = Organisation.objects.get_or_create(
        slug=award_slug, defaults={"name": "Benchmark", "kind": "other"}
    )
    award = Award.objects.filter(slug=award_slug).first() or services.award_create(
        actor=None, organisation=organisation, slug=award_slug, name="Benchmark",
        description="For the benchmark.",
    )
    year = (Edition.objects.filter(award=award).aggregate(y=Max("year"))["y"] or 2000) + 1
    now = timezone.now()
    edition = services.edition_create(
        actor=None, award=award, year=year, announced_at=now - dt.timedelta(days=30),
        voting_opens_at=now - dt.timedelta(days=1), voting_closes_at=now + dt.timedelta(days=7),
        voting_mode=mode, finalist_count=2, tie_break="all_tied_advance",
        decision_rule="top_n_then_jury",
    )
    for position, name in enumerate(["Stange", "Asker"], start=1):
        services.nominee_create(
            actor=None, edition=edition, slug=name.lower(), kind="municipality", name=name,
            municipality_number=str(3400 + position), position=position,
        )
    print(edition.pk, year)
    """
)

# Runs in the server's environment: ``count`` pending, sent e-mail confirmations for the
# edition, stored in bulk as the request and send steps store them, and one line per link for
# vote_modes.lua (the link's POST as its page's form sends it).
EMAIL_LINKS = textwrap.dedent(
    """
    import datetime as dt, secrets, sys, urllib.parse, django
    django.setup()
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone
    from kaaring.awards.models import Edition
    from kaaring.public.views.vote_common import loaded_stamp, submission_key_new
    from kaaring.mailaddress import address_normalise
    from kaaring.voting import email_votes
    from kaaring.voting.models import BallotMode, EmailConfirmation
    from kaaring.voting.services import voter_key

    edition_id, count, csrf, site, out = sys.argv[1:6]
    edition = Edition.objects.get(pk=int(edition_id))
    nominees = list(edition.nominees.order_by("position"))
    now = timezone.now()
    expires = now + dt.timedelta(hours=settings.VOTE_EMAIL_CONFIRMATION_HOURS)
    rows, lines = [], []
    for i in range(int(count)):
        address = f"velger.{edition.pk}.{i}@example.no"
        nonce = secrets.token_hex(16)
        token = email_votes._token(nonce)
        rows.append(EmailConfirmation(
            edition=edition, nominee=nominees[i % len(nominees)],
            voter_key=voter_key(
                edition_id=edition.pk, kind=BallotMode.EMAIL,
                identity=address_normalise(address),
            ),
            address=address, token_hash=email_votes._token_hash(token), token_nonce=nonce,
            submission_key=submission_key_new(), site_url=site, language="nb",
            expires_at=expires, sent_at=now,
        ))
        body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, "loaded": loaded_stamp(binding=token)}
        )
        path = reverse("voting:email_confirm", kwargs={"token": token})
        lines.append(f"POST\\t{path}\\tcsrftoken={csrf}\\t{body}\\n")
    EmailConfirmation.objects.bulk_create(rows, batch_size=2000)
    with open(out, "w") as file:
        file.writelines(lines)
    """
)

# Runs in the server's environment: ``count`` vote forms for e-ID logins (submission key and
# the signed "page loaded" stamp the vote page would render), one "key<tab>stamp" per line.
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


@dataclass(frozen=True)
class Edition:
    id: int
    year: int


def _edition(env: dict[str, str], mode: str) -> Edition:
    found = run_python(env, EDITION, mode, AWARD).split()
    return Edition(id=int(found[-2]), year=int(found[-1]))


def _ballots(env: dict[str, str], edition: Edition) -> tuple[int, int]:
    """(rows stored, rows beyond distinct voters or distinct submissions)."""
    distinct = "count(DISTINCT voter_key), count(DISTINCT submission_key)"
    sql = f"SELECT count(*), {distinct} FROM voting_ballot WHERE edition_id = {edition.id:d}"  # noqa: S608 - an int
    ((stored, voters, submissions),) = psql(env["DATABASE_URL"], sql)
    counts = [int(str(value)) for value in (stored, voters, submissions)]
    return counts[0], counts[0] - min(counts[1], counts[2])


def _settled(env: dict[str, str], edition: Edition) -> tuple[int, int]:
    """``_ballots`` once the requests still in the server when wrk stopped have finished."""
    found = _ballots(env, edition)
    for _ in range(50):
        time.sleep(0.2)
        again = _ballots(env, edition)
        if again == found:
            return found
        found = again
    return found


# --- One run ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    figures: Figures
    stored: int
    duplicated: int
    prepared: int
    notes: list[str]

    @property
    def lost(self) -> int:
        return max(0, self.figures.ok - self.stored)


def _run(
    server: Server,
    load: Load,
    env: dict[str, str],
    *,
    edition: Edition,
    lines: Path,
    seconds: int | None = None,
    rate: float | None = None,
    check: Callable[[Edition, int], list[str]] | None = None,
) -> Run:
    prepared = sum(1 for _ in lines.open())
    run_load = load if seconds is None else Load(seconds, load.connections, load.threads)
    figures = wrk(server.base + "/", run_load, script=SCRIPT, args=(str(lines),), rate=rate)
    stored, duplicated = _settled(env, edition)
    notes = []
    if figures.bad:
        shown = ", ".join(f"{n} x {s}" for s, n in sorted(figures.statuses.items()) if s >= 399)
        notes.append(f"other answers (399: a redirect elsewhere): {shown}")
    if figures.socket_errors:
        notes.append(f"socket errors: {figures.socket_errors}")
    if figures.used_up_after is not None:
        notes.append(
            f"voters used up after {figures.used_up_after:.1f} s of {run_load.seconds}: the rate "
            "is over that time"
        )
    if figures.wrapped:
        notes.append(f"{figures.wrapped} requests past the prepared voters")
    if stored > figures.ok:
        notes.append(f"{stored - figures.ok} stored without a counted answer (in flight at stop)")
    if check is not None:
        notes += check(edition, stored)
    return Run(figures, stored, duplicated, prepared, notes)


def _rows(
    label: str,
    saturated: Run,
    paced: Run,
    *,
    ceiling: float,
    notes: str,
) -> list[Row]:
    fig = saturated.figures
    ratio = fig.rate / ceiling if ceiling else float("nan")
    met = ratio >= 0.5 and saturated.lost == 0 and saturated.duplicated == 0
    pfig = paced.figures
    kept_up = (
        [] if pfig.rate >= 0.9 * ceiling * PACED_SHARE else ["the server did not keep up the rate"]
    )
    return [
        Row(
            what=f"{label}, saturated",
            rate=fig.rate,
            p50=fig.p50,
            p99=fig.p99,
            ratio=ratio,
            ok_stored=f"{fig.ok} / {saturated.stored}",
            lost=saturated.lost,
            duplicated=saturated.duplicated,
            target=SATURATION_TARGET,
            met=met,
            notes="; ".join([notes, f"{saturated.prepared} voters prepared", *saturated.notes]),
        ),
        Row(
            what=f"{label}, paced at {ceiling * PACED_SHARE:.0f}/s",
            rate=pfig.rate,
            p50=pfig.p50,
            p99=pfig.p99,
            ratio=pfig.rate / ceiling if ceiling else None,
            ok_stored=f"{pfig.ok} / {paced.stored}",
            lost=paced.lost,
            duplicated=paced.duplicated,
            target=PACED_TARGET,
            # Met only at the rate asked for: a server that cannot reach it is saturated.
            met=not kept_up and pfig.p99 <= 50 and paced.lost == 0 and paced.duplicated == 0,
            notes="; ".join([f"{paced.prepared} voters prepared", *kept_up, *paced.notes]),
        ),
    ]


def _sizes(load: Load, probe: Run, ceiling: float) -> tuple[int, int]:
    """Voters to prepare for the saturated and the paced run, from the probe's rate."""
    expected = probe.figures.rate * MARGIN
    saturated = int(expected * load.seconds) + 4 * load.connections
    paced = int(min(expected, ceiling * PACED_SHARE * 1.1) * load.seconds) + 4 * load.connections
    return saturated, paced


# --- E-mail -----------------------------------------------------------------------------------


def _email_links(env: dict[str, str], edition: Edition, count: int, out: Path) -> Path:
    run_python(env, EMAIL_LINKS, str(edition.id), str(count), CSRF, SITE, str(out))
    return out


def _email_check(env: dict[str, str]) -> Callable[[Edition, int], list[str]]:
    def check(edition: Edition, stored: int) -> list[str]:
        table = "voting_emailconfirmation"
        sql = f"SELECT count(*) FROM {table} WHERE edition_id = {edition.id:d} AND counted"  # noqa: S608
        ((counted,),) = psql(env["DATABASE_URL"], sql)
        return [] if counted == stored else [f"{counted} links counted, {stored} ballots"]

    return check


def measure_email(server: Server, load: Load, ceiling: float, env: dict[str, str]) -> list[Row]:
    """The e-mail link's POST: saturated, then paced at half the target rate."""
    check = _email_check(env)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def prepared(name: str, count: int) -> tuple[Edition, Path]:
            edition = _edition(env, "email")
            return edition, _email_links(env, edition, count, folder / name)

        edition, lines = prepared("probe.tsv", PROBE_VOTERS)
        probe = _run(server, load, env, edition=edition, lines=lines, seconds=PROBE_SECONDS)
        saturated_count, paced_count = _sizes(load, probe, ceiling)
        edition, lines = prepared("saturated.tsv", saturated_count)
        saturated = _run(server, load, env, edition=edition, lines=lines, check=check)
        edition, lines = prepared("paced.tsv", paced_count)
        paced = _run(
            server, load, env, edition=edition, lines=lines, rate=ceiling * PACED_SHARE, check=check
        )
    notes = (
        "POST of the confirmation link (claim, ballot, receipt cookie); links stored in bulk "
        "as the request step stores them"
    )
    return _rows("vote, e-mail link", saturated, paced, ceiling=ceiling, notes=notes)


# --- e-ID -------------------------------------------------------------------------------------


_local = threading.local()


def _login(base: str, provider: Provider, path: str, form: str, pid: str) -> str:
    """One voter's log-in, as a browser does it: the vote form's POST to the server, then the
    provider. The wrk line for the callback the provider sends the voter back to."""
    if not hasattr(_local, "provider"):
        _local.provider = provider.connection()
    parts = urllib.parse.urlsplit(base)
    submission, loaded = form.split("\t")
    body = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": CSRF, "submission": submission, "loaded": loaded}
    )
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Host": HOST,
                "X-Forwarded-Proto": "https",
                "Origin": SITE,
                "Cookie": f"csrftoken={CSRF}",
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = connection.getresponse()
        page = response.read().decode()
    finally:
        connection.close()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    refresh = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', page)
    if response.status != 200 or not session or not refresh:
        raise BenchError(f"e-ID log-in for the benchmark failed: {response.status}")
    url = html.unescape(refresh.group(1))
    callback = provider.authorize(url, pid=pid, connection=_local.provider)
    return f"GET\t{callback}\tsessionid={session.group(1)}\t"


def _eid_logins(
    server: Server, provider: Provider, env: dict[str, str], edition: Edition, count: int, out: Path
) -> Path:
    forms = run_python(env, EID_FORMS, str(count)).splitlines()
    path = f"/{AWARD}/{edition.year}/stem/stange/eid/"
    with concurrent.futures.ThreadPoolExecutor(LOGIN_THREADS) as pool:
        lines = list(
            pool.map(
                lambda item: _login(
                    server.base, provider, path, item[1], f"{edition.year}{item[0]:07d}"
                ),
                enumerate(forms),
            )
        )
    out.write_text("".join(line + "\n" for line in lines))
    return out


def measure_eid(server: Server, load: Load, ceiling: float, env: dict[str, str]) -> list[Row]:
    """The e-ID callback after login: saturated, then paced at half the target rate. The
    server must have been started inside ``eid_provider_start()`` with its ``server_env()``."""
    if not env.get("OIDC_ISSUER", "").startswith("http://127.0.0.1:"):
        raise BenchError(
            "e-ID: start the server inside bench._oidc_provider.eid_provider_start() with "
            "provider.server_env() in its environment (OIDC_ISSUER is not the bench provider)"
        )
    provider = Provider(issuer=env["OIDC_ISSUER"])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)

        def prepared(name: str, count: int) -> tuple[Edition, Path]:
            edition = _edition(env, "eid")
            return edition, _eid_logins(server, provider, env, edition, count, folder / name)

        edition, lines = prepared("probe.tsv", PROBE_VOTERS)
        probe = _run(server, load, env, edition=edition, lines=lines, seconds=PROBE_SECONDS)
        saturated_count, paced_count = _sizes(load, probe, ceiling)
        edition, lines = prepared("saturated.tsv", saturated_count)
        cpu = provider.cpu_seconds()
        saturated = _run(server, load, env, edition=edition, lines=lines)
        saturated_cpu = provider.cpu_seconds() - cpu
        edition, lines = prepared("paced.tsv", paced_count)
        cpu = provider.cpu_seconds()
        paced = _run(server, load, env, edition=edition, lines=lines, rate=ceiling * PACED_SHARE)
        paced_cpu = provider.cpu_seconds() - cpu
    notes = (
        "callback: session, code exchange over HTTP at a local provider, ID token checked "
        "(RS256, nonce, at_hash, acr), ballot; the provider shares the server's cores: "
        f"{saturated_cpu:.1f} CPU s during this run"
    )
    rows = _rows("vote, e-ID callback", saturated, paced, ceiling=ceiling, notes=notes)
    rows[1].notes = "; ".join([rows[1].notes, f"provider {paced_cpu:.1f} CPU s"])
    return rows


# --- Alone ------------------------------------------------------------------------------------


@contextlib.contextmanager
def _stack(workers: int, port: int) -> Iterator[tuple[Server, dict[str, str]]]:
    admin = postgres_admin_url()
    postgres_ready(admin)
    with fresh_database(admin, BENCH_DB) as database, eid_provider_start() as provider:
        env = server_env(database, **provider.server_env())
        manage(env, "migrate", "--noinput")
        manage(env, "createcachetable")
        manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        with server(env, workers=workers, port=port) as running:
            yield running, env


def main() -> int:
    try:
        load = load_from_env()
        workers = env_int("BENCH_WORKERS", 2, 1, 64)
        port = port_free(env_int("BENCH_PORT", 0, 0, 65535))  # in use: say so before setting up
        need_tool("wrk", "Debian: apt-get install wrk")
        with _stack(workers, port) as (running, env):
            print(
                f"Configuration: {describe_env(env)}; gunicorn {workers} sync workers; wrk "
                f"{load.threads} threads x {load.connections} connections x {load.seconds} s; "
                "no rate limit applies to the measured requests.",
                flush=True,
            )
            hello = wrk(running.base + "/_bench/hello", load)
            ceiling = hello.rate
            rows = [
                Row(
                    what="hello world (ceiling)",
                    rate=hello.rate,
                    p50=hello.p50,
                    p99=hello.p99,
                    ratio=1.0,
                    ok_stored=f"{hello.ok} / -",
                )
            ]
            rows += measure_email(running, load, ceiling, env)
            rows += measure_eid(running, load, ceiling, env)
    except BenchError as error:
        print(f"vote_modes: {error}", file=sys.stderr)
        return 2
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
