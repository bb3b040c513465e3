"""The public receipt check: "is the ballot with this receipt recorded?", never the choice."""

import pytest
from django.test import Client

from kaaring.awards.models import Edition, Nominee
from kaaring.voting.services import ballot_cast, voter_key

URL = "/en/kvittering/"


@pytest.fixture
def receipt(edition: Edition, nominees: list[Nominee]) -> str:
    return ballot_cast(
        edition=edition,
        nominee_id=nominees[1].pk,
        mode="open",
        voter_key=voter_key(edition_id=edition.pk, kind="open", identity="browser"),
        submission_key="form-1",
    ).receipt


def test_the_form_asks_for_a_receipt_code(client: Client, db: None) -> None:
    response = client.get(URL)

    assert response.status_code == 200
    assert '<label class="ds-label" for="id_receipt">Receipt code</label>' in (
        response.content.decode()
    )


def test_a_recorded_receipt_is_confirmed_without_the_choice(client: Client, receipt: str) -> None:
    response = client.get(URL, {"receipt": receipt})

    html = response.content.decode()
    assert response.status_code == 200
    assert "The vote with this receipt is recorded." in html
    assert "Asker" not in html


def test_a_receipt_may_be_typed_in_small_letters_without_dashes(
    client: Client, receipt: str
) -> None:
    typed = receipt.replace("-", " ").lower()

    assert "is recorded" in client.get(URL, {"receipt": typed}).content.decode()


def test_an_unknown_receipt_has_no_ballot(client: Client, receipt: str) -> None:
    other = "ABCD-EFGH-JKLM" if receipt != "ABCD-EFGH-JKLM" else "ABCD-EFGH-JKLN"

    response = client.get(URL, {"receipt": other})

    assert response.status_code == 200
    assert "There is no vote with this receipt." in response.content.decode()


def test_a_malformed_code_is_explained(client: Client, db: None) -> None:
    response = client.get(URL, {"receipt": "12345"})

    assert response.status_code == 400
    assert "12 letters and digits" in response.content.decode()


def test_lookups_are_rate_limited_per_ip(client: Client, db: None) -> None:
    statuses = [client.get(URL, {"receipt": "ABCD-EFGH-JKLM"}).status_code for _ in range(30)]

    response = client.get(URL, {"receipt": "ABCD-EFGH-JKLM"})

    assert set(statuses) == {200}
    assert response.status_code == 429
    assert "Too many checks" in response.content.decode()
