"""Voting through HTTP in tests: open the start page, solve the proof of work, post the form.

Challenges are real, signed by the server's ALTCHA key and solved with the ``altcha`` library.
Most tests mint a cheap one (cost 1): the server accepts any challenge it signed, whatever its
cost, so this changes how long the solving takes and nothing else. One test solves a challenge
fetched from the site's own challenge endpoint at the configured cost.
"""

import re
import secrets
from typing import Any

from altcha import Challenge, Payload, solve_challenge
from altcha_django import build_challenge
from django.conf import settings
from django.core import signing
from django.test import Client

from kaaring.public.views.vote import BROWSER_COOKIE
from kaaring.public.views.vote_common import RECEIPT_COOKIE

SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')


def solved(challenge: Challenge | None = None, *, production: bool = False) -> str:
    """A solved ALTCHA payload, as the widget posts it. ``production``: a challenge with the
    configured cost, whose counter we choose and so find with one derivation."""
    start = 0
    if challenge is None and production:
        start = secrets.randbelow(int(str(settings.ALTCHA_CHALLENGE["max_number"])))
        challenge = build_challenge(counter=start)
    challenge = challenge or build_challenge(cost=1, max_number=100)
    solution = solve_challenge(challenge, counter_start=start)
    assert solution is not None
    return Payload(challenge, solution).to_base64()


def start_url(edition: Any, nominee: Any, lang: str = "en") -> str:
    prefix = "" if lang == "nb" else f"/{lang}"
    return f"{prefix}/{edition.award.slug}/{edition.year}/stem/{nominee.slug}/"


def open_form(client: Client, url: str) -> str:
    """GET the start page (which sets the browser cookie); returns the form's submission key."""
    response = client.get(url)
    assert response.status_code == 200
    found = SUBMISSION.search(response.content.decode())
    assert found, "the start page has no vote form"
    return found.group(1)


def post_vote(
    client: Client,
    url: str,
    *,
    submission: str,
    payload: str | None = None,
    **fields: str,
) -> Any:
    data = {"submission": submission, "altcha": payload if payload is not None else solved()}
    data.update(fields)
    return client.post(url, data)


def receipt_of(response: Any) -> str:
    """The receipt the response hands to the confirmation page (in its signed cookie)."""
    value = response.cookies[RECEIPT_COOKIE].value
    return str(signing.loads(value, salt=RECEIPT_COOKIE)["r"])


def browser_of(client: Client) -> str:
    return str(client.cookies[BROWSER_COOKIE].value)
