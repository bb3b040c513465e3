"""The frozen tally of an edition's public vote, and the invalidations that change it.

When voting closes the counts are frozen once (``services.tally_freeze``): a ``Tally`` header
with version 1 and one ``TallyRow`` per nominee and voting mode, with the raw count (every
ballot) and the valid count (ballots without an approved invalidation). A unique constraint on
(edition, version) makes a second freeze a no-op, however many workers try at once.

Ballots are never changed or deleted. An organiser proposes to invalidate a ballot with a
reason; it counts only once a *second* organiser approves it (a check constraint refuses the
same person in both roles). An approval after the freeze writes the next tally version, and
that version says what changed and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _


class BallotInvalidation(models.Model):
    ballot = models.ForeignKey(
        "voting.Ballot", on_delete=models.PROTECT, related_name="invalidations"
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(db_default=Now())
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ballot invalidation")
        verbose_name_plural = _("ballot invalidations")
        constraints = [
            # Four eyes: whoever proposed an invalidation cannot also approve it.
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("proposed_by")),
                name="results_invalidation_four_eyes",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True, approved_at__isnull=True)
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="results_invalidation_approval_complete",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="results_invalidation_reason"),
            # A ballot is invalidated once; a second approved record would say nothing new.
            models.UniqueConstraint(
                fields=["ballot"],
                condition=Q(approved_by__isnull=False),
                name="results_one_approved_invalidation_per_ballot",
            ),
        ]

    def __str__(self) -> str:
        return f"invalidation of ballot {self.ballot_id}"

    @property
    def is_approved(self) -> bool:
        return self.approved_at is not None


class Tally(models.Model):
    """One version of an edition's frozen counts; the highest version is the one that holds."""

    edition = models.ForeignKey("awards.Edition", on_delete=models.PROTECT, related_name="tallies")
    version = models.PositiveSmallIntegerField()
    frozen_at = models.DateTimeField(db_default=Now())
    # Why this version exists: the close of voting, or the invalidation that changed it.
    reason = models.TextField(blank=True)
    invalidation = models.ForeignKey(
        BallotInvalidation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # What changed against the version before: [{"nominee": id, "mode": …, "valid": [old, new]}]
    changes = models.JSONField(default=list)

    class Meta:
        verbose_name = _("tally")
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["edition", "version"], name="results_tally_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="results_tally_version_gte_1"),
        ]

    def __str__(self) -> str:
        return f"tally v{self.version} of edition {self.edition_id}"


class TallyRow(models.Model):
    tally = models.ForeignKey(Tally, on_delete=models.PROTECT, related_name="rows")
    nominee = models.ForeignKey("awards.Nominee", on_delete=models.PROTECT, related_name="+")
    mode = models.CharField(max_length=10)
    raw_count = models.PositiveIntegerField()
    valid_count = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tally", "nominee", "mode"], name="results_tallyrow_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_count__lte=F("raw_count")), name="results_tallyrow_valid_le_raw"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee_id}/{self.mode}: {self.valid_count} of {self.raw_count}"


class Stage(models.Model):
    """Where an edition with a public vote stands between the vote and the verdict.

    Review of the ballots happens after voting closes; an organiser declares it finished
    (``review_finished_at``), and only then do the finalists stand and the jury score. Reopening
    the review clears that instant and keeps the reason, which the jury room shows.
    """

    edition = models.OneToOneField(
        "awards.Edition", on_delete=models.PROTECT, related_name="jury_stage"
    )
    review_finished_at = models.DateTimeField(null=True, blank=True)
    review_finished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("stage of the review")

    def __str__(self) -> str:
        return f"stage of edition {self.edition_id}"
