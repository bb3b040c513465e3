"""Review signals: parsed small, stored beside the ballot, purged after the retention while
the ballot stays."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kaaring.awards.models import Edition
from kaaring.voting.errors import ProofOfWorkReused
from kaaring.voting.models import Ballot, BallotSignals, HoneypotHit, ProofOfWorkClaim
from kaaring.voting.review_signals import (
    ballot_signals_purge,
    honeypot_hit_record,
    registrable_domain,
    user_agent_family,
)
from kaaring.voting.services import ballot_cast, voter_key


@pytest.mark.parametrize(
    ("header", "family"),
    [
        ("Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0", "firefox"),
        (
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36",
            "chrome",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.56",
            "edge",
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "safari",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "HeadlessChrome/126.0.0.0 Safari/537.36",
            "bot",
        ),
        ("curl/8.5.0", "curl"),
        ("python-requests/2.32.3", "python"),
        ("Something/1.0", "other"),
        ("", None),
    ],
)
def test_the_user_agent_becomes_a_short_family(header: str, family: str | None) -> None:
    assert user_agent_family(header) == family


@pytest.mark.parametrize(
    ("address", "domain"),
    [
        ("kari@example.no", "example.no"),
        ("kari@Post.Example.NO", "example.no"),
        ("kari@mail.example.co.uk", "example.co.uk"),
        ("kari@localhost", None),
        ("not-an-address", None),
    ],
)
def test_the_email_domain_is_the_registrable_one(address: str, domain: str | None) -> None:
    assert registrable_domain(address) == domain


def _cast(edition, nominee, who: str, **signals):
    return ballot_cast(
        edition=edition,
        nominee_id=nominee.pk,
        mode="open",
        voter_key=voter_key(edition_id=edition.pk, kind="open", identity=who),
        submission_key=f"submission-of-{who}-xxxxxxxx",
        **signals,
    )


def test_a_ballot_without_signals_has_no_signals_row(edition, nominees):
    _cast(edition, nominees[0], "a")

    assert Ballot.objects.count() == 1
    assert not BallotSignals.objects.exists()


def test_a_retried_submission_keeps_the_first_signals(edition, nominees):
    first = _cast(edition, nominees[0], "a", user_agent_family="firefox", seconds_to_vote=5)
    again = _cast(edition, nominees[0], "a", user_agent_family="curl", seconds_to_vote=0)

    assert again.repeated
    assert again.ballot_id == first.ballot_id
    signals = BallotSignals.objects.get()
    assert (signals.user_agent_family, signals.seconds_to_vote) == ("firefox", 5)


def test_the_purge_deletes_signals_after_the_retention_and_never_a_ballot(
    edition, nominees, settings
):
    settings.VOTE_SIGNALS_RETENTION_DAYS = 30
    _cast(edition, nominees[0], "a", user_agent_family="firefox", seconds_to_vote=5)
    honeypot_hit_record(edition_id=edition.pk, subnet_key="k" * 64, user_agent_family="curl")
    closes_at = edition.voting_closes_at
    assert closes_at is not None

    kept = ballot_signals_purge(now=closes_at + dt.timedelta(days=30) - dt.timedelta(seconds=1))
    assert (kept.ballot_signals, kept.honeypot_hits) == (0, 0)
    assert BallotSignals.objects.count() == HoneypotHit.objects.count() == 1

    purged = ballot_signals_purge(now=closes_at + dt.timedelta(days=30))
    assert (purged.ballot_signals, purged.honeypot_hits) == (1, 1)
    assert not BallotSignals.objects.exists()
    assert not HoneypotHit.objects.exists()
    assert Ballot.objects.count() == 1


def test_the_purge_command_clears_closed_editions_and_leaves_open_ones(
    edition, nominees, make_edition, make_nominee
):
    _cast(edition, nominees[0], "a", user_agent_family="firefox")
    closed = make_edition(year=2017)
    _cast(closed, make_nominee(closed, "Alta"), "b", user_agent_family="curl")
    long_ago = timezone.now() - dt.timedelta(days=91)
    Edition.objects.filter(pk=closed.pk).update(  # as if voting closed long ago
        announced_at=long_ago - dt.timedelta(days=40),
        voting_opens_at=long_ago - dt.timedelta(days=10),
        voting_closes_at=long_ago,
    )
    out = io.StringIO()

    call_command("voting_purge_signals", stdout=out)

    assert "1 ballot(s)" in out.getvalue()
    assert list(BallotSignals.objects.values_list("user_agent_family", flat=True)) == ["firefox"]
    assert Ballot.objects.count() == 2


def test_proof_of_work_claims_are_kept_until_their_challenge_expires(edition, nominees):
    expires = timezone.now() + dt.timedelta(minutes=12)
    ballot_cast(
        edition=edition,
        nominee_id=nominees[0].pk,
        mode="open",
        voter_key=voter_key(edition_id=edition.pk, kind="open", identity="a"),
        submission_key="form-key-0123456789abcdef",
        proof_of_work_claim="c" * 64,
        claim_expires_at=expires,
    )

    assert ballot_signals_purge(now=expires).proof_of_work_claims == 0
    assert ballot_signals_purge(now=expires + dt.timedelta(seconds=1)).proof_of_work_claims == 1
    assert not ProofOfWorkClaim.objects.exists()
    assert Ballot.objects.count() == 1


def test_a_claim_used_for_another_ballot_refuses_it_and_stores_nothing(edition, nominees):
    def cast(identity: str) -> None:
        ballot_cast(
            edition=edition,
            nominee_id=nominees[0].pk,
            mode="open",
            voter_key=voter_key(edition_id=edition.pk, kind="open", identity=identity),
            submission_key=f"form-key-{identity}-0123456789abcdef",
            user_agent_family="firefox",
            proof_of_work_claim="c" * 64,
            claim_expires_at=timezone.now() + dt.timedelta(minutes=12),
        )

    cast("a")
    with pytest.raises(ProofOfWorkReused):
        cast("b")

    assert Ballot.objects.count() == BallotSignals.objects.count() == 1
    assert ProofOfWorkClaim.objects.count() == 1
