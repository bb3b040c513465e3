"""The decision rules an edition can declare, as small pure functions.

Each takes plain numbers keyed by nominee id (valid votes from the frozen tally, the jury's
mean scores, the chair's verdict) and returns an ``Outcome`` that records which rule ran, every
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
from typing import Any

TOP_N_THEN_JURY = "top_n_then_jury"
WEIGHTED = "weighted"
JURY_ONLY = "jury_only"
PUBLIC_ONLY = "public_only"
ALL_TIED_ADVANCE = "all_tied_advance"
JURY_DECIDES = "jury_decides"


class RuleInputError(ValueError):
    """The inputs do not fit the rule (e.g. a verdict for a nominee who is not a finalist)."""


@dataclasses.dataclass(frozen=True)
class Share:
    """One nominee's part in a weighted result."""

    nominee: int
    votes: int
    public_share: Fraction  # of all valid votes, 0..1
    jury_score: Fraction | None  # the jury's mean on the declared scale; None: nobody scored
    jury_share: Fraction  # the score placed on 0..1 within the scale
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


def _ranked(votes: Mapping[int, int]) -> list[tuple[int, int]]:
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
    ranked = _ranked(votes)
    if len(ranked) <= n:
        return Outcome("top_n", inputs, finalists=tuple(k for k, _v in ranked))
    cut = ranked[n - 1][1]
    above = tuple(k for k, v in ranked if v > cut)
    level = tuple(k for k, v in ranked if v == cut)
    if len(above) + len(level) == n:
        return Outcome("top_n", inputs, finalists=above + level)
    if tie_break == ALL_TIED_ADVANCE:
        return Outcome("top_n", inputs, finalists=above + level, tied=level)
    return Outcome("top_n", inputs, finalists=above, tied=level, open_places=n - len(above))


def top_n_then_jury(
    votes: Mapping[int, int], *, n: int, tie_break: str, verdict: int | None
) -> Outcome:
    """IMDi 2018: the public picks the finalists, the jury the winner among them.

    With ``jury_decides`` and a tie at the cut, the jury may pick its winner among the tied
    nominees too (choosing the winner settles who goes through).
    """
    selection = finalists_top_n(votes, n=n, tie_break=tie_break)
    inputs = {**selection.inputs, "verdict": verdict}
    eligible = selection.finalists + (selection.tied if selection.open_places else ())
    if verdict is not None and verdict not in eligible:
        raise RuleInputError("the verdict must name a finalist")
    return dataclasses.replace(selection, rule=TOP_N_THEN_JURY, inputs=inputs, winner=verdict)


def _top(scores: Sequence[tuple[int, Fraction]]) -> tuple[int | None, tuple[int, ...]]:
    """The single best, or ``None`` and everyone level at the top."""
    if not scores:
        return None, ()
    best = max(score for _k, score in scores)
    at_top = tuple(k for k, score in scores if score == best)
    if len(at_top) == 1:
        return at_top[0], ()
    return None, at_top


def weighted(
    votes: Mapping[int, int],
    jury_scores: Mapping[int, Fraction | None],
    *,
    public_weight_percent: int,
    scale_min: Fraction,
    scale_max: Fraction,
    verdict: int | None = None,
) -> Outcome:
    """Public share and jury score weighted together, with a breakdown per nominee.

    The public share is a nominee's part of all valid votes (0..1); the jury score is the mean
    of its jurors' weighted scores placed on 0..1 within the declared scale; a nominee no juror
    scored counts 0 from the jury, and the breakdown says so. The nominees are those in
    ``jury_scores`` (the finalists). A tie at the top is for the jury: ``verdict`` settles it
    and must name one of the tied.
    """
    if not 0 <= public_weight_percent <= 100:
        raise RuleInputError("the public weight is a percentage")
    if scale_max <= scale_min:
        raise RuleInputError("the scale's maximum must be above its minimum")
    weight = Fraction(public_weight_percent, 100)
    total = sum(votes.values())
    shares = []
    for nominee, score in jury_scores.items():
        count = votes.get(nominee, 0)
        public = Fraction(count, total) if total else Fraction(0)
        jury = Fraction(0) if score is None else (score - scale_min) / (scale_max - scale_min)
        shares.append(
            Share(nominee, count, public, score, jury, weight * public + (1 - weight) * jury)
        )
    shares.sort(key=lambda share: -share.combined)
    winner, tied = _top([(s.nominee, s.combined) for s in shares])
    if winner is None and verdict is not None:
        if verdict not in tied:
            raise RuleInputError("the verdict must name one of the nominees tied at the top")
        winner = verdict
    inputs = {
        "public_weight_percent": public_weight_percent,
        "scale": [str(scale_min), str(scale_max)],
        "votes": {str(k): v for k, v in votes.items()},
        "jury_scores": {str(k): None if v is None else str(v) for k, v in jury_scores.items()},
        "verdict": verdict,
    }
    return Outcome(
        WEIGHTED,
        inputs,
        finalists=tuple(s.nominee for s in shares),
        winner=winner,
        tied=tied,
        breakdown=tuple(shares),
    )


def jury_only(
    nominees: Sequence[int], jury_scores: Mapping[int, Fraction | None], *, verdict: int | None
) -> Outcome:
    """Stange's local prize: the jury (the integration council) decides alone.

    The scores are recorded as the jury's inputs; the chair's verdict is the decision.
    """
    if verdict is not None and verdict not in nominees:
        raise RuleInputError("the verdict must name a nominee")
    inputs = {
        "nominees": list(nominees),
        "jury_scores": {str(k): None if v is None else str(v) for k, v in jury_scores.items()},
        "verdict": verdict,
    }
    return Outcome(JURY_ONLY, inputs, finalists=tuple(nominees), winner=verdict)


def public_only(votes: Mapping[int, int], *, verdict: int | None = None) -> Outcome:
    """The public vote decides alone: most valid votes wins; a tie at the top (or an edition
    without votes) is left to the jury, whose ``verdict`` must name one of the tied."""
    ranked = _ranked(votes)
    winner, tied = _top([(k, Fraction(v)) for k, v in ranked])
    if winner is None and verdict is not None:
        if verdict not in tied:
            raise RuleInputError("the verdict must name one of the nominees tied at the top")
        winner = verdict
    inputs = {"votes": {str(k): v for k, v in votes.items()}, "verdict": verdict}
    return Outcome(
        PUBLIC_ONLY, inputs, finalists=tuple(k for k, _v in ranked), winner=winner, tied=tied
    )
