"""The back office's API tokens page: made with the keyboard-usable form, shown once, and with
0 axe violations in nb, nn and en, before and after a token is made."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import BrowserContext, Page

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.api.models import ApiToken
from kaaring.backoffice.tests.twofactor import with_two_factor
from tests.e2e.conftest import axe_violations
from tests.e2e.pages import LANGUAGES

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_token_is_made_and_the_page_has_no_axe_violations(
    live_server: Any, context: BrowserContext, page: Page
) -> None:
    stange = Organisation.objects.create(name="Stange kommune", slug="stange", kind="municipality")
    user = User.objects.create_user(email="arrangor@stange.example", password="x" * 16)
    Membership.objects.create(user=user, organisation=stange, role=Membership.Role.ORGANISER)
    with_two_factor(user)
    client = Client()
    client.force_login(user)
    base = str(live_server.url)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )
    failures = {}
    for language in LANGUAGES:
        with translation.override(language):
            url = base + reverse("backoffice:tokens", kwargs={"organisation": "stange"})
        response = page.goto(url)
        assert response is not None
        assert response.status == 200
        failures[f"{language} list"] = axe_violations(page)
        page.locator("input[name=name]").fill(f"Nettsiden {language}")
        page.locator("input[name=scope][value=write]").check()
        page.locator("form.bo-form button[type=submit]").press("Enter")
        page.wait_for_selector("#new-token")
        assert page.locator("#new-token").inner_text().startswith("kaaring_")
        failures[f"{language} made"] = axe_violations(page)
    assert {k: v for k, v in failures.items() if v} == {}
    assert ApiToken.objects.filter(organisation=stange, scope="write").count() == 3
