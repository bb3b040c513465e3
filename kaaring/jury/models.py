"""The jury of an edition: jurors, their conflicts of interest, scores and the verdict.

A juror is an account (with two-factor, like every back-office user) appointed to one edition;
one of them may chair it. A juror who declares a conflict with a nominee can no longer score
that nominee: the service refuses, and a database trigger (migration 0002) refuses a score row
for a (juror, nominee) pair that has a conflict, whatever writes it. Scores use the scale the
edition declared (``JuryScale``): a range, a weight per criterion, and whether each juror's
scores are normalised to z-scores — declared with the edition and fixed once the first score
is in.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class JuryScale(models.Model):
    edition = models.OneToOneField(
        "awards.Edition", on_delete=models.PROTECT, related_name="jury_scale"
    )
    min_score = models.SmallIntegerField(_("lowest score"), default=1)
    max_score = models.SmallIntegerField(_("highest score"), default=5)
    normalise = models.BooleanField(
        _("normalise each juror's scores (z-scores)"),
        default=False,
        help_text=_("Evens out jurors who score strictly and jurors who score generously."),
    )

    class Meta:
        verbose_name = _("jury scale")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_score__lt=F("max_score")), name="jury_scale_min_below_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_score} to {self.max_score}"


class CriterionWeight(models.Model):
    scale = models.ForeignKey(JuryScale, on_delete=models.CASCADE, related_name="weights")
    criterion = models.ForeignKey("awards.Criterion", on_delete=models.PROTECT, related_name="+")
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scale", "criterion"], name="jury_weight_unique"),
            models.CheckConstraint(condition=Q(weight__gte=1), name="jury_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"criterion {self.criterion_id} weight {self.weight}"


class Juror(models.Model):
    edition = models.ForeignKey("awards.Edition", on_delete=models.PROTECT, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jury_seats"
    )
    is_chair = models.BooleanField(_("chair"), default=False)
    appointed_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="jury_one_seat_per_user"),
            models.UniqueConstraint(
                fields=["edition"], condition=Q(is_chair=True), name="jury_one_chair"
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictOfInterest(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="conflicts")
    nominee = models.ForeignKey("awards.Nominee", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("why"))
    declared_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["juror", "nominee"], name="jury_conflict_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.juror_id} ≠ {self.nominee_id}"


class Score(models.Model):
    juror = models.ForeignKey(Juror, on_delete=models.PROTECT, related_name="scores")
    nominee = models.ForeignKey("awards.Nominee", on_delete=models.PROTECT, related_name="+")
    criterion = models.ForeignKey("awards.Criterion", on_delete=models.PROTECT, related_name="+")
    value = models.SmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(db_default=Now())

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "nominee", "criterion"], name="jury_one_score_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value}"


class Verdict(models.Model):
    """The chair's decision, with the rule's outcome that it completes."""

    edition = models.OneToOneField(
        "awards.Edition", on_delete=models.PROTECT, related_name="verdict"
    )
    winner = models.ForeignKey("awards.Nominee", on_delete=models.PROTECT, related_name="+")
    rationale = models.TextField(_("rationale"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(db_default=Now())
    # rules.Outcome.as_data(): which rule, which inputs, the breakdown.
    outcome = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("verdict")
        constraints = [
            models.CheckConstraint(condition=~Q(rationale=""), name="jury_verdict_rationale"),
        ]

    def __str__(self) -> str:
        return f"verdict of edition {self.edition_id}"
