"""The proof of work as configured (docs/decisions/0008-proof-of-work.md): deterministic
challenges whose solution the server checks with an HMAC, without deriving the key again."""

import pytest
from altcha import Challenge
from django.conf import settings
from django.test import Client

from kaaring.awards.models import Edition, Nominee
from kaaring.public.tests.vote_helpers import open_form, post_vote, solved, start_url
from kaaring.voting.models import Ballot


@pytest.mark.django_db
def test_the_site_issues_deterministic_challenges_with_a_signed_key(client: Client) -> None:
    data = client.get("/altcha/challenge/").json()
    challenge = Challenge.from_dict(data)

    assert challenge.parameters.algorithm == "PBKDF2/SHA-256"
    assert challenge.parameters.cost == settings.ALTCHA_CHALLENGE["cost"] == 1000
    # Deterministic: half of the 32-byte derived key is published as the prefix to find...
    assert len(challenge.parameters.key_prefix) == 32
    # ...and the whole key is signed, so the server can verify without deriving it.
    assert challenge.parameters.key_signature


def test_a_vote_is_verified_without_deriving_the_key(
    client: Client, edition: Edition, nominees: list[Nominee], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = start_url(edition, nominees[0])
    submission = open_form(client, url)
    payload = solved(production=True)

    def no_derivation(*args: object, **kwargs: object) -> bytes:
        raise AssertionError("the vote request derived a key")

    monkeypatch.setattr("altcha.v2.derive_key_pbkdf2", no_derivation)
    monkeypatch.setattr("altcha.v2._select_derive_key", lambda algorithm: no_derivation)
    response = post_vote(client, url, submission=submission, payload=payload)

    assert response.status_code == 302
    assert Ballot.objects.count() == 1


def test_a_solution_with_a_forged_key_is_refused(
    client: Client, edition: Edition, nominees: list[Nominee]
) -> None:
    import base64
    import json

    url = start_url(edition, nominees[0])
    submission = open_form(client, url)
    data = json.loads(base64.b64decode(solved(production=True)))
    data["solution"]["derivedKey"] = "0" * 64
    forged = base64.b64encode(json.dumps(data).encode()).decode()

    response = post_vote(client, url, submission=submission, payload=forged)

    assert response.status_code == 400
    assert not Ballot.objects.exists()
