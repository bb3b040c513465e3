"""Stange's local prize: the jury (the integration council) decides alone, with no public vote."""

from collections.abc import Mapping, Sequence
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.awards.decision_rules.base import (
    Inputs,
    Outcome,
    Rule,
    RuleInputError,
    Settings,
    scores_data,
)

CODE = "jury_only"


def compute(
    nominees: Sequence[int], jury_scores: Mapping[int, Fraction | None], *, verdict: int | None
) -> Outcome:
    """The scores are recorded as the jury's inputs; the chair's verdict is the decision."""
    if verdict is not None and verdict not in nominees:
        raise RuleInputError("the verdict must name a nominee")
    inputs = {
        "nominees": list(nominees),
        "jury_scores": scores_data(jury_scores),
        "verdict": verdict,
    }
    return Outcome(CODE, inputs, finalists=tuple(nominees), winner=verdict)


class JuryOnly(Rule):
    code = CODE
    label = gettext_lazy("the jury decides alone")
    position = 30
    uses_public_vote = False

    def describe(self, settings: Settings) -> list[str]:
        return [_("A jury decides the winner alone.")]

    def finalists(self, inputs: Inputs) -> Outcome:
        return compute(inputs.nominees, {}, verdict=None)

    def outcome(self, inputs: Inputs, *, verdict: int | None) -> Outcome:
        return compute(inputs.nominees, inputs.jury_scores, verdict=verdict)


RULE = JuryOnly()
