"""The open mode's ballot-committing request: the POST of the vote form with a solved proof of
work, one new browser (cookie) per request, under wrk at saturation and paced at half the
target rate (25 % of the ceiling).

    DEBUG=1 .venv/bin/python bench/vote_open.py      # alone; `make bench` runs it in the suite

The proof of work is the production one: challenges are minted with the server's settings
(algorithm, cost, deterministic counter, both HMAC keys) and solved before the run, so the
server verifies exactly what a browser would send; only the search for the counter, the
browser's work, happens ahead of time. Rate limits stay on, counted in the configured backend;
their limits are raised by ``RATELIMIT_OVERRIDES`` (printed), because every request comes from
127.0.0.1 and the per-IP limit would otherwise refuse all but the first 60.
"""

import sys
import tempfile
import textwrap
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import (
    HOST,
    PACED_SHARE,
    Figures,
    Load,
    Row,
    Server,
    psql,
    run_python,
    wrk,
)

CSRF = "benchcsrftokenbenchcsrftokenbenc"  # 32 characters: Django's unmasked secret form
AWARD = "benchprisen"
# Raised for the bench only, by configuration (bench/__main__.py prints it).
RATELIMIT_OVERRIDES = (
    "vote_open_per_ip=100000000/600,vote_open_per_subnet=100000000/600,"
    "altcha_challenge_per_ip=100000000/600"
)

# Runs in the server's environment: an open edition, and one vote body per line.
SETUP = textwrap.dedent(
    """
    import datetime as dt, secrets, sys, urllib.parse
    import django
    django.setup()
    from django.utils import timezone
    from kaaring.accounts.models import Organisation
    from kaaring.awards import services
    from kaaring.public.tests.vote_helpers import solved
    from kaaring.public.views.vote_common import loaded_stamp
    year, count, csrf, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    now = timezone.now()
    organisation, _ = Organisation.objects.get_or_create(
        slug="bench", defaults={"name": "Bench", "kind": "directorate"})
    award = organisation.awards.filter(slug="AWARD").first() or services.award_create(
        actor=None, organisation=organisation, slug="AWARD", name="Benkprisen",
        description="Til måling.")
    edition = services.edition_create(
        actor=None, award=award, year=year, announced_at=now - dt.timedelta(days=30),
        voting_opens_at=now - dt.timedelta(days=1), voting_closes_at=now + dt.timedelta(days=7),
        voting_mode="open", finalist_count=3, tie_break="all_tied_advance",
        decision_rule="top_n_then_jury")
    for position, name in enumerate(["Stange", "Asker", "Bodø"], start=1):
        services.nominee_create(actor=None, edition=edition, slug=f"n{position}",
            kind="person", name=name, position=position)
    print(edition.pk)
    with open(out, "w") as lines:
        for i in range(count):
            submission = secrets.token_urlsafe(24)
            body = urllib.parse.urlencode({
                "csrfmiddlewaretoken": csrf, "submission": submission,
                "loaded": loaded_stamp(binding=submission), "altcha": solved(production=True),
            })
            cookie = f"csrftoken={csrf}; kaaring_browser={secrets.token_urlsafe(24)}"
            lines.write(f"/en/AWARD/{year}/stem/n{i % 3 + 1}/\\t{cookie}\\t{body}\\n")
    """
).replace("AWARD", AWARD)


def _bodies(env: dict[str, str], year: int, count: int, path: Path) -> int:
    out = run_python(env, SETUP, str(year), str(count), CSRF, str(path))
    return int(out.strip().splitlines()[-1])


def _stored(database: str, edition_id: int) -> tuple[int, int, int]:
    query = (
        "SELECT count(*), count(DISTINCT voter_key), count(DISTINCT submission_key) "  # noqa: S608
        f"FROM voting_ballot WHERE edition_id = {int(edition_id)}"
    )
    rows = psql(database, query)
    total, voters, submissions = rows[0]
    return int(str(total)), int(str(voters)), int(str(submissions))


def _run(
    server: Server, load: Load, env: dict[str, str], *, year: int, rate: float | None
) -> tuple[Figures, int, int, int]:
    expected = int((rate or 2500) * load.seconds * 1.3) + 500
    with tempfile.TemporaryDirectory() as tmp:
        bodies = Path(tmp) / "bodies.tsv"
        edition_id = _bodies(env, year, expected, bodies)
        figures = wrk(
            server.base + "/",
            load,
            script="vote_post.lua",
            args=(str(bodies), f"https://{HOST}"),
            rate=rate,
        )
    stored, voters, submissions = _stored(env["DATABASE_URL"], edition_id)
    return figures, stored, voters, submissions


def measure(
    server: Server, load: Load, ceiling: float, env: dict[str, str], *, first_year: int = 2001
) -> list[Row]:
    """A saturated run and one paced at half the target rate, each on a new edition (years
    ``first_year`` and the next)."""
    rows = []
    for year, rate in ((first_year, None), (first_year + 1, ceiling * PACED_SHARE)):
        figures, stored, voters, submissions = _run(server, load, env, year=year, rate=rate)
        ok = figures.ok
        lost = max(0, ok - stored)
        duplicated = stored - min(voters, submissions)
        notes = []
        if figures.bad:
            notes.append(f"statuses {figures.statuses}")
        if figures.wrapped:
            notes.append(f"{figures.wrapped} bodies reused")
        if stored > ok:
            notes.append(f"{stored - ok} stored without a response (in flight at stop)")
        if rate is None:
            ratio = figures.rate / ceiling
            met = ratio >= 0.5 and lost == 0 and duplicated == 0 and not figures.bad
            rows.append(
                Row(
                    what="vote, open mode (proof of work), saturated",
                    rate=figures.rate,
                    p50=figures.p50,
                    p99=figures.p99,
                    ratio=ratio,
                    ok_stored=f"{ok} / {stored}",
                    lost=lost,
                    duplicated=duplicated,
                    target="≥ 50 % of ceiling, 0 lost, 0 dup",
                    met=met,
                    notes="; ".join(notes),
                )
            )
        else:
            # Met only at the rate asked for: a server that cannot reach it is saturated.
            kept_up = figures.rate >= 0.9 * rate
            if not kept_up:
                notes.append("the server did not keep up the rate")
            met = kept_up and figures.p99 <= 50 and lost == 0 and duplicated == 0
            rows.append(
                Row(
                    what=f"vote, open mode, paced at {rate:.0f}/s (half the target rate)",
                    rate=figures.rate,
                    p50=figures.p50,
                    p99=figures.p99,
                    ok_stored=f"{ok} / {stored}",
                    lost=lost,
                    duplicated=duplicated,
                    target="p99 ≤ 50 ms",
                    met=met,
                    notes="; ".join(notes),
                )
            )
    return rows


if __name__ == "__main__":
    from bench.__main__ import main_single

    sys.exit(main_single(["vote_open"]))
