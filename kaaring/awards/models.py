"""Awards, their yearly editions, and the nominees of an edition.

An edition's life is told by timestamps, never by booleans: ``phase_at()`` derives the phase
from them and the clock. Its rules (voting mode, finalists, tie-break, decision rule) are
declared before voting opens and frozen from that instant; ``services.edition_update`` enforces
that with a conditional update that the database's clock decides.
"""

import datetime as dt
import enum
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kaaring.awards import decision_rules
from kaaring.awards.decision_rules import jury_only, public_only, top_n_then_jury, weighted
from kaaring.awards.localized import Localized

if TYPE_CHECKING:
    from django.db.models.fields.related_descriptors import RelatedManager


# First path segments the site uses for itself (or will: statistics, receipts, the API); an
# award's address may not take them.
RESERVED_AWARD_SLUGS = frozenset(
    {
        "api", "backoffice", "django-admin", "en", "healthz", "i18n", "konto", "kommuner",
        "kvittering", "media", "nb", "nn", "personvern", "static", "stem", "tilbakemelding",
        "tilgjengelighet",
    }
)  # fmt: skip


def validate_award_slug(value: str) -> None:
    if value in RESERVED_AWARD_SLUGS:
        raise ValidationError(
            _("“%(slug)s” is used by the site itself; choose another short name."),
            code="reserved",
            params={"slug": value},
        )


class Award(Localized, models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="awards"
    )
    slug = models.SlugField(
        _("short name in addresses"),
        unique=True,
        max_length=80,
        validators=[validate_award_slug],
    )
    name = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (bokmål)"))
    description_nn = models.TextField(_("description (nynorsk)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        editions: RelatedManager["Edition"]
        criteria: RelatedManager["Criterion"]

    class Meta:
        ordering = ["name"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")

    def __str__(self) -> str:
        return self.name


class Criterion(Localized, models.Model):
    """A published criterion the jury judges by (and nominations answer to)."""

    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title (bokmål)"), max_length=200)
    title_nn = models.CharField(_("title (nynorsk)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description (bokmål)"), blank=True)
    description_nn = models.TextField(_("description (nynorsk)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)

    class Meta:
        ordering = ["award", "position", "id"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return self.title


class VotingMode(models.TextChoices):
    NONE = "none", _("no public vote")
    OPEN = "open", _("open vote (one per browser, with bot protection)")
    EMAIL = "email", _("vote confirmed by e-mail")
    EID = "eid", _("vote with electronic ID")


class DecisionRule:
    """Codes of the rules the demo and the tests name; every rule, with its label, is in
    ``decision_rules`` (one module each)."""

    TOP_N_THEN_JURY = top_n_then_jury.CODE
    WEIGHTED = weighted.CODE
    JURY_ONLY = jury_only.CODE
    PUBLIC_ONLY = public_only.CODE


class TieBreak(models.TextChoices):
    ALL_TIED_ADVANCE = "all_tied_advance", _("all nominees tied at the cut go through")
    JURY_DECIDES = "jury_decides", _("the jury decides who goes through")


class VotingWindow(enum.StrEnum):
    """Where an instant lies against an edition's voting window (``Edition.voting_window_at``);
    never shown as such, so no labels to translate."""

    NONE = "none"
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


class Phase(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("edition phase", "in preparation")
    ANNOUNCED = "announced", pgettext_lazy("edition phase", "announced, nominations open soon")
    NOMINATIONS = "nominations", pgettext_lazy("edition phase", "open for nominations")
    NOMINEES_PUBLISHED = "nominees_published", pgettext_lazy("edition phase", "nominees announced")
    VOTING_OPEN = "voting_open", pgettext_lazy("edition phase", "voting open")
    VOTING_CLOSED = "voting_closed", pgettext_lazy("edition phase", "voting closed, jury at work")
    JURY = "jury", pgettext_lazy("edition phase", "the jury is at work")
    RESULTS_PUBLISHED = "results_published", pgettext_lazy("edition phase", "winner announced")


def new_content_version() -> int:
    """A fresh ``Edition.content_version``: random, not a counter, so that a value never comes
    back with other content (after a rolled-back test, a restored backup or a reloaded demo
    whose editions are numbered the same)."""
    return secrets.randbits(62)


# The edition's instants, in the order they happen: stored aware, entered and shown in Oslo time.
TIME_FIELDS = (
    "announced_at",
    "nominations_open_at",
    "nominations_close_at",
    "voting_opens_at",
    "voting_closes_at",
    "results_published_at",
)

# Rules that may not change once voting has opened (DOMAIN.md, "An edition's life", 4).
FROZEN_FIELDS = (
    "voting_mode",
    "finalist_count",
    "tie_break",
    "decision_rule",
    "public_weight_percent",
    "voting_opens_at",
    "voting_closes_at",
)


class Edition(Localized, models.Model):
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="editions")
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2200)]
    )
    # How the year is written when it is not just the number, e.g. "2019/2020".
    year_label = models.CharField(_("year as shown"), max_length=20, blank=True)
    intro = models.TextField(_("introduction (bokmål)"), blank=True)
    intro_nn = models.TextField(_("introduction (nynorsk)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)

    # The edition is visible on the public site from this instant (None: a draft).
    announced_at = models.DateTimeField(_("shown on the public site from"), null=True, blank=True)
    nominations_open_at = models.DateTimeField(_("nominations open"), null=True, blank=True)
    nominations_close_at = models.DateTimeField(_("nominations close"), null=True, blank=True)
    voting_opens_at = models.DateTimeField(_("voting opens"), null=True, blank=True)
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    ceremony_note = models.CharField(
        _("where and when the prize is handed out (bokmål)"), max_length=300, blank=True
    )
    ceremony_note_nn = models.CharField(_("ceremony (nynorsk)"), max_length=300, blank=True)
    ceremony_note_en = models.CharField(_("ceremony (English)"), max_length=300, blank=True)

    voting_mode = models.CharField(
        _("voting mode"), max_length=10, choices=VotingMode.choices, default=VotingMode.NONE
    )
    finalist_count = models.PositiveSmallIntegerField(
        _("number of finalists"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    tie_break = models.CharField(
        _("tie-break at the cut"),
        max_length=20,
        choices=TieBreak.choices,
        default=TieBreak.ALL_TIED_ADVANCE,
    )
    decision_rule = models.CharField(
        _("decision rule"),
        max_length=20,
        choices=decision_rules.choices(),
        default=DecisionRule.JURY_ONLY,
    )
    public_weight_percent = models.PositiveSmallIntegerField(
        _("weight of the public vote (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    show_vote_counts = models.BooleanField(_("publish vote counts with the result"), default=False)

    # Set when the result is published (and for archived editions imported from history).
    winner = models.ForeignKey(
        "Nominee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rationale = models.TextField(_("the jury's rationale (bokmål)"), blank=True)
    rationale_nn = models.TextField(_("the jury's rationale (nynorsk)"), blank=True)
    rationale_en = models.TextField(_("the jury's rationale (English)"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    # A new value, in the same transaction, with every write to anything the edition's public
    # pages show (the edition, its award and criteria, its nominees, its call for nominations,
    # the statistics): ``services.edition_pages_changed``. Whoever keeps a rendered copy of
    # those pages compares this one number to know that the copy is still right.
    content_version = models.BigIntegerField(default=new_content_version, editable=False)

    if TYPE_CHECKING:
        nominees: RelatedManager["Nominee"]

    class Meta:
        ordering = ["award", "-year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["award", "year"], name="awards_one_edition_per_year"),
            models.CheckConstraint(
                condition=Q(finalist_count__gte=1) & Q(finalist_count__lte=50),
                name="awards_edition_finalists_range",
            ),
            models.CheckConstraint(
                condition=Q(voting_mode__in=[m.value for m in VotingMode]),
                name="awards_edition_voting_mode_valid",
            ),
            models.CheckConstraint(
                condition=Q(decision_rule__in=decision_rules.codes()),
                name="awards_edition_decision_rule_valid",
            ),
            models.CheckConstraint(
                condition=Q(tie_break__in=[t.value for t in TieBreak]),
                name="awards_edition_tie_break_valid",
            ),
            # A public vote is declared together with both its instants, and they are ordered.
            models.CheckConstraint(
                condition=Q(voting_mode="none")
                | (
                    Q(voting_opens_at__isnull=False)
                    & Q(voting_closes_at__isnull=False)
                    & Q(voting_opens_at__lt=F("voting_closes_at"))
                ),
                name="awards_edition_voting_window",
            ),
            # A rule that uses the public vote needs one; a jury-only edition has none.
            models.CheckConstraint(
                condition=(
                    Q(decision_rule__in=decision_rules.codes(uses_public_vote=False))
                    & Q(voting_mode="none")
                )
                | (
                    Q(decision_rule__in=decision_rules.codes(uses_public_vote=True))
                    & ~Q(voting_mode="none")
                ),
                name="awards_edition_rule_matches_mode",
            ),
            models.CheckConstraint(
                condition=(
                    Q(decision_rule__in=decision_rules.codes(uses_public_weight=True))
                    & Q(public_weight_percent__isnull=False)
                    & Q(public_weight_percent__lte=100)
                )
                | (
                    Q(decision_rule__in=decision_rules.codes(uses_public_weight=False))
                    & Q(public_weight_percent__isnull=True)
                ),
                name="awards_edition_weight_only_when_weighted",
            ),
            # Nothing happens in public before the edition is announced.
            models.CheckConstraint(
                condition=(
                    Q(nominations_open_at__isnull=True)
                    | (
                        Q(announced_at__isnull=False)
                        & Q(announced_at__lte=F("nominations_open_at"))
                    )
                )
                & (
                    Q(voting_opens_at__isnull=True)
                    | (Q(announced_at__isnull=False) & Q(announced_at__lte=F("voting_opens_at")))
                ),
                name="awards_edition_announced_first",
            ),
            models.CheckConstraint(
                condition=Q(nominations_open_at__isnull=True)
                | Q(nominations_close_at__isnull=True)
                | Q(nominations_open_at__lt=F("nominations_close_at")),
                name="awards_edition_nomination_window",
            ),
            models.CheckConstraint(
                condition=Q(voting_closes_at__isnull=True)
                | Q(results_published_at__isnull=True)
                | Q(voting_closes_at__lte=F("results_published_at")),
                name="awards_edition_results_after_voting",
            ),
            # Results are published on the public site, so the edition is announced first.
            models.CheckConstraint(
                condition=Q(results_published_at__isnull=True)
                | (Q(announced_at__isnull=False) & Q(announced_at__lte=F("results_published_at"))),
                name="awards_edition_results_after_announced",
            ),
            models.CheckConstraint(
                condition=Q(nominations_close_at__isnull=True)
                | Q(voting_opens_at__isnull=True)
                | Q(nominations_close_at__lte=F("voting_opens_at")),
                name="awards_edition_voting_after_nominations",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.award.name} {self.display_year}"

    @property
    def display_year(self) -> str:
        return self.year_label or str(self.year)

    @property
    def has_public_vote(self) -> bool:
        return self.voting_mode != VotingMode.NONE

    def rules_frozen_at(self, at: dt.datetime) -> bool:
        return self.voting_opens_at is not None and at >= self.voting_opens_at

    def voting_window_at(self, at: dt.datetime) -> VotingWindow:
        """Where ``at`` lies against the voting window: the one answer to "is voting open?".

        Open from ``voting_opens_at`` (inclusive) until ``voting_closes_at`` (exclusive), the
        same comparisons the ballot's INSERT makes with the database's clock. A window without
        either end is no window at all (``NONE``): the database refuses to save a vote
        declared that way, and the ballot's statement would refuse every ballot, so no page
        may call it open.
        """
        opens, closes = self.voting_opens_at, self.voting_closes_at
        if not self.has_public_vote or opens is None or closes is None:
            return VotingWindow.NONE
        if at < opens:
            return VotingWindow.NOT_YET
        if at >= closes:
            return VotingWindow.CLOSED
        return VotingWindow.OPEN

    def voting_open_at(self, at: dt.datetime) -> bool:
        """Is voting open at ``at``? A friendly early answer for pages and forms: the instant a
        ballot counts is decided by the database's clock in the transaction that records it."""
        return self.voting_window_at(at) == VotingWindow.OPEN

    def phase_at(self, at: dt.datetime | None = None) -> Phase:
        """The phase of the edition at ``at`` (default: now), derived from its timestamps.

        Each timestamp starts its phase at that very instant (``at >= timestamp``). An edition
        without a public vote goes from its nominees to the jury; one with a vote goes through
        voting open and closed. The database's check constraints keep the timestamps ordered.
        """
        at = at or timezone.now()
        if self.results_published_at is not None and at >= self.results_published_at:
            return Phase.RESULTS_PUBLISHED
        window = self.voting_window_at(at)
        if window == VotingWindow.CLOSED:
            return Phase.VOTING_CLOSED
        if window == VotingWindow.OPEN:
            return Phase.VOTING_OPEN
        if (
            self.nominations_open_at is not None
            and at >= self.nominations_open_at
            and (self.nominations_close_at is None or at < self.nominations_close_at)
        ):
            return Phase.NOMINATIONS
        if self.announced_at is None or at < self.announced_at:
            return Phase.DRAFT
        if self.nominations_open_at is not None and at < self.nominations_open_at:
            return Phase.ANNOUNCED
        return Phase.NOMINEES_PUBLISHED if self.has_public_vote else Phase.JURY

    def changes_after(self, at: dt.datetime) -> dt.datetime | None:
        """The first instant after ``at`` from which anything the clock decides about the
        edition may be different (its phase, the voting state, the embargo, the nomination
        window), or ``None`` if nothing is left to happen. Each of them flips exactly at one of
        these timestamps (``at >= timestamp``), so until then a page about the edition stays
        right without any write."""
        moments = (
            self.announced_at,
            self.nominations_open_at,
            self.nominations_close_at,
            self.voting_opens_at,
            self.voting_closes_at,
            self.results_published_at,
        )
        return min((m for m in moments if m is not None and m > at), default=None)

    def is_public_at(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.announced_at is not None and at >= self.announced_at

    def results_public_at(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.results_published_at is not None and at >= self.results_published_at


municipality_number_validator = RegexValidator(
    r"^\d{4}$", _("A municipality number has exactly four digits, for example 0301.")
)


class Nominee(Localized, models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", pgettext_lazy("nominee kind", "municipality")
        PERSON = "person", _("person")
        ORGANISATION = "organisation", _("organisation")
        COMPANY = "company", _("company")

    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="nominees")
    slug = models.SlugField(_("short name in addresses"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    municipality_number = models.CharField(
        _("municipality number"),
        max_length=4,
        blank=True,
        validators=[municipality_number_validator],
        help_text=_("Four digits, for municipalities only."),
    )
    summary = models.CharField(_("summary (bokmål)"), max_length=300, blank=True)
    summary_nn = models.CharField(_("summary (nynorsk)"), max_length=300, blank=True)
    summary_en = models.CharField(_("summary (English)"), max_length=300, blank=True)
    profile = models.TextField(_("profile text (bokmål)"), blank=True)
    profile_nn = models.TextField(_("profile text (nynorsk)"), blank=True)
    profile_en = models.TextField(_("profile text (English)"), blank=True)
    image = models.ImageField(_("image"), upload_to="nominees/%Y/", blank=True)
    image_alt = models.CharField(_("image description (bokmål)"), max_length=300, blank=True)
    image_alt_nn = models.CharField(_("image description (nynorsk)"), max_length=300, blank=True)
    image_alt_en = models.CharField(_("image description (English)"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position in lists"), default=0)
    content_updated_at = models.DateTimeField(_("last updated"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["edition", "position", "name"]
        verbose_name = _("nominee")
        verbose_name_plural = _("nominees")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="awards_nominee_slug_unique"),
            models.CheckConstraint(
                condition=(Q(kind="municipality") & Q(municipality_number__regex=r"^[0-9]{4}$"))
                | (~Q(kind="municipality") & Q(municipality_number="")),
                name="awards_nominee_municipality_number",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["municipality", "person", "organisation", "company"]),
                name="awards_nominee_kind_valid",
            ),
            # An image without a text alternative fails WCAG 1.1.1.
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="awards_nominee_image_has_alt",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
