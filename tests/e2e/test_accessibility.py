"""Every public page in bokmål, nynorsk and English: 0 axe-core violations of any rule
(best practices included, not only WCAG 2.1 A/AA), the right language declared, and no
horizontal scrolling on a 320 px wide screen."""

from playwright.sync_api import Page

from tests.e2e.conftest import axe_violations
from tests.e2e.pages import LANGUAGES, public_paths, vote_paths


def not_applicable(path: str) -> tuple[str, ...]:
    # The embeddable vote button is a document made to sit in an iframe on another site, whose
    # page has the level-one heading (axe applies the rule to the top-level page only).
    if path.endswith("/knapp/"):
        return ("page-has-heading-one",)
    return ()


def test_every_public_page_has_no_axe_violations_in_any_language(demo: str, page: Page):
    failures: dict[str, list] = {}
    visited = 0
    for language in LANGUAGES:
        for path in [*public_paths(language), *vote_paths(language)]:
            response = page.goto(demo + path)
            assert response is not None
            assert page.locator("html").get_attribute("lang") == language, path
            violations = axe_violations(page, every_rule=True, without=not_applicable(path))
            if violations:
                failures[path] = violations
            visited += 1
    assert visited > 60  # all three languages of a full demo
    # One entry per rule, with a few of the pages it fails on: a template's mistake shows once.
    by_rule: dict[str, list[str]] = {}
    for path, violations in failures.items():
        for violation in violations:
            by_rule.setdefault(f"{violation['id']}: {violation['help']}", []).append(path)
    assert {rule: paths[:3] for rule, paths in by_rule.items()} == {}, failures


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
    assert too_wide == {}
