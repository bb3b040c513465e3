"""Municipalities with their number history, and the published figures about them.

The idea: a figure keeps the region number *as its source printed it* (0417 for Stange in 2014,
3413 in 2020). ``MunicipalityCode`` maps every number, past or present, to the municipality that
carries that territory today, following SSB's change table. Figures are joined to a municipality
through that map when they are read, so a new classification (the next reform) re-files every
old figure without touching it.

Each import is a ``Snapshot``: one source (file name or URL) as published on one date. A later
snapshot of the same figure is a new row beside the earlier one; readers take the latest.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Municipality(models.Model):
    """A municipality under its current number (SSB classification 131).

    Rows are never deleted: when a reform retires a number, ``valid_to`` is set and its figures
    move to the successor through ``MunicipalityCode``.
    """

    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=200)
    county_number = models.CharField(_("county number"), max_length=2)
    county_name = models.CharField(_("county"), max_length=200)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{4}$"), name="municipality_number_4_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class CodeRelation(models.TextChoices):
    """How a number's territory relates to the municipality it leads to today."""

    CURRENT = "current", _("current number")
    # The same territory under another number or name (Stange 0417 → 3413).
    RENUMBERED = "renumbered", _("former number")
    # The territory is now part of a larger municipality (Røyken 0627 → Asker 3203).
    MERGED = "merged", _("merged into")
    # The territory is now divided between several municipalities (Ålesund 1507 → 1508, 1580).
    SPLIT = "split", _("divided between")


class MunicipalityCode(models.Model):
    """One number, past or present, and a municipality that holds (part of) its territory now.

    A number leads to one municipality, except after a split, where it has one row per
    successor and ``relation`` is ``split``. ``is_continuation`` marks the municipality's own
    earlier numbers (same name at every step: Steinkjer 1702 → 5004 → 5006), which pages draw as
    one series; other predecessors (Verran 5039 → Steinkjer) are shown apart.
    """

    code = models.CharField(max_length=4, db_index=True)
    name = models.CharField(max_length=200)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="codes")
    relation = models.CharField(max_length=12, choices=CodeRelation.choices)
    is_continuation = models.BooleanField(default=False)
    # When the number was in use; null where the classification does not say (before 1977).
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["code", "municipality__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "municipality"], name="code_once_per_municipality"
            ),
            models.CheckConstraint(
                condition=Q(relation__in=CodeRelation.values), name="code_relation_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name} → {self.municipality_id}"


class Indicator(models.Model):
    """What is measured, e.g. ``imdi.bosatt`` (refugees settled). Names are data, in nb/nn/en."""

    code = models.CharField(max_length=120, unique=True)
    name_nb = models.CharField(max_length=300)
    name_nn = models.CharField(max_length=300)
    name_en = models.CharField(max_length=300)
    unit = models.CharField(max_length=40, help_text="personer, prosent, promille, …")
    decimals = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    def name_in(self, language: str) -> str:
        """The name in ``language`` (nb, nn or en; Norwegian ``no`` reads as bokmål)."""
        return {"nn": self.name_nn, "en": self.name_en}.get(language[:2], self.name_nb)


class Publisher(models.TextChoices):
    SSB = "SSB", "Statistisk sentralbyrå"
    IMDI = "IMDi", "Integrerings- og mangfoldsdirektoratet"


class Snapshot(models.Model):
    """One source as published on one date; every figure belongs to exactly one snapshot."""

    publisher = models.CharField(max_length=8, choices=Publisher.choices)
    # The file's name (without its directory) or the full URL it was fetched from.
    source = models.CharField(max_length=1000)
    table = models.CharField(max_length=200, help_text="SSB table number or IMDi table name")
    title = models.CharField(max_length=500, blank=True)
    snapshot_date = models.DateField()
    # True where the publisher's date was not recorded and the date is our best estimate.
    date_is_approximate = models.BooleanField(default=False)
    sha256 = models.CharField(max_length=64)
    # The source's notes and footnotes, verbatim; plain text, never rendered as HTML.
    notes = models.TextField(blank=True)
    imported_at = models.DateTimeField()
    figure_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-snapshot_date", "-imported_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["publisher", "source", "snapshot_date"], name="one_snapshot_per_source_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.publisher} {self.source} ({self.snapshot_date})"

    @property
    def source_name(self) -> str:
        return self.source.rsplit("/", 1)[-1] if "://" not in self.source else self.source


class RegionLevel(models.TextChoices):
    MUNICIPALITY = "municipality", _("municipality")
    COUNTY = "county", _("county")
    COUNTRY = "country", _("country")


class FigureStatus(models.TextChoices):
    """SSB's symbols for a cell without a number; a figure without a value is never zero."""

    OK = "ok", _("value")
    NOT_APPLICABLE = ".", _("not applicable")
    MISSING = "..", _("missing")
    CONFIDENTIAL = ":", _("confidential")


COUNTRY_CODE = "0"


class Figure(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="figures")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="figures")
    region_level = models.CharField(max_length=12, choices=RegionLevel.choices)
    # As the source printed it, normalised: "0417" (municipality), "04" (county), "0" (country).
    region_code = models.CharField(max_length=4)
    period = models.CharField(max_length=16)
    # Further dimensions of the source table, e.g. {"kjonn": "alle"}; ``dimensions_key`` is the
    # same as sorted text, so that the unique constraint works on every database.
    dimensions = models.JSONField(default=dict, blank=True)
    dimensions_key = models.CharField(max_length=500, blank=True)
    value = models.DecimalField(max_digits=22, decimal_places=10, null=True, blank=True)
    status = models.CharField(max_length=2, choices=FigureStatus.choices, default=FigureStatus.OK)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "snapshot",
                    "indicator",
                    "region_level",
                    "region_code",
                    "period",
                    "dimensions_key",
                ],
                name="one_figure_per_snapshot_cell",
            ),
            # A value exactly when the status says so: a symbol is never stored as 0.
            models.CheckConstraint(
                condition=(Q(status=FigureStatus.OK) & Q(value__isnull=False))
                | (~Q(status=FigureStatus.OK) & Q(value__isnull=True)),
                name="figure_value_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(status__in=FigureStatus.values), name="figure_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(region_level__in=RegionLevel.values), name="figure_region_level_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["region_level", "region_code"], name="figure_region"),
            models.Index(fields=["indicator", "period"], name="figure_indicator_period"),
        ]

    def __str__(self) -> str:
        shown = self.value if self.status == FigureStatus.OK else self.status
        return f"{self.indicator_id} {self.region_code} {self.period}: {shown}"
