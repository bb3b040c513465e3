"""The API's browsable docs work in a browser under the site's own CSP (no bypass here)."""

from typing import Any

import pytest
from playwright.sync_api import Browser

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_docs_render_under_the_csp_without_violations(
    browser: Browser, live_server: Any
) -> None:
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on(
        "request",
        lambda r: outside.append(r.url) if not r.url.startswith(live_server.url) else None,
    )
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status >= 400 else None)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-tag")
    titles = page.locator(".opblock-summary-path").all_inner_texts()
    context.close()
    assert any("/api/v1/awards" in t for t in titles)
    assert not [p for p in problems if "Content Security Policy" in p or "CSP" in p], problems
    assert missing == [], missing
    assert outside == [] or all(u.startswith("data:") for u in outside), outside
