"""The e-ID mode: one vote per person, who logs in with electronic ID (OpenID Connect).

The login itself (state, nonce, PKCE, the ID token's checks, the assurance level) is
``kaaring.voting.oidc``; the interface keeps the login under way in the voter's session. This
module is the mode's policy: whether a login may start (``eid_login_check``), and the ballot of
a verified login (``eid_ballot_cast``), whose identity becomes the voter key at once and is
never stored, logged or passed on.
"""

import datetime as dt
from dataclasses import dataclass, field

from kaaring.awards.models import Edition, VotingMode
from kaaring.voting.errors import WrongVotingMode
from kaaring.voting.oidc import VerifiedLogin
from kaaring.voting.services import CastResult, ballot_cast, voter_key, voting_open_check

NAME = "eid"
# No rate limits of its own: the provider limits logins, and each person has one ballot.
PURPOSES: tuple[str, ...] = ()
SIGNALS = ("user_agent_family", "seconds_to_vote")
START_TEMPLATE = "public/vote/verify_eid.html"


def eid_login_check(*, edition: Edition, at: dt.datetime) -> None:
    """Raise why a login to vote may not start now (a friendly early word: the database's
    clock decides when the ballot is cast)."""
    if edition.voting_mode != VotingMode.EID:
        raise WrongVotingMode()
    voting_open_check(edition=edition, at=at)


@dataclass(frozen=True)
class EidBallotRequest:
    """A verified login's ballot, with the identity already turned into the voter key."""

    edition: Edition
    nominee_id: int
    voter_key: str = field(repr=False)
    submission_key: str
    user_agent_family: str | None = None
    seconds_to_vote: int | None = None


def eid_ballot_request(
    *,
    edition: Edition,
    nominee_id: int,
    login: VerifiedLogin,
    submission_key: str,
    user_agent_family: str | None = None,
    seconds_to_vote: int | None = None,
) -> EidBallotRequest:
    """The ballot request of a verified login: the identity becomes the voter key here, at
    once (and outside the ballot's transaction, so the edition's secret comes from memory)."""
    return EidBallotRequest(
        edition=edition,
        nominee_id=nominee_id,
        voter_key=voter_key(edition_id=edition.pk, kind=NAME, identity=login.identity),
        submission_key=submission_key,
        user_agent_family=user_agent_family,
        seconds_to_vote=seconds_to_vote,
    )


def eid_ballot_cast(request: EidBallotRequest) -> CastResult:
    """Record the ballot of a verified login, or raise a ``VotingError`` saying why not."""
    return ballot_cast(
        edition=request.edition,
        nominee_id=request.nominee_id,
        mode=NAME,
        voter_key=request.voter_key,
        submission_key=request.submission_key,
        user_agent_family=request.user_agent_family,
        seconds_to_vote=request.seconds_to_vote,
    )
