"""The public vote decides alone: most valid votes wins."""

from collections.abc import Mapping
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.awards.decision_rules.base import (
    Inputs,
    Outcome,
    Rule,
    Settings,
    ranked,
    settle_top_tie,
    top,
)

CODE = "public_only"


def compute(votes: Mapping[int, int], *, verdict: int | None = None) -> Outcome:
    """A tie at the top (or an edition without votes) is left to the jury, whose ``verdict``
    must name one of the tied."""
    order = ranked(votes)
    winner, tied = top([(k, Fraction(v)) for k, v in order])
    winner = settle_top_tie(winner, tied, verdict)
    inputs = {"votes": {str(k): v for k, v in votes.items()}, "verdict": verdict}
    return Outcome(CODE, inputs, finalists=tuple(k for k, _v in order), winner=winner, tied=tied)


class PublicOnly(Rule):
    code = CODE
    label = gettext_lazy("the public vote decides alone")
    position = 40

    def describe(self, settings: Settings) -> list[str]:
        return [_("The nominee with the most valid votes wins. There is no jury.")]

    def finalists(self, inputs: Inputs) -> Outcome | None:
        if inputs.votes is None:
            return None
        return compute(inputs.votes)

    def outcome(self, inputs: Inputs, *, verdict: int | None) -> Outcome | None:
        if inputs.votes is None:
            return None
        return compute(inputs.votes, verdict=verdict)


RULE = PublicOnly()
