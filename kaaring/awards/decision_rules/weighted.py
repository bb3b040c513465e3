"""Public share and jury score weighted together, with published weights (docs/decisions/0007)."""

from collections.abc import Mapping
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.awards.decision_rules.base import (
    Inputs,
    Outcome,
    Rule,
    RuleInputError,
    Settings,
    Share,
    finalists_sentence,
    outcome_of_shares,
    scores_data,
    tie_break_sentence,
)

CODE = "weighted"


def compute(
    votes: Mapping[int, int],
    jury_scores: Mapping[int, Fraction | None],
    *,
    public_weight_percent: int,
    scale_min: Fraction,
    scale_max: Fraction,
    verdict: int | None = None,
) -> Outcome:
    """The public share is a nominee's part of all valid votes (0..1); the jury score is the
    mean of its jurors' weighted scores placed on 0..1 within the declared scale; a nominee no
    juror scored counts 0 from the jury, and the breakdown says so. The nominees are those in
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
    inputs = {
        "public_weight_percent": public_weight_percent,
        "scale": [str(scale_min), str(scale_max)],
        "votes": {str(k): v for k, v in votes.items()},
        "jury_scores": scores_data(jury_scores),
        "verdict": verdict,
    }
    return outcome_of_shares(CODE, inputs, shares, verdict)


class Weighted(Rule):
    code = CODE
    label = gettext_lazy("public vote and jury score weighted together")
    position = 20
    uses_public_weight = True
    needs_jury_scale = True

    def describe(self, settings: Settings) -> list[str]:
        public = settings.public_weight_percent or 0
        return [
            finalists_sentence(settings),
            tie_break_sentence(settings),
            _(
                "The winner is decided by the public vote and the jury's assessment together: "
                "the public vote counts %(public)d %% and the jury's score %(jury)d %%."
            )
            % {"public": public, "jury": 100 - public},
        ]

    def outcome(self, inputs: Inputs, *, verdict: int | None) -> Outcome | None:
        selection = self.finalists(inputs)
        if selection is None or inputs.votes is None:
            return None
        if inputs.scale is None:
            raise RuleInputError("the weighted rule needs the jury's scale")
        scale_min, scale_max = inputs.scale
        return compute(
            inputs.votes,
            {n: inputs.jury_scores.get(n) for n in selection.eligible},
            public_weight_percent=inputs.settings.public_weight_percent or 0,
            scale_min=scale_min,
            scale_max=scale_max,
            verdict=verdict,
        )


RULE = Weighted()
