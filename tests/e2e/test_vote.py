"""Voting in the demo's open edition with the keyboard alone, on a 320 px screen, under the
site's real Content Security Policy: the ALTCHA widget solves in the browser, the vote is
recorded, and the start and confirmation pages have no axe violations."""

import pytest
from playwright.sync_api import Browser, Page, ViewportSize

from kaaring.awards.models import Edition
from kaaring.voting.models import Ballot
from tests.e2e.conftest import axe_violations

SMALL: ViewportSize = {"width": 320, "height": 640}


@pytest.fixture(autouse=True)
def _ballots_removed(ballots_removed_afterwards: None) -> None:
    """See tests/e2e/conftest.py."""


ACTIVE = """() => {
    let el = document.activeElement;
    while (el && el.shadowRoot && el.shadowRoot.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        type: el.getAttribute('type'),
        text: (el.innerText || '').trim(),
        focusRing: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
            || style.boxShadow !== 'none',
        visible: box.width > 0 && box.height > 0,
    };
}"""


def _tab_until(page: Page, predicate, limit: int = 60) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(ACTIVE)
        if focused and predicate(focused):
            assert focused["visible"], focused
            assert focused["focusRing"], f"no visible focus: {focused}"
            return focused
    raise AssertionError("never reached the element with Tab")


def _open_edition() -> Edition:
    return Edition.objects.filter(voting_mode="open").order_by("-year")[0]


def _no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("(d => d.scrollWidth <= d.clientWidth)(document.documentElement)"))


def test_a_keyboard_user_votes_on_a_small_screen_under_the_sites_csp(demo: str, browser: Browser):
    edition = _open_edition()
    start = f"{demo}/{edition.award.slug}/{edition.year}/stem/alta/"
    # No bypass_csp here: the page runs under the policy the site sends.
    context = browser.new_context(locale="nb-NO", viewport=SMALL)
    page = context.new_page()
    page.set_default_timeout(30_000)
    blocked: list[str] = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(start)
    assert page.locator("h1").inner_text() == "Stem på Alta"
    assert _no_horizontal_scroll(page)

    _tab_until(page, lambda f: f["tag"] == "input" and f["type"] == "checkbox")
    page.keyboard.press("Space")
    page.wait_for_function(
        "() => (document.querySelector('input[name=altcha]') || {}).value"
        " || new FormData(document.querySelector('form.vote-form')).get('altcha')"
    )
    _tab_until(page, lambda f: f["tag"] == "button" and f["text"] == "Stem på Alta")
    page.keyboard.press("Enter")
    page.wait_for_url("**/stem/takk/")

    ballot = Ballot.objects.latest("pk")  # the demo has ballots of its own
    assert ballot.receipt in page.locator("main").inner_text()
    assert ballot.signals.proof_of_work_ms is not None
    assert _no_horizontal_scroll(page)
    assert blocked == []

    # axe-core is injected into the page, which the CSP forbids: scan with the same cookies in
    # a context that lets the script in.
    state = context.storage_state()
    context.close()
    scan = browser.new_context(locale="nb-NO", viewport=SMALL, bypass_csp=True, storage_state=state)
    page = scan.new_page()
    page.goto(f"{demo}/{edition.award.slug}/{edition.year}/stem/takk/")
    assert ballot.receipt in page.locator("main").inner_text()
    assert axe_violations(page) == []
    scan.close()


def test_the_start_page_has_no_axe_violations_at_320_px(demo: str, browser: Browser):
    edition = _open_edition()
    context = browser.new_context(locale="nb-NO", viewport=SMALL, bypass_csp=True)
    page = context.new_page()
    for language in ("", "/nn", "/en"):
        page.goto(f"{demo}{language}/{edition.award.slug}/{edition.year}/stem/hamar/")
        page.wait_for_selector("altcha-widget input[type=checkbox]")
        assert axe_violations(page) == [], language
        assert _no_horizontal_scroll(page)
    page.goto(f"{demo}/kvittering/?receipt=ABCD-EFGH-JKLM")
    assert axe_violations(page) == []
    context.close()
