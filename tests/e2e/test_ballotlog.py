"""The receipt's inclusion proof, checked again by the browser under the site's real Content
Security Policy (ballotlog.js, WebCrypto), and a proof the page altered is refused; the receipt
page with its proof and the edition's log page have no axe violations."""

import pytest
from playwright.sync_api import Browser, Route

from kaaring.voting.models import Ballot
from tests.e2e.conftest import axe_violations

CHECKED = "Nettleseren din har også sjekket beviset"
REFUSED = "Nettleseren din kunne ikke bekrefte beviset"


@pytest.fixture(autouse=True)
def _ballots_removed(ballots_removed_afterwards: None) -> None:
    """See tests/e2e/conftest.py."""


def _receipt_2018() -> str:
    return Ballot.objects.filter(edition__year=2018).order_by("pk")[100].receipt


def test_the_browser_checks_the_inclusion_proof_of_a_receipt(demo: str, browser: Browser) -> None:
    receipt = _receipt_2018()
    context = browser.new_context(locale="nb-NO")  # the site's own CSP applies
    page = context.new_page()
    page.goto(f"{demo}/kvittering/?receipt={receipt}")
    status = page.locator("[data-ballotlog-status]")
    status.filter(has_text=CHECKED).wait_for()
    assert "signaturen" in status.inner_text()
    context.close()


def test_the_browser_refuses_a_proof_that_does_not_lead_to_the_root(
    demo: str, browser: Browser
) -> None:
    receipt = _receipt_2018()
    context = browser.new_context(locale="nb-NO")
    page = context.new_page()

    def altered(route: Route) -> None:
        response = route.fetch()
        # The same proof for another position: it cannot lead to the same root.
        body = response.text().replace('data-index="', 'data-index="1', 1)
        route.fulfill(response=response, body=body)

    page.route("**/kvittering/*", altered)
    page.goto(f"{demo}/kvittering/?receipt={receipt}")
    page.locator("[data-ballotlog-status]").filter(has_text=REFUSED).wait_for()
    context.close()


def test_the_receipt_and_log_pages_have_no_axe_violations(demo: str, browser: Browser) -> None:
    receipt = _receipt_2018()
    context = browser.new_context(locale="nb-NO", bypass_csp=True)
    page = context.new_page()
    for path in (f"/kvittering/?receipt={receipt}", "/bosettingsprisen/2018/stemmelogg/"):
        page.goto(f"{demo}{path}")
        assert axe_violations(page) == [], path
    context.close()
