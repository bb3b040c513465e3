"""Voting with electronic ID in a real browser under the site's real Content Security Policy:
the start page's form posts to us, and the way on to the provider must not be blocked by
``form-action 'self'`` (browsers apply it to redirects after a form submission). The provider
is oidc-provider-mock on 127.0.0.1; the voter logs in there with its form, by keyboard."""

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Browser

from kaaring.awards.models import Edition, Nominee, VotingMode
from kaaring.voting import oidc
from kaaring.voting.models import Ballot
from kaaring.voting.tests.eid_provider import Provider, running_provider


@pytest.fixture
def provider(settings: Any) -> Iterator[Provider]:
    oidc.cache_clear()
    with running_provider(require_nonce=True) as running:
        settings.OIDC_ISSUER = running.url
        settings.OIDC_CLIENT_ID = "kaaring"
        settings.OIDC_CLIENT_SECRET = "test-client-secret"
        settings.OIDC_IDENTITY_CLAIM = "pid"
        settings.OIDC_REQUIRED_ACR = "idporten-loa-substantial"
        running.user_set("kari", {"pid": "24079409630", "acr": "idporten-loa-substantial"})
        yield running
    oidc.cache_clear()


@pytest.fixture
def nominee(
    ballots_removed_afterwards: None,
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
) -> Nominee:
    edition = make_edition(voting_mode=VotingMode.EID)
    return make_nominee(edition, "Stange", "3413")


def test_a_voter_logs_in_with_e_id_in_the_browser_and_gets_a_receipt(
    browser: Browser, live_server: Any, provider: Provider, nominee: Nominee
) -> None:
    context = browser.new_context(locale="en-GB")  # the site's CSP applies
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text))
    with translation.override("en"):
        start = reverse("voting:start", args=[nominee.edition.award.slug, 2018, nominee.slug])

    page.goto(live_server.url + start)
    page.get_by_role("button", name="Log in with electronic ID to vote").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{provider.url}/oauth2/authorize*")
    page.get_by_label("Subject").fill("kari")
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url("**/stem/takk/")

    assert page.get_by_role("heading", name="Thank you for voting").is_visible()
    ballot = Ballot.objects.get()
    assert ballot.receipt in page.content()
    assert not [text for text in blocked if "form-action" in text]
    context.close()


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_the_e_id_steps_have_no_axe_violations(
    page: Any, live_server: Any, provider: Provider, nominee: Nominee, language: str
) -> None:
    from tests.e2e.conftest import axe_violations

    provider.user_set("ola", {"pid": "01010112345", "acr": "idporten-loa-low"})
    with translation.override(language):
        start = reverse("voting:start", args=[nominee.edition.award.slug, 2018, nominee.slug])
    page.set_viewport_size({"width": 320, "height": 640})

    page.goto(live_server.url + start)
    assert axe_violations(page) == []

    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{provider.url}/oauth2/authorize*")
    page.get_by_label("Subject").fill("ola")  # too low an assurance level: refused
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.wait_for_url("**/stem/eid/tilbake/**")
    assert axe_violations(page) == []
    assert not Ballot.objects.exists()
