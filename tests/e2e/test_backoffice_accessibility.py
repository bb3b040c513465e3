"""The organisers' back office: its pages have 0 axe violations in nb, nn and en too.

The demo organiser (who has two-factor set up) is logged in by a session made on the server,
so the scan covers the pages behind the login rather than the login itself, which has its own
test below.
"""

from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import BrowserContext, Page

from kaaring.accounts.models import User
from kaaring.awards.models import Award, Edition, Nominee
from kaaring.nominations.models import Call
from tests.e2e.conftest import axe_violations
from tests.e2e.pages import LANGUAGES


def _log_in(context: BrowserContext, base: str, email: str) -> None:
    client = Client()
    client.force_login(User.objects.get(email=email))
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _backoffice_paths(language: str) -> list[str]:
    award = Award.objects.get(slug="bosettingsprisen")
    with translation.override(language):
        paths = [
            reverse("backoffice:dashboard"),
            reverse("backoffice:award", kwargs={"award": award.slug}),
            reverse("backoffice:feedback", kwargs={"organisation": award.organisation.slug}),
            reverse("backoffice:audit_log", kwargs={"organisation": award.organisation.slug}),
        ]
        for edition in Edition.objects.filter(award=award).order_by("-year")[:3]:
            kwargs = {"award": award.slug, "year": edition.year}
            paths += [
                reverse("backoffice:edition", kwargs=kwargs),
                reverse("backoffice:nominees", kwargs=kwargs),
                reverse("backoffice:nominations", kwargs=kwargs),
                reverse("backoffice:jury_admin", kwargs=kwargs),
                reverse("backoffice:results", kwargs=kwargs),
            ]
            if edition.has_public_vote:
                paths += [
                    reverse("backoffice:votes", kwargs=kwargs),
                    reverse("backoffice:review", kwargs=kwargs),
                ]
            nominee = Nominee.objects.filter(edition=edition).order_by("position").first()
            if nominee is not None:
                paths.append(reverse("backoffice:nominee", kwargs={**kwargs, "pk": nominee.pk}))
        for call in Call.objects.filter(edition__award=award):
            kwargs = {"award": award.slug, "year": call.edition.year}
            paths.append(reverse("backoffice:nomination_call", kwargs=kwargs))
    return paths


def test_back_office_pages_have_no_axe_violations(demo: str, context: BrowserContext, page: Page):
    _log_in(context, demo, "arrangor@imdi.example")
    failures = {}
    visited = 0
    for language in LANGUAGES:
        for path in _backoffice_paths(language):
            response = page.goto(demo + path)
            assert response is not None
            assert response.status == 200, path
            assert page.url == demo + path, f"redirected from {path} to {page.url}"
            assert page.locator("html").get_attribute("lang") == language, path
            violations = axe_violations(page)
            if violations:
                failures[path] = violations
            visited += 1
    assert visited > 30
    assert failures == {}


def test_the_login_page_has_no_axe_violations(demo: str, page: Page):
    for language in LANGUAGES:
        with translation.override(language):
            page.goto(demo + reverse("account_login"))
        assert axe_violations(page) == []
