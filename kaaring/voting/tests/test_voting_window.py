""" "Is voting open?" has one answer, ``Edition.voting_window_at``, in every mode and at the
edges: open from the opening instant itself, closed from the closing instant itself, and never
open without a closing time (the ballot's statement, comparing with NULL, would refuse every
ballot; the database refuses to save such a vote at all)."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.awards.models import Edition, Phase, VotingMode, VotingWindow
from kaaring.public.rules import voting_state
from kaaring.voting import email_votes
from kaaring.voting.errors import VotingClosed, VotingNotOpen
from kaaring.voting.models import Ballot
from kaaring.voting.services import ballot_cast, voter_key, voting_open_check
from kaaring.voting.tests.database_clock import database_clock_at

MODES = [VotingMode.OPEN, VotingMode.EMAIL, VotingMode.EID]
OPENS = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
CLOSES = dt.datetime(2026, 12, 5, 14, 11, tzinfo=dt.UTC)
MS = dt.timedelta(milliseconds=1)


def _unsaved(mode: str, **extra: object) -> Edition:
    values: dict[str, object] = {
        "year": 2026,
        "announced_at": OPENS - dt.timedelta(days=30),
        "voting_opens_at": OPENS,
        "voting_closes_at": CLOSES,
        "voting_mode": mode,
        "decision_rule": "top_n_then_jury",
    }
    values.update(extra)
    return Edition(**values)


@pytest.mark.parametrize("mode", MODES)
def test_voting_is_open_from_the_opening_instant_until_just_before_the_closing_one(mode):
    edition = _unsaved(mode)
    expected = [
        (OPENS - MS, VotingWindow.NOT_YET),
        (OPENS, VotingWindow.OPEN),
        (CLOSES - MS, VotingWindow.OPEN),
        (CLOSES, VotingWindow.CLOSED),
    ]
    assert [(at, edition.voting_window_at(at)) for at, _ in expected] == expected
    assert [edition.voting_open_at(at) for at, _ in expected] == [False, True, True, False]


@pytest.mark.parametrize("mode", MODES)
def test_without_a_closing_time_voting_is_never_open(mode):
    edition = _unsaved(mode, voting_closes_at=None)
    for at in (OPENS - MS, OPENS, CLOSES, CLOSES + dt.timedelta(days=400)):
        assert edition.voting_window_at(at) == VotingWindow.NONE
        assert not edition.voting_open_at(at)
        assert edition.phase_at(at) != Phase.VOTING_OPEN
        with pytest.raises(VotingNotOpen):
            voting_open_check(edition=edition, at=at)


@pytest.mark.parametrize("mode", MODES)
def test_the_vote_page_offers_no_vote_without_a_closing_time(mode):
    edition = _unsaved(mode, voting_closes_at=None)
    assert voting_state(edition, None, OPENS + MS).state == "none"  # type: ignore[arg-type]


def test_an_edition_without_a_public_vote_has_no_window():
    edition = _unsaved(VotingMode.NONE, decision_rule="jury_only")
    assert edition.voting_window_at(OPENS + MS) == VotingWindow.NONE


@pytest.mark.parametrize("mode", MODES)
def test_the_database_refuses_a_public_vote_without_a_closing_time(make_edition, mode):
    edition = make_edition(voting_mode=mode)
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.filter(pk=edition.pk).update(voting_closes_at=None)


# --- Each mode at the edges, through the service that decides for it -------------------------


@pytest.fixture
def window(make_edition, make_nominee):
    def make(mode: str):
        edition = make_edition(
            year=2026,
            voting_mode=mode,
            announced_at=OPENS - dt.timedelta(days=30),
            voting_opens_at=OPENS,
            voting_closes_at=CLOSES,
        )
        return edition, make_nominee(edition, "Stange", "3413")

    return make


def _cast(edition, nominee, mode, voter):
    key = voter_key(edition_id=edition.pk, kind=mode, identity=voter)
    return ballot_cast(
        edition=edition,
        nominee_id=nominee.pk,
        mode=mode,
        voter_key=key,
        submission_key=f"form-{voter}",
    )


@pytest.mark.parametrize("mode", [VotingMode.OPEN, VotingMode.EID])
def test_a_ballot_at_the_opening_instant_counts_and_one_at_the_closing_instant_does_not(
    window, mode
):
    edition, nominee = window(mode)
    with database_clock_at(OPENS - MS), pytest.raises(VotingNotOpen):
        _cast(edition, nominee, mode, "early")
    with database_clock_at(OPENS):
        _cast(edition, nominee, mode, "first")
    with database_clock_at(CLOSES - MS):
        _cast(edition, nominee, mode, "last")
    with database_clock_at(CLOSES), pytest.raises(VotingClosed):
        _cast(edition, nominee, mode, "late")
    assert Ballot.objects.filter(edition=edition).count() == 2


def _request(edition, nominee, address):
    return email_votes.email_confirmation_request(
        edition=edition,
        nominee=nominee,
        address=address,
        submission_key="form-key-0123456789abcdef",
        site_url="https://kaaring.example",
        language="nb",
        client_ip="192.0.2.1",
    )


def test_an_email_vote_can_start_at_the_opening_instant_and_not_at_the_closing_one(window):
    edition, nominee = window(VotingMode.EMAIL)
    with database_clock_at(OPENS - MS), pytest.raises(VotingNotOpen):
        _request(edition, nominee, "kari@example.no")
    with database_clock_at(OPENS):
        assert _request(edition, nominee, "kari@example.no").pk
    with database_clock_at(CLOSES), pytest.raises(VotingClosed):
        _request(edition, nominee, "ola@example.no")


def test_an_email_link_opened_at_the_closing_instant_counts_nothing(window):
    edition, nominee = window(VotingMode.EMAIL)
    with database_clock_at(CLOSES - dt.timedelta(hours=1)):
        confirmation = _request(edition, nominee, "kari@example.no")
    token = email_votes._token(confirmation.token_nonce)
    with database_clock_at(CLOSES), pytest.raises(email_votes.ConfirmationRefused) as refused:
        email_votes.email_vote_confirm(token=token)
    assert isinstance(refused.value.error, VotingClosed)
    assert not Ballot.objects.exists()


def test_an_email_vote_without_a_closing_time_is_not_open(window):
    edition, nominee = window(VotingMode.EMAIL)
    edition.voting_closes_at = None  # as a form might hold it before the database says no
    with database_clock_at(OPENS + MS), pytest.raises(VotingNotOpen):
        _request(edition, nominee, "kari@example.no")


def _eid_login(client: Client, edition, nominee):
    with translation.override("en"):
        url = reverse("voting:eid_login", args=[edition.award.slug, edition.year, nominee.slug])
    return client.post(url, {"submission": "form-token-aaaaaaaaaaaaaaaaaaaaaaaa"})


def test_an_eid_login_starts_at_the_opening_instant_and_not_at_the_closing_one(
    client, window, settings
):
    settings.OIDC_ISSUER = ""  # past the window check, the login stops at the missing provider
    edition, nominee = window(VotingMode.EID)
    with database_clock_at(OPENS - MS):
        early = _eid_login(client, edition, nominee)
    with database_clock_at(OPENS):
        first = _eid_login(client, edition, nominee)
    with database_clock_at(CLOSES):
        late = _eid_login(client, edition, nominee)
    assert early.status_code == 409
    assert "Voting has not opened yet" in early.content.decode()
    assert first.status_code == 503
    assert late.status_code == 409
    assert "Voting has closed" in late.content.decode()
