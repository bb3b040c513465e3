"""The web font does not move the page when it arrives: every page preloads the font file the
style sheet uses for Latin text, and the fallback font is scaled to Inter's metrics."""

import re
from pathlib import Path

from django.conf import settings
from django.test import Client

SITE_CSS = Path(settings.BASE_DIR) / "kaaring" / "static" / "kaaring" / "site.css"


def test_every_page_preloads_the_font_file_the_style_sheet_uses_first(client: Client, db: None):
    css = SITE_CSS.read_text()
    first_font = re.search(r'src: url\("\.\./(vendor/fonts/[^"]+\.woff2)"\)', css)
    assert first_font is not None

    html = client.get("/").content.decode()

    preloads = re.findall(r'<link rel="preload" href="([^"]+)" as="font"[^>]*crossorigin>', html)
    assert [href.removeprefix(settings.STATIC_URL) for href in preloads] == [first_font[1]]


def test_the_fallback_font_is_matched_to_inter_and_used_until_it_arrives():
    css = SITE_CSS.read_text()
    fallback = re.search(r'@font-face \{\s*font-family: "Inter fallback";(.*?)\}', css, re.S)
    assert fallback is not None
    for descriptor in ("size-adjust", "ascent-override", "descent-override", "line-gap-override"):
        assert f"{descriptor}:" in fallback[1]
    assert 'font-family: "Inter", "Inter fallback",' in css
