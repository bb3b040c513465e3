"""Voting in an open edition through HTTP: proof of work, honeypot, browser cookie, limits."""

import datetime as dt
import json
import re

import pytest
from altcha import Challenge, solve_challenge
from django.test import Client, override_settings
from django.utils import timezone

from kaaring.awards.models import Edition, Nominee
from kaaring.public.tests.vote_helpers import (
    browser_of,
    open_form,
    post_vote,
    receipt_of,
    solved,
    start_url,
)
from kaaring.public.views.vote import BROWSER_COOKIE
from kaaring.ratelimits.services import LIMITS, Limit
from kaaring.voting.models import Ballot
from kaaring.voting.services import voter_key


@pytest.fixture
def url(edition: Edition, nominees: list[Nominee]) -> str:
    return start_url(edition, nominees[0])


def test_the_start_page_says_what_is_voted_for_and_offers_the_check(
    client: Client, url: str, nominees: list[Nominee]
) -> None:
    response = client.get(url)

    html = response.content.decode()
    assert response.status_code == 200
    assert "You are voting for Stange in" in html
    assert "<altcha-widget" in html
    assert "<altcha-widget name=" not in html  # HTML allows no name on a custom element
    assert 'name="website"' in html
    assert 'tabindex="-1"' in html
    assert 'autocomplete="off"' in html
    assert 'id="altcha-css"' in html  # our stylesheet stands in for the widget's inline one
    assert "cdn." not in html


def test_the_start_page_gives_the_browser_a_first_party_cookie(client: Client, url: str) -> None:
    response = client.get(url)

    cookie = response.cookies[BROWSER_COOKIE]
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", cookie.value)
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 365 * 24 * 60 * 60
    # Once set, it stays the same.
    assert BROWSER_COOKIE not in client.get(url).cookies


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
def test_the_start_page_answers_in_each_language(
    client: Client, edition: Edition, nominees: list[Nominee], lang: str
) -> None:
    response = client.get(start_url(edition, nominees[0], lang))

    assert response.status_code == 200
    assert f'lang="{lang}"' in response.content.decode()
    config = re.search(
        r'<script id="altcha-config" type="application/json">(.*?)</script>',
        response.content.decode(),
    )
    assert config is not None
    assert json.loads(config.group(1))["language"] == lang


def test_a_vote_with_a_real_proof_of_work_is_recorded_with_a_receipt(
    client: Client, url: str, edition: Edition, nominees: list[Nominee]
) -> None:
    submission = open_form(client, url)
    # The challenge the widget would fetch, at the configured cost.
    challenge = Challenge.from_dict(client.get("/altcha/challenge/").json())

    response = post_vote(client, url, submission=submission, payload=solved(challenge))

    assert response.status_code == 302
    assert response["Location"] == "/en/bosettingsprisen/2018/stem/takk/"
    ballot = Ballot.objects.get()
    assert ballot.nominee == nominees[0]
    assert ballot.mode == "open"
    assert ballot.receipt == receipt_of(response)
    assert ballot.voter_key == voter_key(
        edition_id=edition.pk, kind="open", identity=browser_of(client)
    )
    assert ballot.signals.proof_of_work_ms is not None
    subnet_key = ballot.signals.subnet_key
    assert subnet_key is not None
    assert len(subnet_key) == 64
    assert "127.0.0" not in subnet_key
    done = client.get(response["Location"])
    assert ballot.receipt in done.content.decode()


def test_the_solve_time_comes_from_the_widgets_payload(client: Client, url: str) -> None:
    challenge = Challenge.from_dict(client.get("/altcha/challenge/").json())
    solution = solve_challenge(challenge)
    assert solution is not None
    solution.time = 1234.4
    from altcha import Payload

    submission = open_form(client, url)
    post_vote(client, url, submission=submission, payload=Payload(challenge, solution).to_base64())

    assert Ballot.objects.get().signals.proof_of_work_ms == 1234


def test_a_filled_honeypot_records_nothing(client: Client, url: str) -> None:
    submission = open_form(client, url)

    response = post_vote(client, url, submission=submission, website="http://spam.example")

    assert response.status_code == 400
    assert "not recorded" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_second_vote_from_the_same_browser_is_refused_and_the_first_stands(
    client: Client, url: str, edition: Edition, nominees: list[Nominee]
) -> None:
    first = post_vote(client, url, submission=open_form(client, url))
    other = start_url(edition, nominees[1])

    page = client.get(other)
    second = post_vote(client, other, submission="s" * 32)

    # Told on the page, before any check is solved; a vote sent anyway is refused.
    assert page.status_code == 200
    assert "You have already voted in this edition from this browser." in page.content.decode()
    assert "<altcha-widget" not in page.content.decode()
    assert "You are voting for" not in page.content.decode()
    assert second.status_code == 409
    assert "already voted" in second.content.decode()
    ballot = Ballot.objects.get()
    assert ballot.nominee == nominees[0]
    assert ballot.receipt == receipt_of(first)


def test_a_retried_or_double_clicked_form_gets_the_same_receipt(client: Client, url: str) -> None:
    submission = open_form(client, url)
    payload = solved()

    first = post_vote(client, url, submission=submission, payload=payload)
    again = post_vote(client, url, submission=submission, payload=payload)

    assert first.status_code == again.status_code == 302
    assert receipt_of(again) == receipt_of(first)
    assert Ballot.objects.count() == 1


def test_a_solution_cannot_be_used_by_another_browser(
    client: Client, url: str, nominees: list[Nominee]
) -> None:
    payload = solved()
    post_vote(client, url, submission=open_form(client, url), payload=payload)
    stranger = Client()

    response = post_vote(stranger, url, submission=open_form(stranger, url), payload=payload)

    assert response.status_code == 400
    assert "The check did not succeed" in response.content.decode()
    assert Ballot.objects.count() == 1


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ("", "Tick “I am not a robot”"),
        ("bm9uc2Vuc2U=", "The check did not succeed"),
        ("forged", "The check did not succeed"),
    ],
    ids=["missing", "malformed", "not base64"],
)
def test_a_missing_or_malformed_proof_of_work_is_refused(
    client: Client, url: str, payload: str, message: str
) -> None:
    response = post_vote(client, url, submission=open_form(client, url), payload=payload)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_forged_proof_of_work_is_refused(client: Client, url: str) -> None:
    from altcha_django import build_challenge

    challenge = build_challenge(cost=1, key_prefix="0", hmac_secret="not the site's key")

    response = post_vote(client, url, submission=open_form(client, url), payload=solved(challenge))

    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_a_forged_csrf_token_is_refused(url: str) -> None:
    client = Client(enforce_csrf_checks=True)
    submission = open_form(client, url)

    response = client.post(
        url, {"submission": submission, "altcha": solved(), "csrfmiddlewaretoken": "x" * 64}
    )

    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_a_browser_without_the_cookie_is_asked_to_allow_it(client: Client, url: str) -> None:
    submission = open_form(client, url)
    del client.cookies[BROWSER_COOKIE]

    response = post_vote(client, url, submission=submission)

    assert response.status_code == 400
    assert "Allow cookies" in response.content.decode()
    assert BROWSER_COOKIE in response.cookies
    assert not Ballot.objects.exists()


def test_a_malformed_submission_key_is_refused(client: Client, url: str) -> None:
    open_form(client, url)

    response = post_vote(client, url, submission="short")

    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_too_many_attempts_from_one_browser_are_refused_with_429(client: Client, url: str) -> None:
    submission = open_form(client, url)
    statuses = [
        post_vote(client, url, submission=submission, payload="x").status_code for _ in range(10)
    ]

    response = post_vote(client, url, submission=submission)

    assert statuses == [400] * 10
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "too many voting attempts" in response.content.decode()
    assert not Ballot.objects.exists()


@override_settings(TRUSTED_PROXIES=[])
def test_forwarded_addresses_from_untrusted_clients_do_not_dodge_the_ip_limit(
    client: Client, url: str
) -> None:
    for number in range(60):
        other = Client(REMOTE_ADDR="198.51.100.7")
        post_vote(
            other,
            url,
            submission=open_form(other, url),
            payload="x",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )
    last = Client(REMOTE_ADDR="198.51.100.7")

    response = post_vote(last, url, submission=open_form(last, url))

    assert response.status_code == 429


def test_a_withdrawn_nominee_cannot_be_voted_for(
    client: Client, edition: Edition, nominees: list[Nominee]
) -> None:
    url = start_url(edition, nominees[2])
    submission = open_form(client, url)
    Nominee.objects.filter(pk=nominees[2].pk).update(withdrawn_at=timezone.now())

    assert client.get(url).status_code == 404
    assert post_vote(client, url, submission=submission).status_code == 404
    assert not Ballot.objects.exists()


def test_an_unknown_nominee_is_not_found(client: Client, edition: Edition) -> None:
    assert client.get("/en/bosettingsprisen/2018/stem/oslo/").status_code == 404


def test_before_voting_opens_the_page_says_when_and_has_no_form(
    client: Client, make_edition, make_nominee
) -> None:
    edition = make_edition(opens=dt.timedelta(days=2))
    nominee = make_nominee(edition, "Stange", "3413")
    url = start_url(edition, nominee)

    response = client.get(url)

    assert response.status_code == 200
    assert "Voting has not opened yet. It opens" in response.content.decode()
    assert "<altcha-widget" not in response.content.decode()


def test_a_vote_before_voting_opens_is_refused(client: Client, make_edition, make_nominee) -> None:
    edition = make_edition(opens=dt.timedelta(days=2))
    nominee = make_nominee(edition, "Stange", "3413")
    url = start_url(edition, nominee)
    client.get(url)

    response = post_vote(client, url, submission="s" * 32)

    assert response.status_code == 409
    assert "Voting has not opened yet." in response.content.decode()
    assert not Ballot.objects.exists()


def test_after_voting_closes_the_page_says_so_and_a_vote_is_refused(
    client: Client, make_edition, make_nominee
) -> None:
    edition = make_edition(opens=dt.timedelta(days=-3), closes=dt.timedelta(minutes=-1))
    nominee = make_nominee(edition, "Stange", "3413")
    url = start_url(edition, nominee)

    page = client.get(url)
    response = post_vote(client, url, submission="s" * 32)

    assert page.status_code == 200
    assert "Voting has closed." in page.content.decode()
    assert "<altcha-widget" not in page.content.decode()
    assert "You are voting for" not in page.content.decode()
    assert response.status_code == 409
    refusal = response.content.decode()
    assert "Voting has closed." in refusal
    # The heading says the vote was not recorded; the message does not say it again.
    assert refusal.count("Your vote was not recorded") == 2  # the page title and the heading
    assert not Ballot.objects.exists()


def test_an_edition_without_a_public_vote_has_no_vote_page(
    client: Client, make_edition, make_nominee
) -> None:
    edition = make_edition(
        voting_mode="none", decision_rule="jury_only", voting_opens_at=None, voting_closes_at=None
    )
    nominee = make_nominee(edition, "Stange", "3413")

    assert client.get(start_url(edition, nominee)).status_code == 404


@override_settings(
    ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT="kaaring.public.views.vote.altcha_challenge_allowed"
)
def test_the_challenge_endpoint_can_be_limited_per_ip(
    client: Client, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(LIMITS, "altcha_challenge_per_ip", Limit(count=3, seconds=600))

    statuses = [client.get("/altcha/challenge/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
