"""How a municipality's series are shown: grouped per indicator, as a bar chart and a table.

The chart is drawn on the server as inline SVG without a viewBox: bar lengths and positions are
percentages of the chart's width and text is sized in CSS pixels, so the chart fills any screen
from 320 px up and its text stays as large as the page's. Bars run horizontally, one per period,
so that long period labels and values never collide. A figure without a value (SSB's ``.``,
``..``, ``:``) gets no bar but its meaning in words, never a zero.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.dateformat import format as date_format
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaaring.awards.localized import current_language
from kaaring.municipal_stats.models import FigureStatus, Indicator, Municipality, Snapshot
from kaaring.municipal_stats.selectors import KeyFigure, Point, Series, county_point

# Where the bars start and how long the longest bar is, in per cent of the chart's width; the
# rest on the right is room for the value written after the bar.
BAR_START = 24.0
BAR_SPAN = 50.0
ROW_HEIGHT = 32
BAR_HEIGHT = 20


def unit_label(unit: str) -> str:
    return {
        "personer": _("persons"),
        "prosent": _("per cent"),
        "promille": _("per thousand inhabitants"),
    }.get(unit, unit)


def value_text(point: Point | None, decimals: int) -> str:
    """The value in the page's language, or the meaning of its status symbol."""
    if point is None:
        return ""
    if point.status != FigureStatus.OK or point.value is None:
        return str(FigureStatus(point.status).label)
    return number_format(point.value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def date_text(day: dt.date) -> str:
    return date_format(day, pgettext("date without weekday, Django date format", "j F Y"))


def dimensions_text(dimensions: dict[str, str]) -> str:
    # The source's own dimension codes; naming them in words is left to the indicator catalogue.
    return ", ".join(f"{key}: {value}" for key, value in sorted(dimensions.items()))


@dataclass(frozen=True)
class Bar:
    period: str
    y: int
    text_y: int
    width: str  # per cent of the chart's width, "" when there is no value
    label: str
    label_x: str
    has_value: bool


@dataclass(frozen=True)
class Row:
    period: str
    region: str
    value: str
    county: str
    country: str
    source: str
    breakdown: str = ""


@dataclass(frozen=True)
class SourceNote:
    snapshot: Snapshot
    date: str


@dataclass
class IndicatorBlock:
    anchor: str
    indicator: Indicator
    name: str
    unit: str
    main_dimensions: str
    bars: list[Bar]
    chart_height: int
    description: str
    rows: list[Row]
    other_rows: list[Row] = field(default_factory=list)
    sources: list[SourceNote] = field(default_factory=list)


def _headline(series: list[Series]) -> Series:
    """The series drawn as the chart: the one closest to "all" in every further dimension."""

    def score(one: Series) -> tuple[int, int]:
        alle = sum(1 for v in one.dimensions.values() if v == "alle")
        return (alle - (len(one.dimensions) - alle), len(one.points))

    return max(series, key=score)


def _bars(points: list[Point], decimals: int) -> tuple[list[Bar], int]:
    values = [p.value for p in points if p.status == FigureStatus.OK and p.value is not None]
    top = max([v for v in values if v > 0], default=Decimal(0))
    bars = []
    for i, point in enumerate(points):
        y = 8 + i * ROW_HEIGHT
        has_value = point.status == FigureStatus.OK and point.value is not None
        share = 0.0
        if has_value and top > 0 and point.value is not None and point.value > 0:
            share = float(point.value / top) * BAR_SPAN
        bars.append(
            Bar(
                period=point.period,
                y=y,
                text_y=y + BAR_HEIGHT // 2,
                width=f"{share:.2f}%" if has_value else "",
                label=value_text(point, decimals),
                label_x=f"{BAR_START + share + 1.5:.2f}%" if has_value else f"{BAR_START}%",
                has_value=has_value,
            )
        )
    return bars, 8 + len(points) * ROW_HEIGHT


def _row(one: Series, point: Point, decimals: int, used: list[Point], breakdown: str = "") -> Row:
    """A table row; the points it shows are added to ``used`` (for the list of sources)."""
    county = county_point(one, point)
    country = one.country.get(point.period)
    used += [p for p in (point, county, country) if p is not None]
    return Row(
        period=point.period,
        region=f"{point.region_name} ({point.region_code})",
        value=value_text(point, decimals),
        county=f"{value_text(county, decimals)} ({county.region_name})" if county else "",
        country=value_text(country, decimals),
        source=point.source,
        breakdown=breakdown,
    )


def _sources(points: list[Point]) -> list[SourceNote]:
    seen: dict[int, Snapshot] = {p.snapshot.pk: p.snapshot for p in points}
    ordered = sorted(seen.values(), key=lambda s: (s.snapshot_date, s.source_name))
    return [SourceNote(snapshot=s, date=date_text(s.snapshot_date)) for s in ordered]


def indicator_blocks(municipality: Municipality, series: list[Series]) -> list[IndicatorBlock]:
    """One block per indicator, in the order the selector gives (by indicator code)."""
    language = current_language()
    grouped: dict[str, list[Series]] = {}
    for one in series:
        grouped.setdefault(one.indicator.code, []).append(one)
    blocks = []
    for number, group in enumerate(grouped.values(), start=1):
        indicator = group[0].indicator
        decimals = indicator.decimals
        main = _headline(group)
        name = indicator.name_in(language)
        bars, height = _bars(main.points, decimals)
        parts = [f"{bar.period}: {bar.label}" for bar in bars]
        description = (
            _("%(municipality)s, %(indicator)s (%(unit)s), by year: %(values)s.")
            % {
                "municipality": municipality.name,
                "indicator": name,
                "unit": unit_label(indicator.unit),
                "values": "; ".join(parts),
            }
            if parts
            else _("There are no figures under the municipality's own number.")
        )
        used: list[Point] = []
        rows = [_row(main, p, decimals, used) for p in main.points]
        others = [
            _row(main, p, decimals, used, dimensions_text(main.dimensions))
            for p in main.predecessor_points
        ]
        for one in group:
            if one is not main:
                others += [
                    _row(one, p, decimals, used, dimensions_text(one.dimensions))
                    for p in [*one.points, *one.predecessor_points]
                ]
        blocks.append(
            IndicatorBlock(
                anchor=f"indikator-{number}",
                indicator=indicator,
                name=name,
                unit=unit_label(indicator.unit),
                main_dimensions=dimensions_text(main.dimensions),
                bars=bars,
                chart_height=height,
                description=description,
                rows=rows,
                other_rows=others,
                sources=_sources(used),
            )
        )
    return blocks


@dataclass(frozen=True)
class KeyFigureItem:
    name: str
    period: str
    value: str
    unit: str
    county: str
    country: str
    source: str
    snapshot: Snapshot
    date: str


def key_figure_items(figures: list[KeyFigure]) -> list[KeyFigureItem]:
    """Headline figures for a nominee's page, with the county and the country beside them."""
    language = current_language()
    items = []
    for figure in figures:
        decimals = figure.indicator.decimals
        items.append(
            KeyFigureItem(
                name=figure.indicator.name_in(language),
                period=figure.point.period,
                value=value_text(figure.point, decimals),
                unit=unit_label(figure.indicator.unit),
                county=(
                    f"{value_text(figure.county, decimals)} ({figure.county.region_name})"
                    if figure.county
                    else ""
                ),
                country=value_text(figure.country, decimals),
                source=figure.point.source,
                snapshot=figure.point.snapshot,
                date=date_text(figure.point.snapshot.snapshot_date),
            )
        )
    return items
