"""Review signals of the open vote through HTTP: stored beside the ballot, never trusted when
forged, and a honeypot hit recorded without a ballot."""

import re
import time

import pytest
import time_machine
from django.core import signing
from django.test import Client

from kaaring.awards.models import Edition, Nominee
from kaaring.public.tests.vote_helpers import post_vote, start_url
from kaaring.public.views.vote_common import LOADED_SALT, loaded_stamp
from kaaring.voting.models import Ballot, BallotSignals, HoneypotHit

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
LOADED = re.compile(r'name="loaded" value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission" value="([^"]+)"')


@pytest.fixture
def url(edition: Edition, nominees: list[Nominee]) -> str:
    return start_url(edition, nominees[0])


@pytest.fixture
def browser() -> Client:
    return Client(HTTP_USER_AGENT=FIREFOX)


def _form(client: Client, url: str) -> tuple[str, str]:
    page = client.get(url).content.decode()
    submission, loaded = SUBMISSION.search(page), LOADED.search(page)
    assert submission, "the vote form has a submission key"
    assert loaded, "the vote form has a loaded stamp"
    return submission.group(1), loaded.group(1)


def test_an_open_ballot_keeps_its_signals_beside_it(browser: Client, url: str) -> None:
    with time_machine.travel(time.time(), tick=False) as traveller:
        submission, loaded = _form(browser, url)
        traveller.shift(37)
        response = post_vote(browser, url, submission=submission, loaded=loaded)

    assert response.status_code == 302
    signals = Ballot.objects.get().signals
    assert signals.user_agent_family == "firefox"
    assert signals.seconds_to_vote == 37
    assert signals.proof_of_work_ms is not None
    assert signals.subnet_key is not None
    assert len(signals.subnet_key) == 64
    assert signals.email_domain is None


def test_a_forged_loaded_stamp_is_ignored_not_trusted(browser: Client, url: str) -> None:
    submission, _ = _form(browser, url)
    forged = signing.dumps({"b": "x", "t": time.time() - 3600}, key="not-the-key", salt=LOADED_SALT)

    response = post_vote(browser, url, submission=submission, loaded=forged)

    assert response.status_code == 302, "a bad stamp never refuses the vote"
    assert Ballot.objects.get().signals.seconds_to_vote is None


def test_a_stamp_from_another_form_is_ignored(browser: Client, url: str) -> None:
    submission, _ = _form(browser, url)
    # Signed by the site, but for a form loaded an hour ago with another submission key.
    with time_machine.travel(time.time() - 3600):
        other = loaded_stamp(binding="another-form-submission-key")

    post_vote(browser, url, submission=submission, loaded=other)

    assert Ballot.objects.get().signals.seconds_to_vote is None


def test_a_filled_honeypot_leaves_a_hit_and_no_ballot(
    browser: Client, url: str, edition: Edition
) -> None:
    submission, loaded = _form(browser, url)

    response = post_vote(
        browser, url, submission=submission, loaded=loaded, website="http://spam.example"
    )

    assert response.status_code == 400
    assert not Ballot.objects.exists()
    assert not BallotSignals.objects.exists()
    hit = HoneypotHit.objects.get()
    assert hit.edition == edition
    assert hit.user_agent_family == "firefox"
    assert hit.subnet_key is not None
    assert len(hit.subnet_key) == 64
