"""Unknown addresses get a 404 in the visitor's language, with the site's layout."""

import pytest
from django.test import Client

from kaaring.awards.models import Edition, Nominee

NOT_FOUND = {
    "nb": "Vi fant ikke siden",
    "nn": "Vi fann ikkje sida",
    "en": "We could not find the page",
}


@pytest.mark.parametrize(
    ("path", "lang"),
    [
        ("/ukjent-pris/", "nb"),
        ("/nn/ukjent-pris/", "nn"),
        ("/en/ukjent-pris/", "en"),
        ("/bosettingsprisen/1999/", "nb"),
        ("/en/bosettingsprisen/2017/", "en"),
        ("/nn/bosettingsprisen/2018/nominerte/finst-ikkje/", "nn"),
        ("/en/bosettingsprisen/2018/nominerte/ukjent/", "en"),
        ("/en/bosettingsprisen/abcd/", "en"),
        ("/nn/bosettingsprisen/2018/nominerte/a/b/", "nn"),
        ("/de/", "nb"),
        ("/de/bosettingsprisen/", "nb"),
    ],
)
def test_unknown_addresses_get_a_translated_404(
    client: Client, edition: Edition, nominees: list[Nominee], path: str, lang: str
) -> None:
    response = client.get(path)

    assert response.status_code == 404
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert NOT_FOUND[lang] in html


def test_the_404_page_offers_the_same_address_in_the_other_languages(
    client: Client, db: None
) -> None:
    html = client.get("/nn/ukjent-pris/").content.decode()

    assert 'href="/ukjent-pris/" hreflang="nb"' in html
    assert 'href="/en/ukjent-pris/" hreflang="en"' in html


@pytest.mark.parametrize(
    ("path", "lang", "message"),
    [
        ("/bosettingsprisen/2018/nominerte/stange/", "nb", "Forespørselen kunne ikke forstås"),
        ("/en/bosettingsprisen/2018/", "en", "The request could not be understood"),
    ],
)
def test_a_host_that_is_not_ours_gets_a_400_page_not_a_server_error(
    client: Client, edition: Edition, nominees: list[Nominee], path: str, lang: str, message: str
) -> None:
    client.get(path)  # a kept page for our own host first

    response = client.get(path, HTTP_HOST="evil.example")

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert message in html
    assert "evil.example" not in html
