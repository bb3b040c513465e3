"""An organiser uploads the organisation's logo in the browser; the public pages of its award
then show it in the header with its description in the page's language, at 360 px too."""

import io

from django.test import Client
from PIL import Image
from playwright.sync_api import BrowserContext, FilePayload, Page

from kaaring.accounts.models import User
from tests.e2e.conftest import axe_violations

ORGANISER = "arrangor@imdi.example"


def _log_in(context: BrowserContext, base: str) -> None:
    client = Client()
    client.force_login(User.objects.get(email=ORGANISER))
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base}]
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (240, 72), (0, 80, 140)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_an_uploaded_logo_is_shown_with_its_description_on_the_public_pages(
    demo: str, context: BrowserContext, page: Page
):
    _log_in(context, demo)
    for prefix in ("", "/nn", "/en"):
        page.goto(f"{demo}{prefix}/backoffice/organisasjon/imdi/logo/")
        assert axe_violations(page) == [], prefix

    page.goto(f"{demo}/backoffice/organisasjon/imdi/logo/")
    upload: FilePayload = {"name": "imdi.png", "mimeType": "image/png", "buffer": _png()}
    page.set_input_files("#id_logo", files=[upload])
    page.get_by_label("Beskrivelse av logoen (bokmål)").fill("IMDis logo")
    page.get_by_label("Beskrivelse av logoen (engelsk)").fill("IMDi's logo")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/organisasjon/imdi/logo/")
    assert page.get_by_text("Logoen er lagret.").is_visible()

    page.set_viewport_size({"width": 360, "height": 740})
    for prefix, alt in (("", "IMDis logo"), ("/nn", "IMDis logo"), ("/en", "IMDi's logo")):
        page.goto(f"{demo}{prefix}/bosettingsprisen/2018/")
        logo = page.locator("header img.site-header__logo")
        assert logo.get_attribute("alt") == alt
        # Loaded, 3 rem high, and within the screen.
        assert logo.evaluate("img => img.complete && img.naturalWidth") == 240
        box = logo.bounding_box()
        assert box is not None
        rem = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
        assert box["height"] == 3 * rem
        assert box["x"] + box["width"] <= 360
        assert "Integrerings- og mangfoldsdirektoratet" in page.locator("header").inner_text()
    # The nynorsk page falls back to the bokmål description, and says so.
    page.goto(f"{demo}/nn/bosettingsprisen/2018/")
    assert page.locator("header img.site-header__logo").get_attribute("lang") == "nb"
