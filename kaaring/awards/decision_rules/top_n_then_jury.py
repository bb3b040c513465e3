"""IMDi 2018: the public picks the finalists, the jury the winner among them."""

from collections.abc import Mapping

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.awards.decision_rules.base import (
    Inputs,
    Outcome,
    Rule,
    RuleInputError,
    Settings,
    finalists_sentence,
    finalists_top_n,
    tie_break_sentence,
)

CODE = "top_n_then_jury"


def compute(votes: Mapping[int, int], *, n: int, tie_break: str, verdict: int | None) -> Outcome:
    """With ``jury_decides`` and a tie at the cut, the jury may pick its winner among the tied
    nominees too (choosing the winner settles who goes through)."""
    selection = finalists_top_n(votes, n=n, tie_break=tie_break)
    inputs = {**selection.inputs, "verdict": verdict}
    eligible = selection.finalists + (selection.tied if selection.open_places else ())
    if verdict is not None and verdict not in eligible:
        raise RuleInputError("the verdict must name a finalist")
    return Outcome(
        CODE,
        inputs,
        finalists=selection.finalists,
        winner=verdict,
        tied=selection.tied,
        open_places=selection.open_places,
    )


class TopNThenJury(Rule):
    code = CODE
    label = gettext_lazy("the public picks the finalists, the jury the winner")
    position = 10

    def describe(self, settings: Settings) -> list[str]:
        return [
            finalists_sentence(settings),
            tie_break_sentence(settings),
            _(
                "A jury chooses the winner among the finalists. The public vote decides who "
                "the finalists are, not who wins."
            ),
        ]

    def outcome(self, inputs: Inputs, *, verdict: int | None) -> Outcome | None:
        if inputs.votes is None:
            return None
        settings = inputs.settings
        return compute(
            inputs.votes, n=settings.finalist_count, tie_break=settings.tie_break, verdict=verdict
        )


RULE = TopNThenJury()
