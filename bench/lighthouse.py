"""Lighthouse 12 (npm, node_modules/.bin/lighthouse) driving Debian's chromium, headless, on the
front page, an edition open for voting, one of its nominees, a municipality's statistics and
the vote page, served by gunicorn with production settings (DEBUG off, static files collected
for the production storage): performance score, cumulative layout shift, largest contentful
paint and accessibility score per page, as Lighthouse's mobile preset measures them (a
throttled mid-range phone on a slow 4G line, simulated).

    DEBUG=1 .venv/bin/python bench/lighthouse.py

It makes a fresh SQLite database in a temporary directory with the demo and the statistics
sample files, serves it on a free port (BENCH_PORT to choose one) and prints one table; the
JSON reports are kept in BENCH_REPORTS if that names a directory, else dropped at the end.
Lighthouse, chromium or gunicorn missing, or a page that does not answer 200: a message and
exit status 2.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in {None, ""}:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import _common as c

LIGHTHOUSE = c.ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

FIND_PAGES = """
import json
import django
django.setup()
from django.urls import reverse
from django.utils import timezone
from kaaring.awards.models import Edition, VotingMode

now = timezone.now()
edition = (
    Edition.objects.filter(
        voting_mode=VotingMode.OPEN, voting_opens_at__lte=now, voting_closes_at__gt=now
    )
    .select_related("award")
    .order_by("-year")
    .first()
)
nominee = edition.nominees.filter(withdrawn_at__isnull=True).order_by("position", "name").first()
kwargs = {"award": edition.award.slug, "year": edition.year}
print(json.dumps({
    "front": reverse("public:home"),
    "edition": reverse("public:edition", kwargs=kwargs),
    "nominee": reverse("public:nominee", kwargs={**kwargs, "nominee": nominee.slug}),
    "statistics": reverse("stats:municipality", kwargs={"number": "3413"}),
    "vote": reverse("voting:start", kwargs={**kwargs, "nominee": nominee.slug}),
}))
"""


def lighthouse(url: str, report: Path) -> dict[str, float]:
    """One Lighthouse run (mobile preset) on ``url``; the four figures."""
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(
        [
            str(LIGHTHOUSE), url,
            f"--chrome-path={CHROMIUM}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
            "--only-categories=performance,accessibility",
            "--output=json", f"--output-path={report}", "--quiet",
        ],
        env=env, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    if done.returncode or not report.exists():
        raise c.BenchError(f"lighthouse failed on {url}: {done.stderr.strip()[-1500:]}")
    result = json.loads(report.read_text())
    if result.get("runtimeError"):
        raise c.BenchError(f"lighthouse on {url}: {result['runtimeError'].get('message')}")
    audits = result["audits"]
    return {
        "performance": result["categories"]["performance"]["score"] * 100,
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "accessibility": result["categories"]["accessibility"]["score"] * 100,
    }


def main() -> None:
    c.need_tool("node", "Debian: apt-get install nodejs npm; then make setup")
    if not LIGHTHOUSE.exists():
        raise c.BenchError("node_modules/.bin/lighthouse is missing: run make setup")
    if not Path(CHROMIUM).exists():
        raise c.BenchError(f"{CHROMIUM} is missing: Debian: apt-get install chromium")
    port = c.env_int("BENCH_PORT", 0, 0, 65535)
    keep = os.environ.get("BENCH_REPORTS", "")
    if keep and not Path(keep).is_dir():
        raise c.BenchError(f"BENCH_REPORTS={keep} is not a directory")
    with tempfile.TemporaryDirectory(prefix="kaaring-lighthouse-") as tmp:
        # Plain HTTP on 127.0.0.1: no redirect to HTTPS, the rest as in production.
        env = c.server_env(f"sqlite:///{tmp}/kaaring.sqlite3", SECURE_SSL_REDIRECT="0")
        c.manage(env, "migrate", "--no-input", "-v", "0")
        c.manage(env, "createcachetable")
        c.manage(env, "import_sample_data")
        c.manage(env, "load_demo", "--force")
        c.manage(env, "collectstatic", "--no-input", "-v", "0")
        pages = json.loads(c.run_python(env, FIND_PAGES))
        with c.server(env, workers=2, threads=4, port=port) as running:
            # Chromium resolves every *.localhost name to the loopback address.
            base = running.base.replace("127.0.0.1", c.HOST)
            setup = f"gunicorn 2 workers x 4 threads, {c.describe_env(env)}"
            print(f"Lighthouse 12 (mobile preset), {setup}")
            print(f"{'page':<12} {'path':<42} {'perf':>5} {'CLS':>7} {'LCP s':>6} {'a11y':>5}")
            for name, path in pages.items():
                status, _ = c.get(running.base + path)
                if status != 200:
                    raise c.BenchError(f"{path} answered {status}")
                figures = lighthouse(base + path, Path(keep or tmp) / f"lighthouse-{name}.json")
                print(
                    f"{name:<12} {path:<42} {figures['performance']:>5.0f} "
                    f"{figures['cls']:>7.3f} {figures['lcp']:>6.2f} "
                    f"{figures['accessibility']:>5.0f}"
                )


if __name__ == "__main__":
    try:
        main()
    except c.BenchError as error:
        print(f"bench/lighthouse.py: {error}", file=sys.stderr)
        sys.exit(2)
