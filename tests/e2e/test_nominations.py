"""The public nomination form in the browser: the demo's open call for Stange's prize, filled in
with the keyboard alone on a 320 px screen, with 0 axe violations on the empty form, the form
with errors and the confirmation page."""

import pytest
from playwright.sync_api import Page

from kaaring.nominations.models import Call, Nomination, Status
from tests.e2e.conftest import axe_violations

MAX_TABS = 120


def _tab_to(page: Page, element_id: str) -> None:
    """Press Tab until the element with ``element_id`` has the focus (keyboard only)."""
    for _ in range(MAX_TABS):
        if page.evaluate("() => document.activeElement && document.activeElement.id") == element_id:
            return
        page.keyboard.press("Tab")
    pytest.fail(f"#{element_id} was not reached with the Tab key")


def _type_into(page: Page, element_id: str, text: str) -> None:
    _tab_to(page, element_id)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


@pytest.fixture
def stange_form(demo: str) -> str:
    call = Call.objects.get(edition__award__slug="stange-integreringspris")
    return f"{demo}/en/stange-integreringspris/{call.edition.year}/nominer/"


def test_a_nomination_is_filled_in_with_the_keyboard_alone_at_320_px(
    demo: str, stange_form: str, page: Page
):
    call = Call.objects.get(edition__award__slug="stange-integreringspris")
    question_ids = [f"id_answer_{q.pk}" for q in call.questions.all()]
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(stange_form)
    assert axe_violations(page, every_rule=True) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320

    # Sent with the nominee's name missing: the errors come back in a summary and by the fields.
    _type_into(page, "id_nominator_name", "Kari Nordmann")
    _type_into(page, "id_nominator_email", "kari.nordmann@innbygger.example")
    _tab_to(page, "id_nominee_kind_0")  # a person
    page.keyboard.press("Space")
    for element_id in question_ids:
        _type_into(page, element_id, "Hun har samlet nabolaget rundt språkkafeen.")
    with page.expect_navigation():
        _tab_to(page, "id_nominee_name")
        page.keyboard.press("Enter")
    summary = page.locator(".ds-error-summary")
    assert summary.is_visible()
    assert page.locator("#id_nominee_name[aria-invalid=true]").count() == 1
    assert page.locator("#id_nominator_name").input_value() == "Kari Nordmann"
    assert axe_violations(page, every_rule=True) == []

    _type_into(page, "id_nominee_name", "Amina Hassan")
    _tab_to(page, "id_consent")
    if not page.locator("#id_consent").is_checked():
        page.keyboard.press("Space")
    assert page.locator("#id_nominee_kind_0").is_checked()
    with page.expect_navigation():
        _tab_to(page, "id_nominee_name")
        page.keyboard.press("Enter")

    assert "/nominer/sendt/" in page.url
    assert page.locator("h1").inner_text() == "Check your e-mail"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 320
    assert axe_violations(page, every_rule=True) == []
    nomination = Nomination.objects.get(call=call, nominee_name="Amina Hassan")
    assert nomination.submitted_at is not None
    assert nomination.status == Status.DRAFT  # until the link in the mail is opened
    assert nomination.consent_at is not None
