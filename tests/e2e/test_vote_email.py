"""The e-mail vote in the browser: every step (start, refused address, "check your e-mail",
the confirmation page, thank-you) with 0 axe violations in the three languages, done with the
keyboard on a 320 px screen."""

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page

from kaaring.awards.models import Award, Edition, VotingMode
from kaaring.awards.services import edition_create, nominee_create
from kaaring.voting.models import Ballot, EmailConfirmation
from kaaring.voting.tasks import email_confirmation_send_task
from tests.e2e.conftest import axe_violations


@pytest.fixture(autouse=True)
def _ballots_removed(ballots_removed_afterwards: None) -> None:
    """See tests/e2e/conftest.py."""


@pytest.fixture
def email_edition(demo: str) -> Edition:
    """An e-mail vote for IMDi's prize, open now (the demo's open edition uses proof of work)."""
    now = timezone.now()
    award = Award.objects.get(slug="bosettingsprisen")
    edition = edition_create(
        actor=None,
        award=award,
        year=2030,
        announced_at=now - dt.timedelta(days=10),
        voting_opens_at=now - dt.timedelta(days=1),
        voting_closes_at=now + dt.timedelta(days=10),
        voting_mode=VotingMode.EMAIL,
        finalist_count=3,
        decision_rule="top_n_then_jury",
        tie_break="all_tied_advance",
    )
    for position, (slug, name, number) in enumerate(
        [("alta", "Alta", "5601"), ("voss", "Voss", "4621")], start=1
    ):
        nominee_create(
            actor=None,
            edition=edition,
            slug=slug,
            name=name,
            kind="municipality",
            municipality_number=number,
            summary=f"{name} er nominert.",
            position=position,
        )
    return edition


def _type_and_send(page: Page, address: str) -> None:
    page.locator("#id_email").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(address)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_an_email_vote_has_no_axe_violations_at_any_step(
    demo: str, email_edition: Edition, page: Page, language: str
):
    page.set_viewport_size({"width": 320, "height": 640})
    prefix = "" if language == "nb" else f"/{language}"
    page.goto(f"{demo}{prefix}/bosettingsprisen/2030/stem/voss/")
    assert axe_violations(page) == []

    _type_and_send(page, "velger@mailinator.com")  # a disposable address: refused
    assert page.locator(".ds-error-summary, [role=alert]").first.is_visible()
    assert axe_violations(page) == []

    _type_and_send(page, f"velger.{language}@example.no")
    assert axe_violations(page) == []

    confirmation = EmailConfirmation.objects.get(edition=email_edition)
    email_confirmation_send_task.call(confirmation.pk)
    [message] = [m for m in mail.outbox if f"velger.{language}@example.no" in m.to]
    link = re.search(r"https?://\S+/stem/bekreft/\S+/", str(message.body))
    assert link is not None
    page.goto(demo + urlsplit(link.group(0)).path)
    assert axe_violations(page) == []
    assert not Ballot.objects.filter(edition=email_edition).exists()

    button = page.locator("main form button[type=submit]")
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/stem/takk/$"))
    assert axe_violations(page) == []
    assert Ballot.objects.get(edition=email_edition).receipt in page.locator("main").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
