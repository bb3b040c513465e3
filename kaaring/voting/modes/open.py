"""The open mode: one vote per browser, within limits.

The browser's identity is a random id in a first-party cookie, which the interface reads and
passes on. What keeps a script from voting again and again with fresh cookies is the proof of
work (verified by the interface, nothing sent to anyone), rate limits per browser, per IP and
per /24 or /48 subnet, and a honeypot field. A solved challenge counts for one ballot: its
claim is inserted by the same statement as the ballot (``services.ballot_cast``), so a retry of
the same form (which resends the same solution) still gets its receipt back, while a use of the
solution for any other ballot is refused and stores nothing.

``open_ballot_cast`` takes the parsed request and returns the ballot or raises. Its steps keep
the cheap refusals first: the rate limits (one round trip for all three counters), the
honeypot, the cookie, and only then the proof of work (``OpenBallotRequest.verify``, a PBKDF2
check) and the ballot's one statement. Nothing here adds a query to that path.
"""

# Errors are named as the situation (HoneypotFilled), like kaaring/voting/errors.py.
# ruff: noqa: N818

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass

from kaaring.awards.models import Edition
from kaaring.ratelimits.services import ratelimit_hits
from kaaring.voting.errors import VotingError
from kaaring.voting.review_signals import honeypot_hit_record
from kaaring.voting.selectors import ballot_exists
from kaaring.voting.services import CastResult, ballot_cast, voter_key

NAME = "open"
# The rate limits this mode counts (declared with their reasons in kaaring/ratelimits).
PURPOSES = (
    "vote_open_per_ip",
    "vote_open_per_subnet",
    "vote_open_per_browser",
    "altcha_challenge_per_ip",
)
# The review signals its ballots carry (kaaring/voting/review_signals.py).
SIGNALS = ("subnet_key", "proof_of_work_ms", "user_agent_family", "seconds_to_vote")
# The part of the vote page that verifies the voter.
START_TEMPLATE = "public/vote/verify_open.html"


class TooManyAttempts(VotingError):
    """A rate limit is exceeded; ``retry_after`` seconds until the next try may pass."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class HoneypotFilled(VotingError):
    """The field people never see was filled in: a script. Recorded as a review signal."""


class BrowserUnknown(VotingError):
    """The browser sent no id cookie, so one vote per browser cannot be kept."""


class ProofOfWorkMissing(VotingError):
    """The form came without a solved check (or without its submission key)."""


@dataclass(frozen=True)
class ProofOfWork:
    """A verified solution: its challenge's id (for the claim), when the challenge expires
    (seconds since the epoch, if it says), and the solve time the widget reported."""

    challenge_id: str
    expires_at: int | None
    solve_ms: int | None


@dataclass(frozen=True)
class OpenBallotRequest:
    edition: Edition
    nominee_id: int
    browser: str | None
    ip: str
    subnet: str
    submission_key: str | None
    honeypot_filled: bool
    # Runs the proof-of-work check; ``None`` when it fails. Called only for an admitted request.
    verify: Callable[[], ProofOfWork | None]
    user_agent_family: str | None = None
    seconds_to_vote: int | None = None


def open_ballot_cast(request: OpenBallotRequest) -> CastResult:
    """Record the open-mode ballot, or raise a ``VotingError`` saying why not."""
    edition = request.edition
    retry_after = _rate_limited(request.browser, request.ip, request.subnet)
    if retry_after:
        raise TooManyAttempts(retry_after)
    subnet_key = _subnet_key(edition, request.subnet)
    if request.honeypot_filled:
        honeypot_hit_record(
            edition_id=edition.pk,
            subnet_key=subnet_key,
            user_agent_family=request.user_agent_family,
        )
        raise HoneypotFilled()
    if request.browser is None:
        raise BrowserUnknown()
    if request.submission_key is None:
        raise ProofOfWorkMissing()
    proof = request.verify()
    if proof is None:
        raise ProofOfWorkMissing()
    claim, claim_expires_at = _claim_of(proof)
    return ballot_cast(
        edition=edition,
        nominee_id=request.nominee_id,
        mode=NAME,
        voter_key=voter_key(edition_id=edition.pk, kind=NAME, identity=request.browser),
        submission_key=request.submission_key,
        subnet_key=subnet_key,
        proof_of_work_ms=proof.solve_ms,
        user_agent_family=request.user_agent_family,
        seconds_to_vote=request.seconds_to_vote,
        proof_of_work_claim=claim,
        claim_expires_at=claim_expires_at,
    )


def browser_has_voted(*, edition: Edition, browser: str | None) -> bool:
    """Has this browser a ballot in the edition? (For the vote page, before any check.)"""
    if browser is None or edition.voting_mode != NAME:
        return False
    key = voter_key(edition_id=edition.pk, kind=NAME, identity=browser)
    return ballot_exists(edition_id=edition.pk, voter_key=key)


def _rate_limited(browser: str | None, ip: str, subnet: str) -> int:
    """Count this attempt; seconds to wait if any limit is exceeded, else 0."""
    hits = [("vote_open_per_ip", ip), ("vote_open_per_subnet", subnet)]
    if browser:
        hits.append(("vote_open_per_browser", browser))
    verdicts = ratelimit_hits([(purpose, key) for purpose, key in hits if key])
    return max((v.retry_after for v in verdicts if not v.allowed), default=0)


def _subnet_key(edition: Edition, subnet: str) -> str | None:
    if not subnet:
        return None
    return voter_key(edition_id=edition.pk, kind="subnet", identity=subnet)


def _claim_of(proof: ProofOfWork) -> tuple[str, dt.datetime]:
    """The claim key of a verified solution (a hash of its challenge) and until when it must
    be kept: while the challenge could still be verified, plus a margin for clock skew."""
    key = hashlib.sha256(proof.challenge_id.encode()).hexdigest()
    expires = proof.expires_at or int(time.time()) + 3600
    return key, dt.datetime.fromtimestamp(expires + 120, tz=dt.UTC)
