"""Reads of the jury: whose seat, the jury's scores per nominee, and progress."""

import dataclasses
import statistics
from fractions import Fraction

from django.db.models import QuerySet

from kaaring.accounts.models import User
from kaaring.awards.models import Edition
from kaaring.jury.models import ConflictOfInterest, Juror, JuryScale, Score


def seats_for_user(*, user: User) -> QuerySet[Juror]:
    """The jury seats of ``user``: the only editions whose jury room they may enter."""
    return Juror.objects.filter(user=user).select_related("edition__award")


def seat(*, user: User, award_slug: str, year: int) -> Juror | None:
    return (
        seats_for_user(user=user)
        .filter(edition__award__slug=award_slug, edition__year=year)
        .first()
    )


def jury_scores(*, edition: Edition) -> dict[int, Fraction | None]:
    """Per nominee the mean, over the jurors who scored it, of each juror's weighted mean
    across the criteria. With a declared normalisation each juror's means become z-scores
    first (a juror with one nominee or no spread contributes 0)."""
    scale = JuryScale.objects.filter(edition=edition).prefetch_related("weights").first()
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
    collected: dict[int, list[Fraction]] = {}
    for means in per_juror.values():
        for nominee, value in means.items():
            collected.setdefault(nominee, []).append(value)
    return {n: sum(values, Fraction(0)) / len(values) for n, values in collected.items()}


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
