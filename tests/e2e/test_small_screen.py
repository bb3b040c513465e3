"""The public site on a 360 px wide phone: long words may hyphenate by the page's language, the
breadcrumb is one link back, wide tables scroll in their own labelled region with the caption
in view, and the nominee page says its lead once. At 1280 px the full breadcrumb is back."""

import pytest
from playwright.sync_api import Page, ViewportSize

from kaaring.awards.models import Nominee
from kaaring.awards.services import nominee_update

PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1280, "height": 800}
NOMINEE = "/bosettingsprisen/2018/nominerte/stange/"


@pytest.fixture
def phone(page: Page) -> Page:
    page.set_viewport_size(PHONE)
    return page


def test_text_hyphenates_by_the_language_each_text_is_written_in(demo: str, phone: Page):
    for prefix, language in (("", "nb"), ("/nn", "nn"), ("/en", "en")):
        phone.goto(demo + prefix + NOMINEE)
        assert phone.locator("html").get_attribute("lang") == language
        for selector in ("main h1", "main p", "main li"):
            style = phone.locator(selector).first.evaluate("e => getComputedStyle(e).hyphens")
            assert style == "auto", (prefix, selector)
    # Content in bokmål on a nynorsk page is marked as bokmål, so it uses bokmål's dictionary.
    stange = Nominee.objects.get(slug="stange", edition__year=2018)
    nominee_update(actor=None, nominee=stange, summary_nn="")
    phone.goto(demo + "/nn" + NOMINEE)
    lead = phone.locator("main p[data-size=lg]").first
    assert lead.get_attribute("lang") == "nb"


def test_the_breadcrumb_is_one_back_link_on_a_phone_and_the_whole_trail_on_a_desktop(
    demo: str, page: Page
):
    page.set_viewport_size(PHONE)
    page.goto(demo + NOMINEE)
    crumbs = page.locator("nav.ds-breadcrumbs")
    back = crumbs.locator("a.site-crumb-back")
    assert back.is_visible()
    assert back.get_attribute("href") == "/bosettingsprisen/2018/nominerte/"
    assert back.get_attribute("aria-label") == "Tilbake til Nominerte"
    assert not crumbs.locator("ol").is_visible()
    assert crumbs.get_by_role("link").filter(visible=True).count() == 1

    page.set_viewport_size(DESKTOP)
    assert not back.is_visible()
    assert crumbs.locator("ol").is_visible()
    assert crumbs.locator("ol a").count() == 5


def test_wide_tables_scroll_in_a_labelled_region_the_keyboard_reaches(demo: str, phone: Page):
    phone.goto(demo + "/kommuner/3413/")
    regions = phone.locator("main [role=region].site-table")
    assert regions.count() > 0
    page_overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert page_overflow <= 0
    scrolls = 0
    for index in range(regions.count()):
        region = regions.nth(index)
        if not region.is_visible():
            continue  # inside a closed "more figures" disclosure
        caption = region.locator("caption")
        assert region.get_attribute("tabindex") == "0"
        label_id = region.get_attribute("aria-labelledby")
        assert caption.get_attribute("id") == label_id
        box = caption.bounding_box()
        assert box is not None
        assert box["height"] > 1
        assert 0 <= box["x"] < PHONE["width"]
        if region.evaluate("e => e.scrollWidth > e.clientWidth"):
            scrolls += 1
            # The keyboard reaches the region and scrolls it with the arrow keys.
            region.focus()
            assert phone.evaluate("document.activeElement.getAttribute('role')") == "region"
            phone.keyboard.press("ArrowRight")
            phone.wait_for_function(
                "(id) => document.querySelector(`[aria-labelledby='${id}']`).scrollLeft > 0",
                arg=label_id,
            )
            box = caption.bounding_box()
            assert box is not None
            assert box["x"] < PHONE["width"]
    assert scrolls > 0  # at 360 px the statistics tables are wider than the screen


def test_the_nominee_page_says_its_lead_once(demo: str, phone: Page):
    # The demo's shorter profiles open with the same sentence as their lead.
    phone.goto(demo + "/bosettingsprisen/2026/nominerte/alta/")
    lead = phone.locator("main p[data-size=lg]").first.inner_text()
    assert phone.locator("main").inner_text().count(lead) == 1


def test_nothing_below_the_title_is_set_larger_than_the_title(demo: str, phone: Page):
    for path in (NOMINEE, "/bosettingsprisen/2023/resultat/", "/bosettingsprisen/2018/"):
        phone.goto(demo + path)
        sizes = phone.evaluate(
            """() => {
                const px = (e) => parseFloat(getComputedStyle(e).fontSize);
                const title = px(document.querySelector('main h1'));
                const others = [...document.querySelectorAll('main h2, main p')].map(px);
                return [title, Math.max(...others)];
            }"""
        )
        assert sizes[1] <= sizes[0], path
