"""A keyboard-only walk through the public site: no mouse, every focused element visible and
clearly marked, from the front page to a nominee, into English and through the feedback form."""

from playwright.sync_api import Page

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    return {
        tag: el.tagName.toLowerCase(),
        href: el.getAttribute('href'),
        text: (el.innerText || el.value || '').trim(),
        id: el.id,
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
        shadow: style.boxShadow !== 'none',
        visible: box.width > 0 && box.height > 0 && box.bottom > 0
            && box.top < window.innerHeight,
    };
}"""


def tab_to(
    page: Page,
    *,
    href: str | None = None,
    text: str | None = None,
    tag: str | None = None,
    limit: int = 120,
):
    """Press Tab until the focused element links to ``href`` (or shows ``text``).

    Every element that receives focus on the way must be on screen with a focus indicator.
    """
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        assert focused["visible"], f"focused element is off screen: {focused}"
        assert focused["outline"] or focused["shadow"], f"no visible focus: {focused}"
        if href is not None and focused["href"] == href:
            return focused
        if text is not None and focused["text"] == text:
            return focused
        if tag is not None and focused["tag"] == tag:
            return focused
    raise AssertionError(f"never reached {href or text!r} with Tab")


def test_a_keyboard_user_reaches_a_nominee_switches_language_and_gives_feedback(
    demo: str, page: Page
):
    page.goto(demo + "/")

    # The first Tab shows the skip link; Enter moves focus into the main content.
    page.keyboard.press("Tab")
    skip = page.evaluate(FOCUSED)
    assert skip["href"] == "#main"
    assert skip["visible"]
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, href="/bosettingsprisen/")
    page.keyboard.press("Enter")
    page.wait_for_url(demo + "/bosettingsprisen/")

    tab_to(page, href="/bosettingsprisen/arkiv/")
    page.keyboard.press("Enter")
    page.wait_for_url(demo + "/bosettingsprisen/arkiv/")

    tab_to(page, href="/bosettingsprisen/2018/")
    page.keyboard.press("Enter")
    page.wait_for_url(demo + "/bosettingsprisen/2018/")
    assert "Bærum" in page.locator("main").inner_text()

    tab_to(page, href="/bosettingsprisen/2018/nominerte/baerum/")
    page.keyboard.press("Enter")
    page.wait_for_url(demo + "/bosettingsprisen/2018/nominerte/baerum/")
    assert page.locator("h1").inner_text() == "Bærum"

    # Shift+Tab back to the top reaches the language switcher too; going forward is enough.
    page.keyboard.press("Home")
    page.evaluate("document.activeElement.blur()")
    tab_to(page, href="/en/bosettingsprisen/2018/nominerte/baerum/")
    page.keyboard.press("Enter")
    page.wait_for_url(demo + "/en/bosettingsprisen/2018/nominerte/baerum/")
    assert page.locator("html").get_attribute("lang") == "en"

    # Feedback: "No", then a comment, all by keyboard.
    tab_to(page, text="No")
    page.keyboard.press("Enter")
    page.locator("#feedback textarea").wait_for()
    focused = page.evaluate(FOCUSED)
    if focused is None or focused["tag"] != "textarea":
        tab_to(page, tag="textarea", limit=10)
    page.keyboard.type("The page did not say when the prize is awarded.")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["tag"] == "button"
    page.keyboard.press("Enter")
    page.locator("#feedback [role=status]").wait_for()
    assert "Thank you" in page.locator("#feedback").inner_text()
