"""Every public page in bokmål, nynorsk and English: 0 axe-core violations (WCAG 2.1 A/AA),
the right language declared, and no horizontal scrolling on a 320 px wide screen."""

import os

from playwright.sync_api import Page

from kaaring.compliance.checks import AXE, REFLOW, check_record
from tests.e2e.conftest import axe_violations
from tests.e2e.pages import LANGUAGES, public_paths


def test_every_public_page_has_no_axe_violations_in_any_language(demo: str, page: Page):
    failures: dict[str, list] = {}
    visited = 0
    for language in LANGUAGES:
        for path in public_paths(language):
            response = page.goto(demo + path)
            assert response is not None
            assert page.locator("html").get_attribute("lang") == language, path
            violations = axe_violations(page)
            if violations:
                failures[path] = violations
            visited += 1
    assert visited > 60  # all three languages of a full demo
    if os.environ.get("KAARING_RECORD_CHECKS") == "1":
        check_record(AXE, pages=visited, violations=sum(map(len, failures.values())))
    assert failures == {}


def test_pages_reflow_at_320_px_without_horizontal_scrolling(demo: str, page: Page):
    page.set_viewport_size({"width": 320, "height": 640})
    too_wide = {}
    for path in public_paths("nb"):
        page.goto(demo + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        if overflow > 0:
            too_wide[path] = overflow
    if os.environ.get("KAARING_RECORD_CHECKS") == "1":
        check_record(REFLOW, pages=len(public_paths("nb")), violations=len(too_wide))
    assert too_wide == {}
