"""The public picks the finalists; each juror's scores rank them, and a Borda count decides.

A juror who scored m finalists ranks them by their weighted mean across the criteria. Each
finalist gets one point for every finalist the juror put below it and half a point for every
one the juror put level with it, divided by m - 1 so that a juror's points run from 0 to 1
whatever the number they ranked. A finalist's count is the mean of its points over the jurors
who ranked it: a juror who recused from a finalist (or did not score it) neither helps nor
harms it. A juror who scored fewer than two finalists expresses no order and is left out.
The highest count wins; a tie at the top is the chair's to settle. See docs/decisions/0011.
"""

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
    Share,
    finalists_sentence,
    outcome_of_shares,
    tie_break_sentence,
)

CODE = "borda"


def points(means: Mapping[int, Fraction]) -> dict[int, Fraction]:
    """One juror's Borda points (0..1) for the nominees they scored."""
    m = len(means)
    if m < 2:
        return {}
    return {
        nominee: Fraction(
            2 * sum(1 for v in means.values() if v < mine)
            + sum(1 for v in means.values() if v == mine)
            - 1,  # the nominee itself is level with itself
            2 * (m - 1),
        )
        for nominee, mine in means.items()
    }


def compute(
    votes: Mapping[int, int],
    juror_means: Mapping[int, Mapping[int, Fraction]],
    eligible: Sequence[int],
    *,
    verdict: int | None = None,
) -> Outcome:
    if verdict is not None and verdict not in eligible:
        raise RuleInputError("the verdict must name a finalist")
    wanted = set(eligible)
    collected: dict[int, list[Fraction]] = {}
    for means in juror_means.values():
        for nominee, value in points({n: v for n, v in means.items() if n in wanted}).items():
            collected.setdefault(nominee, []).append(value)
    total = sum(votes.values())
    shares = []
    for nominee in eligible:
        count = votes.get(nominee, 0)
        mine = collected.get(nominee)
        borda = sum(mine, Fraction(0)) / len(mine) if mine else None
        share = borda if borda is not None else Fraction(0)
        public = Fraction(count, total) if total else Fraction(0)
        shares.append(Share(nominee, count, public, borda, share, share))
    inputs = {
        "eligible": list(eligible),
        "votes": {str(k): v for k, v in votes.items()},
        "juror_means": {
            str(juror): {str(n): str(v) for n, v in means.items() if n in wanted}
            for juror, means in juror_means.items()
        },
        "verdict": verdict,
    }
    return outcome_of_shares(CODE, inputs, shares, verdict)


class Borda(Rule):
    code = CODE
    label = gettext_lazy("the public picks the finalists, the jury's rankings pick the winner")
    position = 50

    def describe(self, settings: Settings) -> list[str]:
        return [
            finalists_sentence(settings),
            tie_break_sentence(settings),
            _(
                "Each juror's scores on the published criteria rank the finalists. A finalist "
                "gets a point for every finalist a juror ranks below it (a Borda count, "
                "averaged over the jurors who ranked it), and the most points wins. The "
                "public vote decides who the finalists are, not who wins."
            ),
        ]

    def validate(self, settings: Settings) -> list[tuple[str, str]]:
        problems = super().validate(settings)
        if settings.finalist_count < 2:
            problems.append(("finalist_count", _("A ranking needs at least two finalists.")))
        return problems

    def outcome(self, inputs: Inputs, *, verdict: int | None) -> Outcome | None:
        selection = self.finalists(inputs)
        if selection is None or inputs.votes is None:
            return None
        return compute(inputs.votes, inputs.juror_means, selection.eligible, verdict=verdict)


RULE = Borda()
