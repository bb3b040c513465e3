"""How figures are named and written for people, in the page's language: units, numbers,
dates, sources, the themes a page is grouped by, and rates per 1,000 residents.

Any interface that shows figures (the public statistics pages, a nominee's key figures, the
back office's dossiers) uses these, so that a figure reads the same everywhere. Nothing here
knows of HTTP or templates.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from kaaring.awards.localized import current_language
from kaaring.municipal_stats.models import FigureStatus, Publisher, Snapshot
from kaaring.municipal_stats.selectors import Point

POPULATION = "ssb.07459.Personer1"
COUNT_UNITS = {"personer"}


def unit_label(unit: str) -> str:
    return {
        "personer": _("persons"),
        "prosent": _("per cent"),
        "promille": _("per thousand inhabitants"),
    }.get(unit, unit)


def number_text(value: Decimal, decimals: int) -> str:
    """A number as the page's language writes it: 1 234,5 in Norwegian, 1,234.5 in English."""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def status_text(status: str) -> str:
    return str(FigureStatus(status).label)


def value_text(point: Point | None, decimals: int) -> str:
    """The value in the page's language, or the meaning of its status symbol."""
    if point is None:
        return ""
    if point.status != FigureStatus.OK or point.value is None:
        return status_text(point.status)
    return number_text(point.value, decimals)


def date_text(day: dt.date) -> str:
    return date_format(day, pgettext("date without weekday, Django date format", "j F Y"))


def dimensions_text(dimensions: dict[str, str]) -> str:
    # The source's own dimension codes; naming them in words is left to the indicator catalogue.
    return ", ".join(f"{key}: {value}" for key, value in sorted(dimensions.items()))


def per_thousand(count: Decimal, population: Decimal) -> Decimal | None:
    """``count`` per 1,000 residents, or None without a population to divide by."""
    if population <= 0:
        return None
    return count * 1000 / population


# --- Themes: how a municipality's page is grouped --------------------------------------------


@dataclass(frozen=True)
class Theme:
    anchor: str
    name: Any  # a lazy translation, read in the page's language
    prefixes: tuple[str, ...]


THEMES = [
    Theme(
        "bosetting",
        gettext_lazy("Settling refugees"),
        ("imdi.anmodning", "imdi.vedtak", "imdi.bosatt"),
    ),
    Theme("introduksjonsprogrammet", gettext_lazy("The introduction programme"), ("imdi.intro_",)),
    Theme("befolkning", gettext_lazy("Population"), ("ssb.",)),
]
OTHER_THEME = Theme("andre-tall", gettext_lazy("Other figures"), ())


def theme_of(indicator_code: str) -> Theme:
    for theme in THEMES:
        if indicator_code.startswith(theme.prefixes):
            return theme
    return OTHER_THEME


# --- Sources, named as a person would ---------------------------------------------------------

# IMDi's tables by the name ``Snapshot.table`` keeps, in bokmål, nynorsk and English.
IMDI_TABLES = {
    "bosatt_anmodede": (
        "Anmodning, vedtak og bosetting av flyktninger",
        "Oppmoding, vedtak og busetjing av flyktningar",
        "Refugees requested, decided and settled",
    ),
    "bosatt_vedtak": (
        "Bosatte flyktninger i prosent av vedtak",
        "Busette flyktningar i prosent av vedtaket",
        "Refugees settled as a percentage of the decision",
    ),
    "bosatt_befolkning": (
        "Bosatte flyktninger per 1000 innbyggere",
        "Busette flyktningar per 1000 innbyggjarar",
        "Refugees settled per 1,000 inhabitants",
    ),
    "intro_deltakere": (
        "Deltakere i introduksjonsprogrammet",
        "Deltakarar i introduksjonsprogrammet",
        "Participants in the introduction programme",
    ),
    "intro_avslutning_direkte": (
        "Avslutning av introduksjonsprogrammet, etter årsak",
        "Avslutning av introduksjonsprogrammet, etter årsak",
        "Leaving the introduction programme, by reason",
    ),
    "intro_status_arbutd": (
        "I arbeid eller utdanning etter introduksjonsprogrammet",
        "I arbeid eller utdanning etter introduksjonsprogrammet",
        "In work or education after the introduction programme",
    ),
}
_LANGUAGES = ("nb", "nn", "en")


@dataclass(frozen=True)
class SourceName:
    """A source as a reader cites it: who published which table, and when."""

    publisher: str
    # SSB's table number ("07459"), empty for IMDi's tables, which have none.
    number: str
    table: str
    # The language ``table`` is written in, where it is not the page's (SSB's titles are
    # Norwegian): the template marks it with ``lang``.
    table_language: str
    date: str
    iso_date: str
    date_is_approximate: bool
    # The publisher's own notes, verbatim in Norwegian (SSB's tables); empty for none.
    notes: str


def publisher_name(publisher: str) -> str:
    names = {
        Publisher.SSB.value: _("Statistics Norway (SSB)"),
        Publisher.IMDI.value: _("the Directorate of Integration and Diversity (IMDi)"),
    }
    return names.get(publisher, publisher)


def source_name(snapshot: Snapshot) -> SourceName:
    language = current_language()
    number, table, table_language = "", snapshot.title or snapshot.table, ""
    if snapshot.publisher == Publisher.IMDI and snapshot.table in IMDI_TABLES:
        table = IMDI_TABLES[snapshot.table][_LANGUAGES.index(language)]
    elif snapshot.publisher == Publisher.SSB:
        number = snapshot.table
        table = (snapshot.title or snapshot.table).removeprefix(f"{snapshot.table}: ")
        table_language = "" if language == "nb" else "nb"
    publisher = publisher_name(snapshot.publisher)
    return SourceName(
        publisher=publisher[:1].upper() + publisher[1:],
        number=number,
        table=table,
        table_language=table_language,
        date=date_text(snapshot.snapshot_date),
        iso_date=snapshot.snapshot_date.isoformat(),
        date_is_approximate=snapshot.date_is_approximate,
        # IMDi's files carry no notes of their own; what the sample manifest says about them
        # is for operators, in English, and is not shown.
        notes=snapshot.notes if snapshot.publisher == Publisher.SSB else "",
    )
