"""Reads of the jury: whose seat, the jury's scores per nominee, the outcome of the edition's
rule, and progress."""

import dataclasses
import statistics
from fractions import Fraction

from django.db.models import QuerySet

from kaaring.accounts.models import User
from kaaring.awards import decision_rules
from kaaring.awards.decision_rules.base import Outcome
from kaaring.awards.models import Edition
from kaaring.jury import errors
from kaaring.jury.models import ConflictOfInterest, Juror, JuryScale, Score
from kaaring.results.selectors import rule_inputs


def seats_for_user(*, user: User) -> QuerySet[Juror]:
    """The jury seats of ``user``: the only editions whose jury room they may enter."""
    return Juror.objects.filter(user=user).select_related("edition__award")


def seat(*, user: User, award_slug: str, year: int) -> Juror | None:
    return (
        seats_for_user(user=user)
        .filter(edition__award__slug=award_slug, edition__year=year)
        .first()
    )


def juror_means(*, edition: Edition) -> dict[int, dict[int, Fraction]]:
    """Per juror, per nominee the juror's weighted mean across the criteria; with a declared
    normalisation each juror's means become z-scores (a juror with one nominee or no spread
    gives 0)."""
    scale = JuryScale.objects.filter(edition=edition).prefetch_related("weights").first()
    return _juror_means(edition, scale)


def _juror_means(edition: Edition, scale: JuryScale | None) -> dict[int, dict[int, Fraction]]:
    weights = {w.criterion_id: w.weight for w in scale.weights.all()} if scale else {}
    sums: dict[tuple[int, int], list[int]] = {}
    for score in Score.objects.filter(juror__edition=edition):
        weight = weights.get(score.criterion_id, 1)
        total = sums.setdefault((score.juror_id, score.nominee_id), [0, 0])
        total[0] += score.value * weight
        total[1] += weight
    per_juror: dict[int, dict[int, Fraction]] = {}
    for (juror, nominee), (weighted, weight) in sums.items():
        per_juror.setdefault(juror, {})[nominee] = Fraction(weighted, weight)
    if scale is not None and scale.normalise:
        for juror, means in per_juror.items():
            values = list(means.values())
            spread = statistics.pstdev(values) if len(values) > 1 else 0
            centre = statistics.fmean(values)
            per_juror[juror] = {
                n: Fraction((float(v) - centre) / spread) if spread else Fraction(0)
                for n, v in means.items()
            }
    return per_juror


def _mean_per_nominee(per_juror: dict[int, dict[int, Fraction]]) -> dict[int, Fraction | None]:
    collected: dict[int, list[Fraction]] = {}
    for means in per_juror.values():
        for nominee, value in means.items():
            collected.setdefault(nominee, []).append(value)
    return {n: sum(values, Fraction(0)) / len(values) for n, values in collected.items()}


def jury_scores(*, edition: Edition) -> dict[int, Fraction | None]:
    """Per nominee the mean, over the jurors who scored it, of each juror's weighted mean
    across the criteria (``juror_means``)."""
    return _mean_per_nominee(juror_means(edition=edition))


def edition_outcome(*, edition: Edition, verdict: int | None) -> Outcome | None:
    """The edition's declared rule applied to the frozen tally, the jury's scores and
    ``verdict``; ``None`` while the votes that decide it are not frozen."""
    rule = decision_rules.get(edition.decision_rule)
    inputs = rule_inputs(edition=edition)
    if rule.uses_public_vote and inputs.votes is None:
        return None
    scale = JuryScale.objects.filter(edition=edition).prefetch_related("weights").first()
    if rule.needs_jury_scale and scale is None:
        raise errors.NoScale()
    per_juror = _juror_means(edition, scale)
    inputs = dataclasses.replace(
        inputs,
        jury_scores=_mean_per_nominee(per_juror),
        juror_means=per_juror,
        scale=(Fraction(scale.min_score), Fraction(scale.max_score)) if scale else None,
    )
    return rule.outcome(inputs, verdict=verdict)


@dataclasses.dataclass(frozen=True)
class JurorProgress:
    juror: Juror
    scored: int
    expected: int
    recused: int

    @property
    def done(self) -> bool:
        return self.scored >= self.expected


def progress(*, edition: Edition, finalists: tuple[int, ...], criteria: int) -> list[JurorProgress]:
    """For the chair: how far each juror has come (three queries)."""
    jurors = list(Juror.objects.filter(edition=edition).select_related("user").order_by("pk"))
    conflicts: dict[int, int] = {}
    for c in ConflictOfInterest.objects.filter(juror__edition=edition, nominee_id__in=finalists):
        conflicts[c.juror_id] = conflicts.get(c.juror_id, 0) + 1
    scored: dict[int, int] = {}
    for s in Score.objects.filter(juror__edition=edition, nominee_id__in=finalists):
        scored[s.juror_id] = scored.get(s.juror_id, 0) + 1
    return [
        JurorProgress(
            juror=j,
            scored=scored.get(j.pk, 0),
            expected=(len(finalists) - conflicts.get(j.pk, 0)) * criteria,
            recused=conflicts.get(j.pk, 0),
        )
        for j in jurors
    ]
