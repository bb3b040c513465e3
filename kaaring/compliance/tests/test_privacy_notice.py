"""An edition's privacy notice says what its voting mode stores, for how long, and what the
organiser has declared, in bokmål, nynorsk and English, linked from the vote page."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import translation

from kaaring.accounts.models import Organisation
from kaaring.awards.models import DecisionRule, Edition, Nominee, VotingMode
from kaaring.compliance.models import DECLARED_TEXT_MAX, Declaration

pytestmark = pytest.mark.django_db

TITLE = {"nb": "Personvernerklæring", "nn": "Personvernerklæring", "en": "Privacy notice"}
EMAIL_ADDRESS_ROW = {
    "nb": "Din e-postadresse, for å sende deg bekreftelseslenken.",
    "nn": "E-postadressa di, for å sende deg stadfestingslenkja.",
    "en": "Your e-mail address, to send you the confirmation link.",
}
MISSING = {
    "nb": "Denne erklæringen er ikke fullstendig.",
    "nn": "Denne erklæringa er ikkje fullstendig.",
    "en": "This notice is not complete.",
}


def _get(client: Client, edition: Edition, lang: str) -> str:
    with translation.override(lang):
        url = reverse("public:edition_privacy", args=[edition.award.slug, edition.year])
    response = client.get(url)
    assert response.status_code == 200
    assert f'lang="{lang}"' in response.content.decode()
    return response.content.decode()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_email_mode_notice_in_each_language(
    client: Client, make_edition: Callable[..., Edition], lang: str
) -> None:
    edition = make_edition(voting_mode=VotingMode.EMAIL)
    html = _get(client, edition, lang)
    assert TITLE[lang] in html
    assert EMAIL_ADDRESS_ROW[lang] in html
    # Nothing declared yet: the notice says what is missing instead of leaving a gap.
    assert MISSING[lang] in html


@pytest.mark.parametrize(
    ("mode", "present", "absent"),
    [
        (VotingMode.OPEN, "random identifier kept in your browser", "Your e-mail address"),
        (VotingMode.EID, "identifier your electronic ID gives us", "Your e-mail address"),
        (VotingMode.EMAIL, "domain of your e-mail address", "random identifier"),
    ],
)
def test_items_follow_the_voting_mode(
    client: Client, make_edition: Callable[..., Edition], mode: str, present: str, absent: str
) -> None:
    html = _get(client, make_edition(voting_mode=mode), "en")
    assert present in html
    assert absent not in html
    assert "keyed hash of your IP subnet" in html


def test_no_public_vote_collects_nothing(
    client: Client, make_edition: Callable[..., Edition]
) -> None:
    edition = make_edition(
        voting_mode=VotingMode.NONE,
        voting_opens_at=None,
        voting_closes_at=None,
        decision_rule=DecisionRule.JURY_ONLY,
    )
    html = _get(client, edition, "en")
    assert "no personal data is collected from voters" in html
    assert "keyed hash" not in html


@override_settings(VOTE_SIGNALS_RETENTION_DAYS=17, VOTE_EMAIL_CONFIRMATION_HOURS=5)
def test_retention_comes_from_the_settings(
    client: Client, make_edition: Callable[..., Edition]
) -> None:
    html = _get(client, make_edition(voting_mode=VotingMode.EMAIL), "nb")
    assert "Slettes 17 dager etter at avstemningen stenger." in html
    assert "(den varer i 5 timer)" in html


def test_declared_fields_are_shown_in_the_page_language(
    client: Client, edition: Edition, imdi: Organisation
) -> None:
    Declaration.objects.create(
        organisation=imdi,
        privacy_contact="personvern@imdi.example",
        legal_basis="Allmennhetens interesse, GDPR art. 6 nr. 1 e.",
        legal_basis_nn="Allmenta si interesse, GDPR art. 6 nr. 1 e.",
    )
    nn = _get(client, edition, "nn")
    assert "Allmenta si interesse" in nn
    assert "personvern@imdi.example" in nn
    assert MISSING["nn"] not in nn
    en = _get(client, edition, "en")
    # No English text declared: the bokmål one, marked as bokmål for screen readers.
    assert '<p class="ds-paragraph" lang="nb">Allmennhetens interesse' in en


def test_only_the_contact_missing_is_named(
    client: Client, edition: Edition, imdi: Organisation
) -> None:
    Declaration.objects.create(organisation=imdi, legal_basis="Samtykke.")
    html = _get(client, edition, "en")
    assert "a contact for questions about personal data" in html
    assert "the legal basis for the processing" not in html


def test_absurdly_long_declared_text_is_refused(imdi: Organisation) -> None:
    declaration = Declaration(organisation=imdi, legal_basis="x" * (DECLARED_TEXT_MAX + 1))
    with pytest.raises(ValidationError) as caught:
        declaration.full_clean()
    assert "legal_basis" in caught.value.message_dict


def test_unknown_edition_is_404(client: Client, edition: Edition) -> None:
    assert client.get(f"/{edition.award.slug}/1999/personvern/").status_code == 404
    assert client.get("/xx/personvern/").status_code == 404


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_vote_page_links_to_the_notice_before_the_voter_acts(
    client: Client, edition: Edition, nominees: list[Nominee], lang: str
) -> None:
    with translation.override(lang):
        vote_url = reverse(
            "voting:start", args=[edition.award.slug, edition.year, nominees[0].slug]
        )
        notice_url = reverse("public:edition_privacy", args=[edition.award.slug, edition.year])
    html = client.get(vote_url).content.decode()
    assert f'href="{notice_url}"' in html
    assert html.index(notice_url) < html.index("<form")
