"""Nominee pages carry Open Graph and Twitter tags and plain share links (no third-party JS)."""

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from kaaring.awards.models import Edition, Nominee

# A PNG of one pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478"
    "9c6360000002000154a24f5d0000000049454e44ae426082"
)


@pytest.mark.parametrize(("prefix", "locale"), [("", "nb_NO"), ("/nn", "nn_NO"), ("/en", "en_GB")])
def test_the_nominee_page_has_open_graph_tags(
    client: Client, edition: Edition, nominees: list[Nominee], prefix: str, locale: str
) -> None:
    html = client.get(f"{prefix}/bosettingsprisen/2018/nominerte/stange/").content.decode()

    url = f"http://testserver{prefix}/bosettingsprisen/2018/nominerte/stange/"
    assert f'<meta property="og:url" content="{url}">' in html
    assert f'<meta property="og:locale" content="{locale}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="' in html
    assert '<meta property="og:description" content="Stange gjør en god jobb.">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert "og:image" not in html


def test_og_image_is_given_when_the_nominee_has_an_image(
    client: Client,
    edition: Edition,
    make_nominee: Callable[..., Nominee],
    settings: object,
    tmp_path: object,
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    make_nominee(
        edition,
        "Bodø",
        "1804",
        image=SimpleUploadedFile("bodo.png", PNG, content_type="image/png"),
        image_alt="Rådhuset i Bodø",
        image_alt_en="Bodø town hall",
    )

    html = client.get("/en/bosettingsprisen/2018/nominerte/bodo/").content.decode()

    assert '<meta property="og:image" content="http://testserver/media/nominees/' in html
    assert '<meta property="og:image:alt" content="Bodø town hall">' in html
    assert 'alt="Bodø town hall"' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_share_links_are_plain_links_without_third_party_scripts(
    client: Client, edition: Edition, nominees: list[Nominee]
) -> None:
    html = client.get("/bosettingsprisen/2018/nominerte/stange/").content.decode()

    assert 'href="https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver%2F' in html
    assert 'href="https://x.com/intent/post?url=' in html
    assert 'href="https://www.linkedin.com/sharing/share-offsite/?url=' in html
    assert 'href="mailto:?subject=' in html
    for src in __import__("re").findall(r'<script[^>]*src="([^"]+)"', html):
        assert src.startswith("/static/")
    assert "<script>" not in html
