"""How a municipality's figures are laid out on its page: themes, one block per indicator, each
with a chart that compares the municipality with its county and the country, and its table.

Charts are drawn on the server as inline SVG. The outer drawing has no viewBox: positions across
are percentages of its width and text is sized in CSS pixels, so a chart fills any screen from
320 px up and its text stays as large as the page's. The lines sit in an inner drawing whose
viewBox is stretched to the plot area (``preserveAspectRatio="none"``); strokes keep their width
(``vector-effect``) and points are zero-length round-capped lines, which stay round.

What a chart never does: draw a line across a year without a figure (a gap, a suppressed ``:``
or missing ``..`` value, a year not published), or set counts beside the much larger counts of
the county and the country. Counts are compared per 1,000 residents where the population of
each region and year is known; otherwise the chart shows the municipality alone and the table
compares. Every chart has a text alternative, and its table is one click away.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal

from django.utils.translation import gettext as _

from kaaring.awards.localized import current_language
from kaaring.municipal_stats.display import (
    COUNT_UNITS,
    POPULATION,
    THEMES,
    SourceName,
    Theme,
    date_text,
    dimensions_text,
    number_text,
    per_thousand,
    source_name,
    status_text,
    theme_of,
    unit_label,
    value_text,
)
from kaaring.municipal_stats.models import FigureStatus, Indicator, Municipality, Snapshot
from kaaring.municipal_stats.selectors import KeyFigure, Point, Series, county_point

HEIGHT = 236
TOP = 12
PLOT = 180  # px from TOP down to the axis
LEFT = 13.0  # per cent of the width left of the plot, for the value axis
RIGHT = 3.0
INNER = 1000  # the inner drawing's width in its own units
MAX_YEAR_LABELS = 6
BAR_START = 30.0
BAR_SPAN = 48.0
ROW_HEIGHT = 32
BAR_HEIGHT = 20


@dataclass(frozen=True)
class Dot:
    # Drawn in the outer drawing, so that it stays round: across in per cent, down in px.
    # Coordinates are text, never numbers a template would write with a decimal comma.
    x: str
    y: str


@dataclass(frozen=True)
class Line:
    kind: str  # "municipality", "county" or "country": its look (solid, dashed, dotted)
    label: str
    segments: list[str]  # polyline point lists, one per unbroken run of years
    dots: list[Dot]


@dataclass(frozen=True)
class Tick:
    label: str
    x: str  # per cent of the outer width
    y: str


@dataclass(frozen=True)
class Bar:
    label: str
    kind: str
    y: int
    text_y: int
    width: str
    value: str
    value_x: str
    has_value: bool


@dataclass
class Chart:
    kind: str  # "line" or "bars"
    title: str
    description: str
    height: int
    lines: list[Line] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    bars: list[Bar] = field(default_factory=list)
    plot_x: str = f"{LEFT}%"
    plot_width: str = f"{100 - LEFT - RIGHT}%"
    note: str = ""
    gaps: str = ""


@dataclass(frozen=True)
class Row:
    period: str
    region: str
    value: str
    county: str
    country: str
    source: str
    breakdown: str = ""
    rates: tuple[str, str, str] | None = None


@dataclass
class IndicatorBlock:
    anchor: str
    indicator: Indicator
    name: str
    unit: str
    main_dimensions: str
    chart: Chart | None
    rows: list[Row]
    other_rows: list[Row] = field(default_factory=list)
    sources: list["SourceGroup"] = field(default_factory=list)
    per_thousand: bool = False


@dataclass
class ThemeBlock:
    theme: Theme
    name: str
    blocks: list[IndicatorBlock]


def _headline(series: list[Series]) -> Series:
    """The series drawn as the chart: the one closest to "all" in every further dimension."""

    def score(one: Series) -> tuple[int, int]:
        alle = sum(1 for v in one.dimensions.values() if v == "alle")
        return (alle - (len(one.dimensions) - alle), len(one.points))

    return max(series, key=score)


def _ok(point: Point | None) -> Decimal | None:
    if point is None or point.status != FigureStatus.OK:
        return None
    return point.value


class _Population:
    """Residents by region and period, from SSB's population table where it is imported."""

    def __init__(self, series: list[Series]) -> None:
        found = next(
            (s for s in series if s.indicator.code == POPULATION and not s.dimensions), None
        )
        self.own = {p.period: p for p in found.points} if found else {}
        self.series = found

    def rate(self, point: Point | None, region: str) -> Decimal | None:
        value = _ok(point)
        if value is None or point is None or self.series is None:
            return None
        if region == "municipality":
            base = _ok(self.own.get(point.period))
        elif region == "county":
            base = _ok(self.series.county.get(f"{point.region_code[:2]}:{point.period}"))
        else:
            base = _ok(self.series.country.get(point.period))
        return per_thousand(value, base) if base is not None else None


def _axis(largest: Decimal) -> tuple[Decimal, Decimal]:
    """The value axis's step and top: a step of 1, 2 or 5 times a power of ten, and at most
    five steps up to at or above ``largest``."""
    if largest <= 0:
        return Decimal(1), Decimal(4)
    power = Decimal(1)
    while power * 10 <= largest / 4:
        power *= 10
    while power > largest / 4:
        power /= 10
    for step in (power, 2 * power, 5 * power):
        if step * 5 >= largest:
            return step, _ceil_to(largest, step)
    return 10 * power, _ceil_to(largest, 10 * power)


def _ceil_to(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _year(period: str) -> int | None:
    return int(period) if re.fullmatch(r"(19|20)[0-9]{2}", period) else None


def _percent(inner_x: float) -> str:
    return f"{LEFT + inner_x / INNER * (100 - LEFT - RIGHT):.2f}%"


def _line_chart(
    title: str,
    lines: list[tuple[str, str, dict[str, Decimal | None]]],
    periods: list[str],
    decimals: int,
) -> Chart:
    years = [y for y in (_year(p) for p in periods) if y is not None]
    by_year = len(years) == len(periods)
    if by_year:
        first, last = min(years), max(years)
        position = {p: ((_year(p) or 0) - first) / max(last - first, 1) for p in periods}
    else:
        position = {p: i / max(len(periods) - 1, 1) for i, p in enumerate(periods)}
    if len(periods) == 1:
        position = {periods[0]: 0.5}
    values = [v for _, _, by in lines for v in by.values() if v is not None]
    step, top = _axis(max(values, default=Decimal(0)))
    low = min([Decimal(0), *values])
    if low < 0:
        low = -_ceil_to(-low, step)

    def y(value: Decimal) -> float:
        return round(TOP + float((top - value) / (top - low)) * PLOT, 1)

    drawn = []
    for kind, label, by in lines:
        segments: list[str] = []
        run: list[str] = []
        dots: list[Dot] = []
        previous: str | None = None
        for period in periods:
            value = by.get(period)
            next_in_line = previous is not None and (
                (_year(period) or 0) - (_year(previous) or 0) == 1
                if by_year
                else periods.index(period) - periods.index(previous) == 1
            )
            if value is None:
                previous = None
                if len(run) > 1:
                    segments.append(" ".join(run))
                run = []
                continue
            x = round(position[period] * INNER, 1)
            dots.append(Dot(_percent(x), f"{y(value):.1f}"))
            if not next_in_line:
                if len(run) > 1:
                    segments.append(" ".join(run))
                run = []
            run.append(f"{x},{y(value)}")
            previous = period
        if len(run) > 1:
            segments.append(" ".join(run))
        drawn.append(Line(kind=kind, label=label, segments=segments, dots=dots))
    every = max(1, -(-len(periods) // MAX_YEAR_LABELS))
    x_ticks = [
        Tick(p, _percent(position[p] * INNER), str(TOP + PLOT + 22))
        for i, p in enumerate(periods)
        if i % every == 0 or i == len(periods) - 1
    ]
    exponent = step.normalize().as_tuple().exponent
    tick_decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    y_ticks = []
    tick = low
    while tick <= top:
        y_ticks.append(Tick(number_text(tick, tick_decimals), "0", f"{y(tick):.1f}"))
        tick += step
    return Chart(
        kind="line",
        title=title,
        description="",
        height=HEIGHT,
        lines=drawn,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )


def _bar_chart(title: str, bars: list[tuple[str, str, Decimal | None, str]]) -> Chart:
    values = [v for _, _, v, _ in bars if v is not None and v > 0]
    top = max(values, default=Decimal(0))
    drawn = []
    for i, (kind, label, value, text) in enumerate(bars):
        y = 8 + i * ROW_HEIGHT
        share = float(value / top) * BAR_SPAN if value is not None and value > 0 and top else 0.0
        drawn.append(
            Bar(
                label=label,
                kind=kind,
                y=y,
                text_y=y + BAR_HEIGHT // 2,
                width=f"{share:.2f}%",
                value=text,
                value_x=f"{BAR_START + share + 1.5:.2f}%",
                has_value=value is not None,
            )
        )
    return Chart(
        kind="bars", title=title, description="", height=8 + len(bars) * ROW_HEIGHT, bars=drawn
    )


def _comparison(
    municipality: Municipality,
    indicator: Indicator,
    name: str,
    main: Series,
    population: _Population,
) -> tuple[Chart | None, bool]:
    """The block's chart, and whether it shows counts per 1,000 residents."""
    decimals = indicator.decimals
    latest: dict[str, Point] = {}
    for point in main.points:
        latest[point.period] = point  # under two own numbers in one year: the later number
    periods = sorted(latest)
    if not periods:
        return None, False
    county = {p: county_point(main, latest[p]) for p in periods}
    country = {p: main.country.get(p) for p in periods}
    counts = indicator.unit in COUNT_UNITS
    rates = counts and any(population.rate(latest[p], "municipality") is not None for p in periods)
    county_names = sorted({c.region_name for c in county.values() if c is not None})
    county_label = " / ".join(county_names) or _("County")

    def series_of(kind: str, points: dict[str, Point | None]) -> dict[str, Decimal | None]:
        if rates:
            return {p: population.rate(points[p], kind) for p in periods}
        return {p: _ok(points[p]) for p in periods}

    lines = [("municipality", municipality.name, series_of("municipality", dict(latest)))]
    if not counts or rates:
        lines += [
            ("county", county_label, series_of("county", county)),
            ("country", _("Norway"), series_of("country", country)),
        ]
        lines = [line for line in lines if any(v is not None for v in line[2].values())]
    shown_decimals = 2 if rates else decimals
    unit = _("per 1,000 residents") if rates else unit_label(indicator.unit)
    title = _("%(indicator)s, %(unit)s") % {"indicator": name, "unit": unit}
    if len(periods) > 1:
        chart = _line_chart(title, lines, periods, shown_decimals)
    else:
        if len(lines) < 2:
            return None, rates
        period = periods[0]
        chart = _bar_chart(
            title,
            [
                (
                    kind,
                    label,
                    value,
                    _("no figure") if value is None else number_text(value, shown_decimals),
                )
                for kind, label, by in lines
                for value in [by[period]]
            ],
        )
    described = []
    for kind, label, by in lines:
        parts = []
        for period in periods:
            value = by.get(period)
            if value is not None:
                parts.append(f"{period}: {number_text(value, shown_decimals)}")
            elif kind == "municipality" and _ok(latest[period]) is None:
                parts.append(f"{period}: {status_text(latest[period].status)}")
            else:
                parts.append(f"{period}: {_('no figure')}")
        described.append(f"{label}: {'; '.join(parts)}")
    chart.description = _("%(title)s, by year. %(values)s.") % {
        "title": title,
        "values": ". ".join(described),
    }
    gaps = []
    years = [y for y in (_year(p) for p in periods) if y is not None]
    if len(years) == len(periods) and years:
        for year in range(min(years), max(years) + 1):
            if str(year) not in latest:
                gaps.append(_("%(year)s: not published") % {"year": year})
    for period in periods:
        if _ok(latest[period]) is None:
            gaps.append(f"{period}: {status_text(latest[period].status)}")
    if gaps:
        chart.gaps = _("Years without a figure for %(municipality)s, drawn as gaps: %(gaps)s.") % {
            "municipality": municipality.name,
            "gaps": "; ".join(sorted(gaps)),
        }
    if rates:
        chart.note = _(
            "Per 1,000 residents, so that regions of different size can be compared. "
            "The table gives the counts."
        )
    elif counts:
        chart.note = _(
            "Counts: the chart shows the municipality alone, since the county and the country "
            "are many times larger. The table compares them."
        )
    return chart, rates


def _row(
    one: Series,
    point: Point,
    decimals: int,
    used: list[Point],
    breakdown: str = "",
    population: _Population | None = None,
) -> Row:
    """A table row; the points it shows are added to ``used`` (for the list of sources)."""
    county = county_point(one, point)
    country = one.country.get(point.period)
    used += [p for p in (point, county, country) if p is not None]
    rates = None
    if population is not None:

        def rate(p: Point | None, kind: str) -> str:
            found = population.rate(p, kind)
            return number_text(found, 2) if found is not None else ""

        rates = (rate(point, "municipality"), rate(county, "county"), rate(country, "country"))
    return Row(
        period=point.period,
        region=f"{point.region_name} ({point.region_code})",
        value=value_text(point, decimals),
        county=f"{value_text(county, decimals)} ({county.region_name})" if county else "",
        country=value_text(country, decimals),
        source=_short_source(point.snapshot),
        breakdown=breakdown,
        rates=rates,
    )


def _short_source(snapshot: Snapshot) -> str:
    approx = _("approx.") + " " if snapshot.date_is_approximate else ""
    return f"{snapshot.publisher}, {approx}{date_text(snapshot.snapshot_date)}"


def _cited(name: SourceName) -> str:
    table = f"«{name.table}»"
    if name.number:
        table = _("table %(number)s") % {"number": name.number} + ", " + table
    return f"{name.publisher}, {table}"


@dataclass
class SourceGroup:
    """One table of one publisher, with every date a figure shown was taken from it."""

    name: SourceName
    dates: list[SourceName] = field(default_factory=list)

    @property
    def any_approximate(self) -> bool:
        return any(d.date_is_approximate for d in self.dates)


def _sources(points: list[Point]) -> list[SourceGroup]:
    seen: dict[int, Snapshot] = {p.snapshot.pk: p.snapshot for p in points}
    ordered = sorted(seen.values(), key=lambda s: (s.snapshot_date, s.publisher, s.table, s.pk))
    groups: dict[tuple[str, str, str], SourceGroup] = {}
    for snapshot in ordered:
        name = source_name(snapshot)
        group = groups.setdefault((name.publisher, name.number, name.table), SourceGroup(name))
        if all(d.iso_date != name.iso_date for d in group.dates):
            group.dates.append(name)
    return list(groups.values())


def indicator_blocks(municipality: Municipality, series: list[Series]) -> list[IndicatorBlock]:
    """One block per indicator, in the order the selector gives (by indicator code)."""
    language = current_language()
    population = _Population(series)
    grouped: dict[str, list[Series]] = {}
    for one in series:
        grouped.setdefault(one.indicator.code, []).append(one)
    blocks = []
    for number, group in enumerate(grouped.values(), start=1):
        indicator = group[0].indicator
        decimals = indicator.decimals
        main = _headline(group)
        name = indicator.name_in(language)
        chart, rates = _comparison(municipality, indicator, name, main, population)
        used: list[Point] = []
        rows = [
            _row(main, p, decimals, used, population=population if rates else None)
            for p in main.points
        ]
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
                chart=chart,
                rows=rows,
                other_rows=others,
                sources=_sources(used),
                per_thousand=rates,
            )
        )
    return blocks


def theme_blocks(municipality: Municipality, series: list[Series]) -> list[ThemeBlock]:
    """The page's sections: each theme with figures, in the catalogue's order."""
    by_theme: dict[str, ThemeBlock] = {}
    for block in indicator_blocks(municipality, series):
        theme = theme_of(block.indicator.code)
        if theme.anchor not in by_theme:
            by_theme[theme.anchor] = ThemeBlock(theme=theme, name=str(theme.name), blocks=[])
        by_theme[theme.anchor].blocks.append(block)
    order = [t.anchor for t in THEMES]
    return sorted(
        by_theme.values(),
        key=lambda t: order.index(t.theme.anchor) if t.theme.anchor in order else len(order),
    )


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
                source=_cited(source_name(figure.point.snapshot)),
                snapshot=figure.point.snapshot,
                date=date_text(figure.point.snapshot.snapshot_date),
            )
        )
    return items
