"""An edition's declared rules, said plainly for the public.

The press once read IMDi's 2018 rules as "the public picks the winner" (DOMAIN.md). So every
public page about an edition says, in whole sentences and before voting opens, how votes count,
who decides, how many finalists there are, what happens at a tie, and when each step happens.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from kaaring.awards import decision_rules
from kaaring.awards.models import Edition, Nominee, VotingMode, VotingWindow


@dataclass(frozen=True)
class Moment:
    label: str
    at: dt.datetime
    note: str = ""


@dataclass(frozen=True)
class Rules:
    how_votes_count: list[str] = field(default_factory=list)
    who_decides: list[str] = field(default_factory=list)
    moments: list[Moment] = field(default_factory=list)


def edition_rules(edition: Edition) -> Rules:
    votes: list[str] = []
    mode = edition.voting_mode
    if mode == VotingMode.NONE:
        votes.append(_("There is no public vote in this edition."))
    else:
        votes.append(
            {
                VotingMode.OPEN: _(
                    "Anyone can vote for one nominee. You vote once, from your own "
                    "browser; there is no login."
                ),
                VotingMode.EMAIL: _(
                    "Anyone can vote for one nominee. The vote counts when you "
                    "confirm it with the link we send to your e-mail address: one "
                    "vote per e-mail address."
                ),
                VotingMode.EID: _(
                    "Anyone can vote for one nominee by logging in with electronic "
                    "ID: one vote per person."
                ),
            }[VotingMode(mode)]
        )
        votes.append(_("Running vote totals are not shown while the vote is open."))
        if edition.show_vote_counts:
            votes.append(_("The number of votes for each nominee is published with the result."))
        else:
            votes.append(_("The number of votes is not published."))

    decides = decision_rules.get(edition.decision_rule).describe(edition)

    moments: list[Moment] = []

    def add(label: str | Promise, at: dt.datetime | None, note: str = "") -> None:
        if at is not None:
            moments.append(Moment(str(label), at, note))

    add(_("Nominations open"), edition.nominations_open_at)
    add(_("Nominations close"), edition.nominations_close_at)
    if edition.has_public_vote:
        add(_("Voting opens"), edition.voting_opens_at)
        add(_("Voting closes"), edition.voting_closes_at)
    add(
        _("The winner is announced"),
        edition.results_published_at,
        str(edition.localized("ceremony_note")),
    )
    return Rules(how_votes_count=votes, who_decides=decides, moments=moments)


# --- The voting state on a nominee's page ---------------------------------------------------


@dataclass(frozen=True)
class VotingState:
    # "none", "not_yet", "open", "closed": which sentence and which styling the box gets.
    state: str
    at: dt.datetime | None = None
    # The address of the vote flow when it is routed; never a fake button.
    vote_url: str | None = None


def optional_url(name: str, **kwargs: object) -> str | None:
    """The URL of a named view, or None where this installation does not route it."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def voting_state(edition: Edition, nominee: Nominee, now: dt.datetime) -> VotingState:
    window = edition.voting_window_at(now)
    if window == VotingWindow.NONE:
        return VotingState("none")
    if window == VotingWindow.NOT_YET:
        return VotingState("not_yet", edition.voting_opens_at)
    if window == VotingWindow.CLOSED:
        return VotingState("closed", edition.voting_closes_at)
    return VotingState(
        "open",
        edition.voting_closes_at,
        optional_url(
            "voting:start", award=edition.award.slug, year=edition.year, nominee=nominee.slug
        ),
    )
