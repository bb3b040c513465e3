"""Every public page answers in bokmål, nynorsk and English, and says which language it is in."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.awards.models import Edition, Nominee

LANGUAGES = ["nb", "nn", "en"]
FEEDBACK_QUESTION = {
    "nb": "Fant du det du lette etter?",
    "nn": "Fann du det du leita etter?",
    "en": "Did you find what you were looking for?",
}
# One string per page and language that only a translated page contains.
PAGE_STRINGS = {
    "home": {"nb": "Priser", "nn": "Prisar", "en": "Awards"},
    "award": {
        "nb": "Hvordan stemmene teller",
        "nn": "Korleis røystene tel",
        "en": "How votes count",
    },
    "edition": {"nb": "Hvem som avgjør", "nn": "Kven som avgjer", "en": "Who decides"},
    "nominees": {"nb": "Nominerte 2018", "nn": "Nominerte 2018", "en": "Nominees 2018"},
    "nominee": {"nb": "Sist oppdatert", "nn": "Sist oppdatert", "en": "Last updated"},
    "archive": {"nb": "Tidligere vinnere", "nn": "Tidlegare vinnarar", "en": "Earlier winners"},
    "accessibility": {
        "nb": "Tilgjengelighetserklæring",
        "nn": "Tilgjengelegheitserklæring",
        "en": "Accessibility statement",
    },
    "privacy": {
        "nb": "Personvern og informasjonskapsler",
        "nn": "Personvern og informasjonskapslar",
        "en": "Privacy and cookies",
    },
}


def _url(name: str, lang: str, edition: Edition, nominee: Nominee) -> str:
    kwargs: dict[str, object] = {}
    if name in {"award", "archive"}:
        kwargs = {"award": edition.award.slug}
    elif name in {"edition", "nominees"}:
        kwargs = {"award": edition.award.slug, "year": edition.year}
    elif name == "nominee":
        kwargs = {"award": edition.award.slug, "year": edition.year, "nominee": nominee.slug}
    with translation.override(lang):
        return reverse(f"public:{name}", kwargs=kwargs)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("page", list(PAGE_STRINGS))
def test_each_public_page_answers_in_each_language(
    client: Client, edition: Edition, nominees: list[Nominee], page: str, lang: str
) -> None:
    url = _url(page, lang, edition, nominees[0])
    assert url.startswith({"nb": "/", "nn": "/nn/", "en": "/en/"}[lang])

    response = client.get(url)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert PAGE_STRINGS[page][lang] in html
    assert FEEDBACK_QUESTION[lang] in html
    assert len(re.findall(r"<h1[ >]", html)) == 1


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_page_links_its_versions_in_all_three_languages(
    client: Client, edition: Edition, nominees: list[Nominee], lang: str
) -> None:
    url = _url("nominee", lang, edition, nominees[0])
    base = _url("nominee", "nb", edition, nominees[0])

    html = client.get(url).content.decode()

    for code, prefix in (("nb", ""), ("nn", "/nn"), ("en", "/en")):
        assert (
            f'<link rel="alternate" hreflang="{code}" href="http://testserver{prefix}{base}">'
            in html
        )
        # The switcher links the same page in each language, each named in its own language.
        assert re.search(
            rf'<a [^>]*href="{prefix}{base}"[^>]*hreflang="{code}"[^>]*lang="{code}"'
            rf'|<a [^>]*href="{prefix}{base}"[^>]*lang="{code}"[^>]*hreflang="{code}"',
            html,
        )
    assert f'<link rel="alternate" hreflang="x-default" href="http://testserver{base}">' in html


def test_the_home_page_lists_awards_with_their_current_edition_and_phase(
    client: Client, edition: Edition
) -> None:
    html = client.get("/").content.decode()

    assert "Bosettings- og integreringsprisen" in html
    assert "Gjeldende utdeling: 2018" in html
    assert "avstemningen er åpen" in html


def test_content_missing_in_nynorsk_falls_back_to_bokmal_marked_as_such(
    client: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    nominee = make_nominee(
        edition,
        "Stange",
        "3413",
        summary="Stange gjør en god jobb.",
        summary_en="Stange does good work.",
    )

    nn = client.get(f"/nn/bosettingsprisen/2018/nominerte/{nominee.slug}/").content.decode()
    en = client.get(f"/en/bosettingsprisen/2018/nominerte/{nominee.slug}/").content.decode()

    assert '<p class="ds-paragraph" data-size="lg" lang="nb">Stange gjør en god jobb.</p>' in nn
    assert '<p class="ds-paragraph" data-size="lg">Stange does good work.</p>' in en
    # The award's name exists in nynorsk, so it carries no language of its own.
    assert "Busetjings- og integreringsprisen" in nn


def test_editions_not_yet_announced_are_not_public(
    client: Client, make_edition: Callable[..., Edition]
) -> None:
    import datetime as dt

    # Announced 30 days from now.
    make_edition(year=2030, opens=dt.timedelta(days=60), closes=dt.timedelta(days=70))

    assert client.get("/bosettingsprisen/2030/").status_code == 404
    assert client.get("/bosettingsprisen/").status_code == 404
    assert "Bosettings- og integreringsprisen" not in client.get("/").content.decode()


def test_withdrawn_nominees_are_not_shown(
    client: Client, edition: Edition, nominees: list[Nominee]
) -> None:
    from kaaring.awards.services import nominee_withdraw

    nominee_withdraw(actor=None, nominee=nominees[1], reason="Trakk seg")

    listing = client.get("/bosettingsprisen/2018/nominerte/").content.decode()
    assert "Asker" not in listing
    assert client.get("/bosettingsprisen/2018/nominerte/asker/").status_code == 404


def test_the_profile_text_is_escaped_and_split_into_paragraphs(
    client: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    make_nominee(edition, "Asker", "3203", profile="Første avsnitt.\n\n<script>x</script>")

    html = client.get("/bosettingsprisen/2018/nominerte/asker/").content.decode()

    assert "<p>Første avsnitt.</p>" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<script>x" not in html


def test_the_nominee_page_links_the_other_nominees_and_the_list(
    client: Client, edition: Edition, nominees: list[Nominee]
) -> None:
    html = client.get("/bosettingsprisen/2018/nominerte/stange/").content.decode()

    assert 'href="/bosettingsprisen/2018/nominerte/asker/"' in html
    assert 'href="/bosettingsprisen/2018/nominerte/bodo/"' in html
    assert 'href="/bosettingsprisen/2018/nominerte/"' in html
    assert "Sist oppdatert" in html


def test_the_nominee_page_has_a_fixed_number_of_queries(
    client: Client,
    edition: Edition,
    nominees: list[Nominee],
    make_nominee: Callable[..., Nominee],
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(10):
        make_nominee(edition, f"Kommune {i}", f"{1000 + i}")

    with django_assert_max_num_queries(3):
        response = client.get("/bosettingsprisen/2018/nominerte/stange/")
    assert response.status_code == 200


def test_the_home_and_edition_pages_have_a_fixed_number_of_queries(
    client: Client,
    edition: Edition,
    nominees: list[Nominee],
    django_assert_max_num_queries: Any,
) -> None:
    with django_assert_max_num_queries(2):
        assert client.get("/").status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get("/bosettingsprisen/2018/").status_code == 200
