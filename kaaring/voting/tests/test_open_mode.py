"""The open mode's service: cheap refusals first, the proof of work checked only for an
admitted request, one ballot per browser."""

import pytest
from django.test import override_settings

from kaaring.voting.errors import AlreadyVoted
from kaaring.voting.models import Ballot, HoneypotHit
from kaaring.voting.modes import open as open_mode


def _request(edition, nominee, *, verified=True, calls=None, **changes):
    def verify():
        if calls is not None:
            calls.append(1)
        if not verified:
            return None
        return open_mode.ProofOfWork(
            challenge_id=f"challenge-{id(changes)}", expires_at=None, solve_ms=800
        )

    values = {
        "edition": edition,
        "nominee_id": nominee.pk,
        "browser": "b" * 32,
        "ip": "192.0.2.7",
        "subnet": "192.0.2.0/24",
        "submission_key": "s" * 32,
        "honeypot_filled": False,
        "verify": verify,
    }
    values.update(changes)
    return open_mode.OpenBallotRequest(**values)


def test_an_admitted_request_with_a_solved_check_gets_a_receipt(edition, nominees):
    result = open_mode.open_ballot_cast(_request(edition, nominees[0]))

    ballot = Ballot.objects.get()
    assert (ballot.pk, ballot.mode, ballot.receipt) == (result.ballot_id, "open", result.receipt)
    assert ballot.signals.proof_of_work_ms == 800
    assert open_mode.browser_has_voted(edition=edition, browser="b" * 32)
    assert not open_mode.browser_has_voted(edition=edition, browser="c" * 32)


def test_the_same_browser_cannot_vote_twice(edition, nominees):
    open_mode.open_ballot_cast(_request(edition, nominees[0]))
    with pytest.raises(AlreadyVoted):
        open_mode.open_ballot_cast(_request(edition, nominees[1], submission_key="t" * 32))


def test_a_filled_honeypot_is_recorded_and_nothing_is_verified_or_cast(edition, nominees):
    calls: list[int] = []
    with pytest.raises(open_mode.HoneypotFilled):
        open_mode.open_ballot_cast(
            _request(edition, nominees[0], honeypot_filled=True, calls=calls)
        )
    assert HoneypotHit.objects.filter(edition=edition).count() == 1
    assert calls == []
    assert not Ballot.objects.exists()


def test_without_the_browser_cookie_nothing_is_verified(edition, nominees):
    calls: list[int] = []
    with pytest.raises(open_mode.BrowserUnknown):
        open_mode.open_ballot_cast(_request(edition, nominees[0], browser=None, calls=calls))
    assert calls == []


def test_an_unsolved_check_casts_nothing(edition, nominees):
    with pytest.raises(open_mode.ProofOfWorkMissing):
        open_mode.open_ballot_cast(_request(edition, nominees[0], verified=False))
    assert not Ballot.objects.exists()


@override_settings(RATELIMIT_OVERRIDES={"vote_open_per_browser": (1, 600)})
def test_over_the_limit_the_check_is_not_even_run(edition, nominees):
    calls: list[int] = []
    with pytest.raises(open_mode.ProofOfWorkMissing):
        open_mode.open_ballot_cast(_request(edition, nominees[0], verified=False))
    with pytest.raises(open_mode.TooManyAttempts) as limited:
        open_mode.open_ballot_cast(_request(edition, nominees[0], calls=calls))
    assert limited.value.retry_after > 0
    assert calls == []
