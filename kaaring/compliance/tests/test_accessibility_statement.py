"""An organisation's accessibility statement: the automated checks' recorded result, the images
its nominee content lacks text for, what it declares, and what is still missing, in bokmål,
nynorsk and English; linked from the footer of its pages."""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import Organisation
from kaaring.awards.models import Edition, Nominee
from kaaring.compliance import checks
from kaaring.compliance.models import DECLARED_TEXT_MAX, Declaration

pytestmark = pytest.mark.django_db

TITLE = {
    "nb": "Tilgjengelighetserklæring: ",
    "nn": "Tilgjengelegheitserklæring: ",
    "en": "Accessibility statement: ",
}
NOT_MET = {"nb": "Ikke oppfylt", "nn": "Ikkje oppfylt", "en": "Not met"}
INCOMPLETE = {
    "nb": "Denne erklæringen er ikke fullstendig.",
    "nn": "Denne erklæringa er ikkje fullstendig.",
    "en": "This statement is not complete.",
}


@pytest.fixture(autouse=True)
def recorded_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checks file of the test's own: the committed one is the release's record."""
    path = tmp_path / "checks.json"
    checks.check_record(checks.AXE, pages=90, violations=0, path=path, today=dt.date(2026, 12, 1))
    checks.check_record(
        checks.REFLOW, pages=30, violations=0, path=path, today=dt.date(2026, 12, 1)
    )
    monkeypatch.setattr(checks, "CHECKS_FILE", path)
    monkeypatch.setattr(checks.checks_load, "__defaults__", (path,))
    return path


def _get(client: Client, organisation: Organisation, lang: str) -> str:
    with translation.override(lang):
        url = reverse("public:organisation_accessibility", args=[organisation.slug])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    return html


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_statement_in_each_language_names_what_is_missing(
    client: Client, edition: Edition, imdi: Organisation, lang: str
) -> None:
    html = _get(client, imdi, lang)
    assert TITLE[lang] + imdi.name in html
    assert "1.1.1" in html
    assert "4.1.2" in html
    # No contact declared yet.
    assert INCOMPLETE[lang] in html


def test_recorded_check_date_and_result_are_shown(
    client: Client, edition: Edition, imdi: Organisation
) -> None:
    html = _get(client, imdi, "en")
    assert "Automated check on Dec. 1, 2026: 0 violations." in html
    assert "Not met" not in html


def test_a_failed_or_missing_check_is_not_met(
    client: Client, edition: Edition, imdi: Organisation, recorded_checks: Path
) -> None:
    checks.check_record(checks.AXE, pages=90, violations=3, path=recorded_checks)
    html = _get(client, imdi, "en")
    assert NOT_MET["en"] in html
    recorded_checks.write_text("not json")
    html = _get(client, imdi, "en")
    assert "No automated check has been recorded." in html
    assert "a recorded run of the automated checks" in html


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_content_check_findings_are_listed(
    client: Client,
    edition: Edition,
    imdi: Organisation,
    make_nominee: Callable[..., Nominee],
    lang: str,
) -> None:
    complete = {"summary_nn": "x", "summary_en": "x", "profile_nn": "x", "profile_en": "x"}
    make_nominee(edition, "Stange", "3413", **complete, profile="Les mer på nettsiden.")
    make_nominee(edition, "Asker", "3203", **complete)
    make_nominee(edition, "Bodø", "1804", **{**complete, "profile": "# Om oss\n\n### Tall"})
    html = _get(client, imdi, lang)
    assert NOT_MET[lang] in html
    assert ">Stange</a>" in html
    assert "2.4.4" in html
    assert ">Bodø</a>" in html
    assert ">Asker</a>" not in html


def test_declared_contact_and_deviations_complete_it(
    client: Client, edition: Edition, imdi: Organisation
) -> None:
    Declaration.objects.create(
        organisation=imdi,
        accessibility_contact="uu@imdi.example",
        known_deviations="Noen PDF-vedlegg er ikke tilgjengelige.",
        known_deviations_nn="Nokre PDF-vedlegg er ikkje tilgjengelege.",
    )
    html = _get(client, imdi, "nn")
    assert "uu@imdi.example" in html
    assert "Nokre PDF-vedlegg" in html
    assert INCOMPLETE["nn"] not in html
    en = _get(client, imdi, "en")
    assert ' lang="nb">Noen PDF-vedlegg' in en


def test_organisation_without_published_edition_says_so(
    client: Client, stange: Organisation
) -> None:
    html = _get(client, stange, "nb")
    assert "har ingen publisert utgave ennå" in html
    assert "en publisert utgave: erklæringen gjelder" in html


def test_absurdly_long_deviations_are_refused(imdi: Organisation) -> None:
    declaration = Declaration(organisation=imdi, known_deviations="x" * (DECLARED_TEXT_MAX + 1))
    with pytest.raises(ValidationError) as caught:
        declaration.full_clean()
    assert "known_deviations" in caught.value.message_dict


def test_unknown_organisation_or_language_is_404(client: Client, imdi: Organisation) -> None:
    assert client.get("/tilgjengelighet/finnes-ikke/").status_code == 404
    assert client.get(f"/xx/tilgjengelighet/{imdi.slug}/").status_code == 404


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_footer_links_to_the_page_organisations_statement(
    client: Client, edition: Edition, imdi: Organisation, lang: str
) -> None:
    with translation.override(lang):
        edition_url = reverse("public:edition", args=[edition.award.slug, edition.year])
        statement_url = reverse("public:organisation_accessibility", args=[imdi.slug])
        site_url = reverse("public:accessibility")
        home_url = reverse("public:home")
    assert f'href="{statement_url}"' in client.get(edition_url).content.decode()
    home = client.get(home_url).content.decode()
    assert f'href="{site_url}"' in home
    assert f'href="{statement_url}"' not in home
