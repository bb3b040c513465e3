"""The public edition and nominee pages, anonymous, in bokmål, nynorsk and English: requests/s
beside the hello-world ceiling of the same server (target: at least 70 % of it), and
two checks that a page is never stale (measured, each its own row).

The ratio column is against the ceiling passed in (measured once, at the start). Because other
work on a shared machine can move that figure a lot within minutes, each page's notes also give
the hello-world measured right before that page, and the CPU time the web workers and their
PostgreSQL backends spent per response for each: the ratio of those hardly depends on what else
the machine runs. Every wrk client is a first-time visitor (no cookie), so every response
carries a new CSRF secret and cookie, the costliest case.

The freshness checks:

- the deadline: an edition whose vote closes a few seconds ahead, its nominee page polled every
  50 ms through the running server; how long after the deadline it first shows voting closed
  (target: within 1 s, with no write at the deadline);
- an organiser's edit: a nominee's summary changed through ``awards.services.nominee_update``
  in another process, after every page had been kept by every worker; then the nominee and
  edition pages in every language fetched 40 times in all, 4 at a time on new connections (so
  that every worker answers); how many show the new text (target: all).

    DEBUG=1 .venv/bin/python bench/pages.py      # alone; `make bench` runs it in the suite

Alone, it makes a fresh PostgreSQL database kaaring_bench_pages at BENCH_POSTGRES_URL (default
postgres://postgres@127.0.0.1:5432/test) with the demo (``load_demo --force``), static files
collected for the production storage, and gunicorn with 2 sync workers on production settings
(DEBUG=0, no REDIS_URL); wrk as in bench/_common.py (BENCH_SECONDS, BENCH_CONNECTIONS,
BENCH_THREADS). A missing service or tool, a port in use or a bad value: exit status 2.
"""

import os
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    SERVER_COMMAND,
    BenchError,
    Figures,
    Load,
    Row,
    Server,
    alternating,
    cpu_seconds,
    database_pids,
    describe_env,
    fresh_database,
    get,
    load_from_env,
    manage,
    need_tool,
    postgres_admin_url,
    postgres_ready,
    run_python,
    server,
    server_env,
    table,
    wrk,
)

BENCH_DB = "kaaring_bench_pages"
TARGET = 0.70
# IMDi's 2018 edition from the demo, and the nominee the reference customer's story starts with.
AWARD, YEAR, NOMINEE = "bosettingsprisen", 2018, "stange"
PAGES = (
    ("edition", f"/{AWARD}/{YEAR}/"),
    ("nominee", f"/{AWARD}/{YEAR}/nominerte/{NOMINEE}/"),
)
LANGUAGES = (("nb", ""), ("nn", "/nn"), ("en", "/en"))
# How far ahead of its creation the test edition's vote closes, and how long we poll after.
CLOSES_IN, POLL_AFTER, POLL_EVERY = 4.0, 3.0, 0.05
EDIT_REQUESTS, EDIT_CLIENTS = 20, 4

# Runs in the server's environment: a new public edition of the award whose vote is open now
# and closes CLOSES_IN seconds from now, with one nominee. Prints the deadline and the path.
DEADLINE_SETUP = textwrap.dedent(
    """
    import datetime as dt, sys
    import django
    django.setup()
    from django.db.models import Max
    from django.utils import timezone
    from kaaring.awards import services
    from kaaring.awards.models import Award
    award = Award.objects.get(slug=sys.argv[1])
    year = award.editions.aggregate(Max("year"))["year__max"] + 1
    now = timezone.now()
    closes = now + dt.timedelta(seconds=float(sys.argv[2]))
    edition = services.edition_create(
        actor=None, award=award, year=year, announced_at=now - dt.timedelta(days=1),
        voting_opens_at=now - dt.timedelta(hours=1), voting_closes_at=closes,
        voting_mode="open", finalist_count=1, tie_break="all_tied_advance",
        decision_rule="top_n_then_jury",
    )
    services.nominee_create(
        actor=None, edition=edition, slug="fristen", kind="organisation", name="Fristen",
    )
    print(closes.timestamp(), f"/{award.slug}/{year}/nominerte/fristen/")
    """
)

# Runs in the server's environment: an organiser's edit of a nominee's summary in all three
# languages, through the service every interface uses.
EDIT = textwrap.dedent(
    """
    import sys
    import django
    django.setup()
    from kaaring.awards import services
    from kaaring.awards.models import Nominee
    award, year, slug, text = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    nominee = Nominee.objects.get(edition__award__slug=award, edition__year=year, slug=slug)
    services.nominee_update(
        actor=None, nominee=nominee, summary=text, summary_nn=text, summary_en=text
    )
    """
)


def _server_env(running: Server) -> dict[str, str]:
    """The running server's own environment (Linux), for a Python process that writes to the
    same database with the same settings."""
    try:
        raw = Path(f"/proc/{running.process.pid}/environ").read_bytes()
    except OSError as error:
        raise BenchError(f"cannot read the server's environment: {error}") from None
    pairs = (item.partition(b"=") for item in raw.split(b"\0") if item)
    return {k.decode(): v.decode() for k, _, v in pairs}


def _page(url: str, language: str) -> bytes:
    status, body = get(url)
    if status != 200 or f'<html lang="{language}"'.encode() not in body:
        raise BenchError(f"{url} answered {status}, not the page in {language}")
    return body


def _throughput(running: Server, env: dict[str, str], load: Load, ceiling: float) -> list[Row]:
    rows = []
    hello_url = running.base + "/_bench/hello"
    for kind, path in PAGES:
        for language, prefix in LANGUAGES:
            url = running.base + prefix + path
            _page(url, language)
            # The page and the hello-world ceiling in turn, 2 s each, so that both see the same
            # machine: the ratio the target is about. The CPU the web workers and their database
            # backends spend per response is noted too, another ratio the machine's other load
            # hardly moves.
            pids = running.worker_pids() + database_pids(env)
            cpu = {hello_url: 0.0, url: 0.0}

            def run(
                address: str, piece: Load, pids: list[int] = pids, cpu: dict[str, float] = cpu
            ) -> Figures:
                before = cpu_seconds(pids)
                figures = wrk(address, piece)
                cpu[address] += cpu_seconds(pids) - before
                return figures

            hello, figures = alternating((hello_url, url), load, run)
            page_cpu = cpu[url] / max(1, figures.ok + figures.bad) * 1e6
            hello_cpu = cpu[hello_url] / max(1, hello.ok + hello.bad) * 1e6
            ratio = figures.rate / hello.rate if hello.rate else 0.0
            notes = [
                f"hello-world in turn with it: {hello.rate:.0f} req/s (at the start of the run: "
                f"{ceiling:.0f}, this page {figures.rate / ceiling * 100 if ceiling else 0:.0f} % "
                "of that)",
                f"CPU per response (workers and PostgreSQL): {page_cpu:.0f} µs, hello-world "
                f"{hello_cpu:.0f} µs ({hello_cpu / page_cpu * 100 if page_cpu else 0:.0f} %)",
            ]
            if figures.bad:
                notes.append(f"statuses {figures.statuses}")
            if figures.socket_errors:
                notes.append(f"socket errors: {figures.socket_errors}")
            rows.append(
                Row(
                    what=f"{kind} page, {language} ({prefix + path})",
                    rate=figures.rate,
                    p50=figures.p50,
                    p99=figures.p99,
                    ratio=ratio,
                    target="≥ 70 % of the hello-world in turn with it",
                    met=ratio >= TARGET and not figures.bad,
                    notes="; ".join(notes),
                )
            )
    return rows


def _state(body: bytes) -> str:
    for state in ("not_yet", "open", "closed", "none"):
        if f'data-state="{state}"'.encode() in body:
            return state
    return "?"


def _deadline(running: Server, env: dict[str, str]) -> Row:
    """Poll a nominee page across its edition's deadline; nothing is written at the deadline."""
    deadline_text, path = run_python(env, DEADLINE_SETUP, AWARD, str(CLOSES_IN)).split()
    deadline = float(deadline_text)
    url = running.base + path
    seen: list[tuple[float, float, str]] = []  # sent, received (epoch seconds), state
    while time.time() < deadline + POLL_AFTER:
        sent = time.time()
        status, body = get(url)
        if status != 200:
            raise BenchError(f"{url} answered {status} while polling across the deadline")
        seen.append((sent, time.time(), _state(body)))
        time.sleep(max(0.0, sent + POLL_EVERY - time.time()))
    opened_before = any(state == "open" and received < deadline for _, received, state in seen)
    closed = [received for _, received, state in seen if state == "closed"]
    # A response to a request sent after the deadline that still says "open" is stale.
    stale = [sent - deadline for sent, _, state in seen if state != "closed" and sent >= deadline]
    after = closed[0] - deadline if closed else None
    notes = (
        f"{len(seen)} requests every {POLL_EVERY * 1000:.0f} ms; the first 'voting has closed' "
        f"arrived {after:.3f} s after the deadline"
        if after is not None
        else f"{len(seen)} requests; never showed 'voting has closed'"
    )
    if stale:
        notes += f"; {len(stale)} requests sent after the deadline still said open"
    if not opened_before:
        notes += "; the page never showed the open vote before the deadline (check invalid)"
    return Row(
        what="freshness: voting state at the deadline (no write)",
        seconds=after,
        target="closed ≤ 1 s after the deadline",
        met=after is not None and after <= 1.0 and opened_before and max(stale, default=0) <= 1,
        notes=notes,
    )


def _fetch_all(urls: list[str]) -> list[bytes]:
    """Fetch each URL on its own connection, several at a time, so every worker answers some."""
    with ThreadPoolExecutor(EDIT_CLIENTS) as pool:
        return [body for _, body in pool.map(get, urls)]


def _edit(running: Server, env: dict[str, str]) -> Row:
    """An organiser's edit in another process; then every request must show it at once."""
    urls = [running.base + prefix + path for _, path in PAGES for _, prefix in LANGUAGES]
    _fetch_all(urls * 4)  # every page in every worker's memory before the edit
    text = f"Endret av arrangøren {time.time_ns()}"
    run_python(env, EDIT, AWARD, str(YEAR), NOMINEE, text)
    # The nominee page shows the summary; the edition page lists it under the nominee's name.
    bodies = _fetch_all([urls[i % len(urls)] for i in range(EDIT_REQUESTS * len(PAGES))])
    shown = sum(text.encode() in body for body in bodies)
    return Row(
        what="freshness: an organiser's edit (nominee_update in another process)",
        target="every request after the edit",
        met=shown == len(bodies),
        notes=f"{shown} of {len(bodies)} requests right after the edit showed it "
        f"({EDIT_CLIENTS} at a time, pages warm in every worker before)",
    )


def measure(
    server: Server, load: Load, ceiling: float, env: dict[str, str] | None = None
) -> list[Row]:
    """One row per page and language, then one per freshness check."""
    env = env or _server_env(server)
    rows = _throughput(server, env, load, ceiling)
    rows.append(_deadline(server, env))
    rows.append(_edit(server, env))
    return rows


def main() -> int:
    try:
        admin = postgres_admin_url()
        postgres_ready(admin)
        load = load_from_env()
        need_tool("wrk", "Debian: apt-get install wrk; make bench installs it")
        with fresh_database(admin, BENCH_DB) as database:
            env = server_env(database)
            manage(env, "migrate", "--no-input", "-v", "0")
            manage(env, "createcachetable")
            manage(env, "load_demo", "--force", "-v", "0")
            manage(env, "collectstatic", "--no-input", "-v", "0")
            print(f"server: {SERVER_COMMAND.format(workers=2)}, {describe_env(env)}")
            print(
                f"load: wrk {load.threads} threads x {load.connections} connections x "
                f"{load.seconds} s per run, on the same machine",
                flush=True,
            )
            with server(env, workers=2) as running:
                hello = wrk(running.base + "/_bench/hello", load)
                if hello.bad or not hello.rate:
                    raise BenchError(f"the hello-world view failed: {hello.statuses}")
                rows = [
                    Row(
                        what="ceiling: hello-world view",
                        rate=hello.rate,
                        p50=hello.p50,
                        p99=hello.p99,
                        ratio=1.0,
                    )
                ]
                rows += measure(running, load, hello.rate, env)
    except BenchError as error:
        print(f"pages: {error}", file=sys.stderr)
        return 2
    print(table(rows))
    return 0 if all(row.met is not False for row in rows) else 1


if __name__ == "__main__":
    os.chdir(Path(__file__).resolve().parent.parent)
    sys.exit(main())
