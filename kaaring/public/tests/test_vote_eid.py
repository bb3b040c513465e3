"""Voting with electronic ID, end to end: the Django test client is the voter's browser on
our side, a real OpenID Connect provider runs on 127.0.0.1 (oidc-provider-mock), and the
voter "logs in" there with the pid (national identity number) and acr that ID-porten sends."""

import base64
import datetime as dt
import logging
import math
import re
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.oauth2.rfc7636 import create_s256_code_challenge
from django.contrib.sessions.models import Session
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kaaring.awards.models import Edition, Nominee, VotingMode
from kaaring.public.views.vote_common import loaded_stamp
from kaaring.voting import oidc
from kaaring.voting.models import Ballot
from kaaring.voting.services import edition_secret
from kaaring.voting.tests.eid_provider import (
    Provider,
    closed_port_url,
    running_provider,
    silent_server,
)

PID = "24079409630"
OTHER_PID = "01017012345"
SUBMISSION = "form-token-aaaaaaaaaaaaaaaaaaaaaaaa"
CALLBACK = "http://testserver/stem/eid/tilbake/"


@pytest.fixture(autouse=True)
def _no_cached_provider() -> Iterator[None]:
    oidc.cache_clear()
    yield
    oidc.cache_clear()


@pytest.fixture(scope="module")
def _provider_server() -> Iterator[Provider]:
    with running_provider(require_nonce=True) as running:
        yield running


@pytest.fixture
def provider(_provider_server: Provider, settings: Any) -> Provider:
    """The provider, Kåring configured to use it, and Kari, who logs in at the required
    level. (One server per module: starting one makes a new signing key, which is slow.)"""
    settings.OIDC_ISSUER = _provider_server.url
    settings.OIDC_CLIENT_ID = "kaaring"
    settings.OIDC_CLIENT_SECRET = "test-client-secret"
    settings.OIDC_IDENTITY_CLAIM = "pid"
    settings.OIDC_REQUIRED_ACR = "idporten-loa-substantial"
    _provider_server.user_set("kari", {"pid": PID, "acr": "idporten-loa-substantial"})
    _provider_server.seen.clear()
    _provider_server.tamper = None
    return _provider_server


@pytest.fixture
def eid_edition(make_edition: Callable[..., Edition]) -> Edition:
    return make_edition(voting_mode=VotingMode.EID)


@pytest.fixture
def candidates(eid_edition: Edition, make_nominee: Callable[..., Nominee]) -> list[Nominee]:
    return [make_nominee(eid_edition, "Stange", "3413"), make_nominee(eid_edition, "Asker", "3203")]


def login_url(nominee: Nominee, language: str = "nb") -> str:
    edition = nominee.edition
    with translation.override(language):
        return reverse("voting:eid_login", args=[edition.award.slug, edition.year, nominee.slug])


def start(
    client: Client,
    nominee: Nominee,
    *,
    submission: str = SUBMISSION,
    language: str = "en",
    loaded: str = "",
):
    """Press "Log in with electronic ID to vote" (on the English site, so that messages can be
    checked); returns the response, the way on to the provider when all is well."""
    return client.post(login_url(nominee, language), {"submission": submission, "loaded": loaded})


def vote(client: Client, provider: Provider, nominee: Nominee, *, sub: str = "kari", **kwargs: Any):
    """The whole way: start, log in at the provider, come back. Returns the callback response."""
    response = start(client, nominee, **kwargs)
    assert response.status_code == 200, response.content
    return client.get(provider.authorize(response.context["url"], sub=sub))


def test_the_start_page_part_has_a_login_button_posting_the_submission_key(
    rf, eid_edition, candidates
):
    with translation.override("en"):
        html = render_to_string(
            "public/vote/verify_eid.html",
            {
                "award": eid_edition.award,
                "edition": eid_edition,
                "nominee": candidates[0],
                "submission": SUBMISSION,
            },
            request=rf.get("/"),
        )
    assert f'action="{login_url(candidates[0], "en")}"' in html
    assert 'method="post"' in html
    assert f'name="submission" value="{SUBMISSION}"' in html
    assert "csrfmiddlewaretoken" in html
    assert "Log in with electronic ID to vote" in html


def test_a_voter_logs_in_with_e_id_and_gets_a_receipt(client, provider, candidates):
    response = vote(client, provider, candidates[1])

    ballot = Ballot.objects.get()
    assert ballot.nominee == candidates[1]
    assert ballot.mode == "eid"
    with translation.override("en"):
        done = reverse("voting:done", args=[candidates[1].edition.award.slug, 2018])
    assert response.status_code == 302
    assert response["Location"] == done
    page = client.get(done)
    assert page.status_code == 200
    assert ballot.receipt in page.content.decode()


def test_the_whole_way_from_the_start_page(client, provider, candidates):
    edition = candidates[0].edition
    with translation.override("en"):
        start_url = reverse("voting:start", args=[edition.award.slug, 2018, candidates[0].slug])
    page = client.get(start_url).content.decode()
    action = re.search(r'<form[^>]* action="([^"]+/eid/)"', page)
    submission = re.search(r'name="submission" value="([^"]+)"', page)
    assert action
    assert submission

    response = client.post(action[1], {"submission": submission[1]})
    assert response.status_code == 200
    assert "Continue to log in" in response.content.decode()
    assert client.get(provider.authorize(response.context["url"], sub="kari")).status_code == 302

    ballot = Ballot.objects.get()
    assert ballot.nominee == candidates[0]
    assert ballot.submission_key == submission[1]


def test_the_login_uses_pkce_state_nonce_and_asks_for_the_required_level(
    client, provider, candidates
):
    response = start(client, candidates[0])

    url = response.context["url"]
    assert f'<meta http-equiv="refresh" content="0; url={url.replace("&", "&amp;")}">' in (
        response.content.decode()
    )
    client.get(provider.authorize(url, sub="kari"))
    (authorize, *_) = provider.requests_to("/oauth2/authorize")
    query = {k: v[0] for k, v in authorize.query.items()}
    assert query["redirect_uri"] == CALLBACK
    assert query["scope"] == "openid"
    assert query["acr_values"] == "idporten-loa-substantial"
    assert query["code_challenge_method"] == "S256"
    assert len(query["state"]) >= 32
    assert len(query["nonce"]) >= 32
    (token,) = provider.requests_to("/oauth2/token")
    assert create_s256_code_challenge(token.form["code_verifier"][0]) == query["code_challenge"]
    assert token.form["redirect_uri"] == [CALLBACK]
    basic = base64.b64encode(b"kaaring:test-client-secret").decode()
    assert token.authorization == f"Basic {basic}"


def test_one_ballot_per_person_whatever_the_login(client, provider, candidates):
    vote(client, provider, candidates[0])
    first = Ballot.objects.get()
    # The same person on another device: another subject at the provider, the same pid.
    provider.user_set("kari-phone", {"pid": PID, "acr": "idporten-loa-high"})

    response = vote(
        Client(), provider, candidates[1], sub="kari-phone", submission="another-form-token-bbbbbb"
    )

    assert response.status_code == 409
    assert "You have already voted" in response.content.decode()
    assert list(Ballot.objects.values_list("pk", "nominee", "receipt")) == [
        (first.pk, candidates[0].pk, first.receipt)
    ]


def test_another_person_on_the_same_browser_gets_their_own_ballot(client, provider, candidates):
    provider.user_set("ola", {"pid": OTHER_PID, "acr": "idporten-loa-high"})
    vote(client, provider, candidates[0])
    vote(client, provider, candidates[1], sub="ola", submission="another-form-token-bbbbbb")
    assert Ballot.objects.count() == 2


def test_a_retried_form_after_voting_gives_the_same_receipt(client, provider, candidates):
    vote(client, provider, candidates[0])
    vote(client, provider, candidates[0])
    assert Ballot.objects.count() == 1


def test_a_login_at_too_low_a_level_is_refused(client, provider, candidates):
    provider.user_set("kari", {"pid": PID, "acr": "idporten-loa-low"})

    response = vote(client, provider, candidates[0])

    assert response.status_code == 403
    assert "higher security level" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_login_above_the_required_level_is_accepted(client, provider, candidates):
    provider.user_set("kari", {"pid": PID, "acr": "idporten-loa-high"})
    assert vote(client, provider, candidates[0]).status_code == 302
    assert Ballot.objects.count() == 1


def test_a_login_without_the_identity_claim_is_refused(client, provider, candidates):
    provider.user_set("kari", {"acr": "idporten-loa-high"})

    response = vote(client, provider, candidates[0])

    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_the_subject_can_be_the_identity_claim(client, provider, candidates, settings):
    settings.OIDC_IDENTITY_CLAIM = "sub"
    vote(client, provider, candidates[0])
    response = vote(Client(), provider, candidates[1], submission="another-form-token-bbbbbb")
    assert response.status_code == 409
    assert Ballot.objects.count() == 1


def test_a_callback_with_a_wrong_state_is_refused_and_the_real_login_still_works(
    client, provider, candidates
):
    response = start(client, candidates[0])
    back = provider.authorize(response.context["url"], sub="kari")
    query = parse_qs(urlsplit(back).query)

    forged = client.get(CALLBACK, {"code": query["code"][0], "state": "x" * 43})

    assert forged.status_code == 400
    # No login of this browser carries the state, so the refusal is in the default language.
    assert "utløpt eller allerede brukt" in forged.content.decode()
    assert not Ballot.objects.exists()
    assert client.get(back).status_code == 302
    assert Ballot.objects.count() == 1


def test_a_state_from_another_browser_is_refused(client, provider, candidates):
    response = start(client, candidates[0])
    back = provider.authorize(response.context["url"], sub="kari")

    assert Client().get(back).status_code == 400
    assert not Ballot.objects.exists()


def test_a_callback_works_once(client, provider, candidates):
    response = start(client, candidates[0])
    back = provider.authorize(response.context["url"], sub="kari")

    assert client.get(back).status_code == 302
    assert client.get(back).status_code == 400
    assert Ballot.objects.count() == 1


def test_an_id_token_with_another_nonce_is_refused(client, provider, candidates):
    response = start(client, candidates[0])
    back = provider.authorize(response.context["url"], sub="kari")
    state = parse_qs(urlsplit(back).query)["state"][0]
    session = client.session
    pending = session["vote_eid"]
    pending[state]["nonce"] = "a-nonce-from-another-login-aaaaaaaaaaaaaaaa"
    session["vote_eid"] = pending
    session.save()

    response = client.get(back)

    assert response.status_code == 403
    assert "could not verify your log-in" in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_tampered_id_token_is_refused(client, provider, candidates):
    def change_pid(tokens: dict[str, Any]) -> dict[str, Any]:
        header, payload, signature = tokens["id_token"].split(".")
        claims = base64.urlsafe_b64decode(payload + "==").replace(PID.encode(), b"01017099999")
        payload = base64.urlsafe_b64encode(claims).rstrip(b"=").decode()
        return {**tokens, "id_token": f"{header}.{payload}.{signature}"}

    provider.tamper = change_pid

    response = vote(client, provider, candidates[0])

    assert response.status_code == 403
    assert not Ballot.objects.exists()


def test_a_voter_who_declines_at_the_provider_is_told_so(client, provider, candidates):
    response = start(client, candidates[0])
    back = provider.authorize(response.context["url"], deny=True)
    assert "error=access_denied" in back

    response = client.get(back)

    assert response.status_code == 403
    assert "cancelled" in response.content.decode()
    assert not Ballot.objects.exists()


def test_another_provider_error_is_a_bad_request(client, provider, candidates):
    response = start(client, candidates[0])
    state = parse_qs(urlsplit(response.context["url"]).query)["state"][0]

    response = client.get(CALLBACK, {"state": state, "error": "server_error"})

    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_a_provider_that_is_down_gets_a_clear_message_and_nothing_is_saved(
    client, settings, candidates
):
    settings.OIDC_ISSUER = closed_port_url()
    settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "kaaring", "secret"

    response = start(client, candidates[0])

    assert response.status_code == 503
    assert "could not reach the electronic ID service" in response.content.decode()
    assert not Ballot.objects.exists()
    assert not Session.objects.exists()


def test_a_provider_that_hangs_gets_the_same_message(client, settings, candidates, monkeypatch):
    monkeypatch.setattr(oidc, "HTTP_TIMEOUT", 0.2)
    with silent_server() as url:
        settings.OIDC_ISSUER = url
        settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "kaaring", "secret"
        response = start(client, candidates[0])
    assert response.status_code == 503
    assert not Ballot.objects.exists()


def test_a_provider_that_goes_down_during_the_login_gets_a_clear_message(
    client, settings, candidates
):
    with running_provider() as provider:
        settings.OIDC_ISSUER = provider.url
        settings.OIDC_CLIENT_ID, settings.OIDC_CLIENT_SECRET = "kaaring", "secret"
        settings.OIDC_IDENTITY_CLAIM = "pid"
        provider.user_set("kari", {"pid": PID})
        back = provider.authorize(start(client, candidates[0]).context["url"], sub="kari")

    response = client.get(back)

    assert response.status_code == 503
    assert not Ballot.objects.exists()


def test_without_a_configured_provider_e_id_voting_is_unavailable(client, settings, candidates):
    settings.OIDC_ISSUER = ""
    response = start(client, candidates[0])
    assert response.status_code == 503
    assert "not available" in response.content.decode()


def test_the_login_is_only_for_editions_voted_with_e_id(client, provider, edition, nominees):
    response = start(client, nominees[0])
    assert response.status_code == 400
    assert provider.seen == []


def test_the_login_needs_the_forms_submission_key(client, provider, candidates):
    response = start(client, candidates[0], submission="short")
    assert response.status_code == 400


def test_the_login_is_a_post(client, provider, candidates):
    assert client.get(login_url(candidates[0])).status_code == 405


def test_no_login_when_voting_has_closed(client, provider, make_edition, make_nominee):
    closed = make_edition(
        voting_mode=VotingMode.EID, opens=dt.timedelta(days=-9), closes=dt.timedelta(days=-1)
    )
    response = start(client, make_nominee(closed, "Bodø", "1804"))
    assert response.status_code == 409
    assert "Voting has closed" in response.content.decode()
    assert provider.seen == []


def test_the_voter_comes_back_to_the_language_they_started_in(client, provider, candidates):
    response = start(client, candidates[0], language="nn")
    assert response.context["url"].endswith("ui_locales=nn")
    back = provider.authorize(response.context["url"], sub="kari")
    assert back.startswith(CALLBACK)  # one registered address, whatever the language

    response = client.get(back)

    assert response["Location"].startswith("/nn/")


def test_the_identity_number_is_never_stored_and_the_login_session_is_removed(
    client, provider, candidates
):
    response = vote(client, provider, candidates[0])
    assert response.status_code == 302

    assert not Session.objects.exists()
    assert all(PID not in morsel.value for morsel in client.cookies.values())
    assert PID not in rows_as_text()


def test_the_identity_number_is_not_in_the_session_while_logging_in(client, provider, candidates):
    start(client, candidates[0])
    (session,) = Session.objects.all()
    assert PID not in str(session.get_decoded())


def test_the_identity_number_never_reaches_a_log(client, provider, candidates, caplog):
    caplog.set_level(logging.DEBUG)
    provider.user_set("kari-low", {"pid": OTHER_PID, "acr": "idporten-loa-low"})

    vote(client, provider, candidates[0])
    vote(client, provider, candidates[0])  # AlreadyVoted
    vote(Client(), provider, candidates[0], sub="kari-low")  # refused: level too low

    ours = [
        record
        for record in caplog.records
        # The provider's own log knows the number, as ID-porten does; ours must not.
        if not record.name.startswith(("oidc_provider_mock", "werkzeug"))
    ]
    assert ours, "the flow logs something"
    for record in ours:
        text = f"{record.getMessage()} {record.__dict__}"
        assert PID not in text
        assert OTHER_PID not in text


def rows_as_text() -> str:
    """Every row of every table, as text (sessions decoded): where a number could hide."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                chunks.append(" ".join(_as_text(value) for value in row))
    for session in Session.objects.all():
        chunks.append(str(session.get_decoded()))
    return "\n".join(chunks)


def _as_text(value: object) -> str:
    if isinstance(value, bytes | memoryview):
        return bytes(value).decode("latin-1")
    return str(value)


def test_the_ballot_keeps_the_browser_family_and_time_from_the_start_page_as_signals(
    provider, candidates
):
    client = Client(HTTP_USER_AGENT="curl/8.5.0")
    began = time.monotonic()
    with translation.override("en"):
        loaded = loaded_stamp(binding=SUBMISSION)

    vote(client, provider, candidates[0], submission=SUBMISSION, loaded=loaded)

    signals = Ballot.objects.get().signals
    assert signals.user_agent_family == "curl"
    # Whole seconds from the start page's stamp to the ballot: at most the time the test took.
    assert signals.seconds_to_vote is not None
    assert 0 <= signals.seconds_to_vote <= math.ceil(time.monotonic() - began)
    assert signals.email_domain is None


def test_the_callback_costs_a_fixed_number_of_queries(
    client, provider, candidates, django_assert_max_num_queries
):
    """The committing request of the e-ID mode: the session, what is voted on (kept for a
    moment once looked up), the edition's secret, then the ballot and the end of the login in
    one transaction (savepoints here: the test runs in a transaction of its own)."""
    edition_secret(edition_id=candidates[0].edition_id)  # made by an earlier voter
    response = start(client, candidates[0])
    back = provider.authorize(response.context["url"], sub="kari")
    provider.user_set("ola", {"pid": OTHER_PID, "acr": "idporten-loa-high"})
    other = Client()
    response = start(other, candidates[0])
    other_back = provider.authorize(response.context["url"], sub="ola")

    with django_assert_max_num_queries(11):
        first = client.get(back)
    with django_assert_max_num_queries(9):
        second = other.get(other_back)

    assert (first.status_code, second.status_code) == (302, 302)
    assert Ballot.objects.count() == 2
    assert not Session.objects.exists()


@pytest.mark.usefixtures("ballots_removed_afterwards")
def test_a_warm_callback_reads_the_session_then_commits_ballot_and_logout_at_once(
    provider, candidates
):
    """The committing request of the e-ID mode outside a test transaction, as in production:
    in a process that has just counted another e-ID vote for the nominee, the callback reads
    the login from the session, exchanges the code (HTTP), and commits the ballot and the
    removal of the login session in one transaction."""
    first, second = Client(), Client()
    provider.user_set("ola", {"pid": OTHER_PID, "acr": "idporten-loa-high"})
    assert vote(first, provider, candidates[0]).status_code == 302
    response = start(second, candidates[0])
    back = provider.authorize(response.context["url"], sub="ola")

    with CaptureQueriesContext(connection) as queries:
        response = second.get(back)

    assert response.status_code == 302
    statements = [q["sql"].split()[0].upper() for q in queries.captured_queries]
    ballot = "WITH" if connection.vendor == "postgresql" else "INSERT"
    session, logout = ["SELECT"], ["SELECT", "DELETE"]
    # ballot_cast may wrap its statement in a savepoint inside a caller's transaction.
    core = [s for s in statements if s not in ("SAVEPOINT", "RELEASE")]
    assert core == [*session, "BEGIN", ballot, *logout, "COMMIT"]
    assert statements.count("SAVEPOINT") <= 1
    assert Ballot.objects.count() == 2
