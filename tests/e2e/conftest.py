"""Browser tests: Playwright for Python driving Debian's /usr/bin/chromium.

Playwright's sync API runs an event loop in the test's thread, which makes Django refuse ORM
calls there; the tests only touch the ORM to set up data, before any page is open, so the guard
is lifted for this package (DJANGO_ALLOW_ASYNC_UNSAFE).
"""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(settings.BASE_DIR) / "kaaring" / "static" / "vendor" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine's network is closed: no background calls to Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    # bypass_csp lets the test inject axe-core; the site's own CSP is tested in unit tests.
    context = browser.new_context(bypass_csp=True, locale="nb-NO")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def demo(ballots_removed_afterwards: None, transactional_db: None, live_server: Any) -> str:
    """The demo data and the statistics sample files in the test database, served by a live
    server; returns its base URL. The demo has ballots, which SQLite's emptying of the test
    database would refuse (append-only), so they are removed afterwards."""
    call_command("load_demo", "--force", verbosity=0)
    call_command("import_sample_data", verbosity=0)
    return str(live_server.url)


AXE_WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(
    page: Page, *, every_rule: bool = False, without: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    """Run axe-core (vendored from npm) on the open page: WCAG 2.0/2.1 A and AA, or with
    ``every_rule`` every rule axe has that is on by default, best practices included;
    ``without`` names rules that do not apply to the page (each caller says why)."""
    page.add_script_tag(path=str(AXE_JS))
    options: dict[str, Any] = {"resultTypes": ["violations"]}
    if not every_rule:
        options["runOnly"] = {"type": "tag", "values": AXE_WCAG_TAGS}
    if without:
        options["rules"] = {rule: {"enabled": False} for rule in without}
    result: dict[str, Any] = page.evaluate(
        "async (options) => await axe.run(document, options)", options
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
    ]
