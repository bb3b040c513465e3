"""What every decision rule shares: its inputs, its outcome, and the finalist cut.

A rule takes plain numbers keyed by nominee id (valid votes from the frozen tally, the jury's
scores, the chair's verdict) and returns an ``Outcome`` that records which rule ran, every
input it used, and what came out: the finalists, the winner (or ``None`` while the jury has yet
to decide), and nominees tied where the rule itself cannot separate them. Nothing here touches
the database, so the same inputs always give the same outcome, and the outcome can be shown
and audited as it stands.

Order among equals is the order of the mapping given (the nominees' list order); it never
decides anything: ties are reported, not broken silently. Arithmetic is exact (``Fraction``),
so two nominees tie only when they truly tie.
"""

import dataclasses
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any, ClassVar, Protocol

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

ALL_TIED_ADVANCE = "all_tied_advance"
JURY_DECIDES = "jury_decides"
NO_PUBLIC_VOTE = "none"


class RuleInputError(ValueError):
    """The inputs do not fit the rule (e.g. a verdict for a nominee who is not a finalist)."""


class Settings(Protocol):
    """The declared settings a rule reads: an ``Edition`` (or anything shaped like one)."""

    voting_mode: str
    finalist_count: int
    tie_break: str
    public_weight_percent: int | None


@dataclasses.dataclass(frozen=True)
class Inputs:
    """Everything a rule may use, gathered by the one selector that asks for it.

    ``votes`` is ``None`` while the tally that decides is not frozen (or there is no vote);
    the jury's fields are empty where only the finalists are asked for.
    """

    settings: Settings
    # The nominees still in the running, in list order.
    nominees: tuple[int, ...] = ()
    votes: Mapping[int, int] | None = None
    # Per nominee the jury's mean score (``jury.selectors.jury_scores``).
    jury_scores: Mapping[int, Fraction | None] = dataclasses.field(default_factory=dict)
    # Per juror, per nominee the juror's weighted mean across the criteria.
    juror_means: Mapping[int, Mapping[int, Fraction]] = dataclasses.field(default_factory=dict)
    # The jury's declared scale (minimum, maximum), if any.
    scale: tuple[Fraction, Fraction] | None = None


@dataclasses.dataclass(frozen=True)
class Share:
    """One nominee's part in a result that adds up numbers (weighted, ranked)."""

    nominee: int
    votes: int
    public_share: Fraction  # of all valid votes, 0..1
    jury_score: Fraction | None  # the jury's figure for the nominee; None: nobody scored
    jury_share: Fraction  # that figure placed on 0..1
    combined: Fraction

    def as_data(self) -> dict[str, Any]:
        return {
            "nominee": self.nominee,
            "votes": self.votes,
            "public_share": str(self.public_share),
            "jury_score": None if self.jury_score is None else str(self.jury_score),
            "jury_share": str(self.jury_share),
            "combined": str(self.combined),
        }


@dataclasses.dataclass(frozen=True)
class Outcome:
    rule: str
    inputs: dict[str, Any]
    finalists: tuple[int, ...] = ()
    winner: int | None = None
    # Nominees the rule could not separate: at the finalist cut (when the jury decides) or at
    # the top (public only, weighted).
    tied: tuple[int, ...] = ()
    # Places at the cut still to be filled by the jury from ``tied``.
    open_places: int = 0
    breakdown: tuple[Share, ...] = ()

    @property
    def needs_jury(self) -> bool:
        """Whether the outcome waits for the jury: a verdict, or a tie it must settle."""
        return self.winner is None

    @property
    def eligible(self) -> tuple[int, ...]:
        """Nominees the jury may score and name as winner: the finalists, and those tied at a
        cut the jury settles."""
        return tuple(dict.fromkeys(self.finalists + self.tied))

    def as_data(self) -> dict[str, Any]:
        """Everything, JSON-serialisable, for the audit log and the open data."""
        return {
            "rule": self.rule,
            "inputs": self.inputs,
            "finalists": list(self.finalists),
            "winner": self.winner,
            "tied": list(self.tied),
            "open_places": self.open_places,
            "breakdown": [share.as_data() for share in self.breakdown],
        }


class Rule:
    """One decision rule. A subclass in its own module of this package is found by the
    registry (``RULE = TheRule()`` at module level); nothing else names it.

    The flags say what the edition must declare; ``validate`` turns them into messages, and
    the model's check constraints are built from them, so database and forms agree.
    """

    code: ClassVar[str]
    label: ClassVar[Promise]
    # Where the rule stands in the organiser's list of choices.
    position: ClassVar[int]
    uses_public_vote: ClassVar[bool] = True
    uses_public_weight: ClassVar[bool] = False
    needs_jury_scale: ClassVar[bool] = False
    # Whether the rule narrows the nominees to finalists before the decision (the results
    # page then names them); a rule that ranks everyone, or leaves it to the jury, does not.
    picks_finalists: ClassVar[bool] = True

    def describe(self, settings: Settings) -> list[str]:
        """Who decides, in whole sentences for the public, in the active language."""
        raise NotImplementedError

    def validate(self, settings: Settings) -> list[tuple[str, str]]:
        """Messages (field, text) for settings this rule cannot run with."""
        problems: list[tuple[str, str]] = []
        has_vote = settings.voting_mode != NO_PUBLIC_VOTE
        if self.uses_public_vote and not has_vote:
            problems.append(
                ("voting_mode", _("This decision rule needs a public vote: choose a voting mode."))
            )
        if not self.uses_public_vote and has_vote:
            problems.append(
                (
                    "decision_rule",
                    _(
                        "With a public vote, choose a rule that uses it, or choose "
                        "“no public vote” as the voting mode."
                    ),
                )
            )
        if self.uses_public_weight and settings.public_weight_percent is None:
            problems.append(
                (
                    "public_weight_percent",
                    _("A weighted decision needs the weight of the public vote, from 0 to 100 %."),
                )
            )
        if not self.uses_public_weight and settings.public_weight_percent is not None:
            problems.append(
                (
                    "public_weight_percent",
                    _(
                        "The weight of the public vote applies only to the "
                        "weighted decision rule. Leave it empty."
                    ),
                )
            )
        return problems

    def finalists(self, inputs: Inputs) -> Outcome | None:
        """Who the jury judges; ``None`` while the votes that decide it are not frozen."""
        if inputs.votes is None:
            return None
        settings = inputs.settings
        return finalists_top_n(
            inputs.votes, n=settings.finalist_count, tie_break=settings.tie_break
        )

    def outcome(self, inputs: Inputs, *, verdict: int | None) -> Outcome | None:
        """The rule applied to everything it uses; ``None`` while the votes are not frozen."""
        raise NotImplementedError


def ranked(votes: Mapping[int, int]) -> list[tuple[int, int]]:
    # sorted() is stable: equals keep the order of the mapping.
    return sorted(votes.items(), key=lambda item: -item[1])


def finalists_top_n(votes: Mapping[int, int], *, n: int, tie_break: str) -> Outcome:
    """The top ``n`` by valid votes, with the declared tie-break at the cut.

    ``all_tied_advance``: everyone level with the last place goes through (there may be more
    than ``n`` finalists). ``jury_decides``: those above the cut go through, and the jury fills
    ``open_places`` from ``tied``.
    """
    if n < 1:
        raise RuleInputError("n must be at least 1")
    if tie_break not in (ALL_TIED_ADVANCE, JURY_DECIDES):
        raise RuleInputError(f"unknown tie-break {tie_break!r}")
    inputs = {"n": n, "tie_break": tie_break, "votes": {str(k): v for k, v in votes.items()}}
    order = ranked(votes)
    if len(order) <= n:
        return Outcome("top_n", inputs, finalists=tuple(k for k, _v in order))
    cut = order[n - 1][1]
    above = tuple(k for k, v in order if v > cut)
    level = tuple(k for k, v in order if v == cut)
    if len(above) + len(level) == n:
        return Outcome("top_n", inputs, finalists=above + level)
    if tie_break == ALL_TIED_ADVANCE:
        return Outcome("top_n", inputs, finalists=above + level, tied=level)
    return Outcome("top_n", inputs, finalists=above, tied=level, open_places=n - len(above))


def top(scores: Sequence[tuple[int, Fraction]]) -> tuple[int | None, tuple[int, ...]]:
    """The single best, or ``None`` and everyone level at the top."""
    if not scores:
        return None, ()
    best = max(score for _k, score in scores)
    at_top = tuple(k for k, score in scores if score == best)
    if len(at_top) == 1:
        return at_top[0], ()
    return None, at_top


def settle_top_tie(winner: int | None, tied: tuple[int, ...], verdict: int | None) -> int | None:
    """A tie at the top is for the jury: the verdict settles it and must name one of the tied."""
    if winner is None and verdict is not None:
        if verdict not in tied:
            raise RuleInputError("the verdict must name one of the nominees tied at the top")
        return verdict
    return winner


def outcome_of_shares(
    code: str, inputs: dict[str, Any], shares: Sequence[Share], verdict: int | None
) -> Outcome:
    """The outcome of a rule that gives each finalist a combined share: highest first, a tie at
    the top settled by the verdict (or reported), every finalist in the breakdown."""
    ordered = sorted(shares, key=lambda share: -share.combined)
    winner, tied = top([(s.nominee, s.combined) for s in ordered])
    winner = settle_top_tie(winner, tied, verdict)
    return Outcome(
        code,
        inputs,
        finalists=tuple(s.nominee for s in ordered),
        winner=winner,
        tied=tied,
        breakdown=tuple(ordered),
    )


def scores_data(scores: Mapping[int, Fraction | None]) -> dict[str, str | None]:
    return {str(k): None if v is None else str(v) for k, v in scores.items()}


def finalists_sentence(settings: Settings) -> str:
    n = settings.finalist_count
    return ngettext(
        "The nominee with the most valid votes becomes the finalist.",
        "The %(n)d nominees with the most valid votes become finalists.",
        n,
    ) % {"n": n}


def tie_break_sentence(settings: Settings) -> str:
    if settings.tie_break == JURY_DECIDES:
        return _(
            "If nominees are tied for the last finalist place, the jury decides which of "
            "them go through."
        )
    return _("If nominees are tied for the last finalist place, all of them go through.")
