"""Reads for the statistics pages, nominee profiles, jury dossiers and the CSV export.

A municipality's figures are those printed under any of its numbers (``MunicipalityCode``).
Of several snapshots of the same figure, the latest (by snapshot date, then import time) is
shown. Every selector runs a fixed number of queries, whatever the number of figures.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from kaaring.municipal_stats.counties import COUNTY_NAMES
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber
from kaaring.municipal_stats.indicators import KEY_FIGURES
from kaaring.municipal_stats.models import (
    COUNTRY_CODE,
    CodeRelation,
    Figure,
    FigureStatus,
    Indicator,
    Municipality,
    MunicipalityCode,
    RegionLevel,
    Snapshot,
)


@dataclass(frozen=True)
class Point:
    """One figure as shown: the value or its status, and where it comes from."""

    period: str
    value: Decimal | None
    status: str
    region_code: str
    region_name: str
    snapshot: Snapshot

    @property
    def source(self) -> str:
        return f"{self.snapshot.publisher}: {self.snapshot.source_name}"


@dataclass
class Series:
    """One indicator with one set of further dimension values (e.g. kjonn=alle), over time."""

    indicator: Indicator
    dimensions: dict[str, str]
    # Under the municipality's own numbers, past and present, one point per period.
    points: list[Point] = field(default_factory=list)
    # Under numbers of municipalities merged into it, or divided (see MunicipalityCode).
    predecessor_points: list[Point] = field(default_factory=list)
    county: dict[str, Point] = field(default_factory=dict)
    country: dict[str, Point] = field(default_factory=dict)


@dataclass(frozen=True)
class KeyFigure:
    indicator: Indicator
    point: Point
    county: Point | None
    country: Point | None


def municipality_search(query: str, *, limit: int = 20) -> list[Municipality]:
    """Today's municipalities whose name or any number, past or present, matches ``query``."""
    text = query.strip()
    if not text:
        return []
    if text.isdigit():
        matches = Q(codes__code__startswith=text.zfill(4) if len(text) == 3 else text)
    else:
        matches = Q(name__icontains=text) | Q(codes__name__icontains=text)
    return list(
        Municipality.objects.filter(matches, valid_to__isnull=True)
        .distinct()
        .order_by("name")[:limit]
    )


def municipality_by_any_number(number: str) -> Municipality | None:
    """The municipality that holds ``number``'s territory today (Steinkjer for 1702).

    Raises ``AmbiguousMunicipalityNumber`` for a number whose municipality was divided, unless
    one successor carries its name on (then that one is returned).
    """
    code = number.strip().zfill(4)
    links = list(
        MunicipalityCode.objects.filter(code=code)
        .select_related("municipality")
        .order_by("municipality__number")
    )
    if not links:
        return None
    if len(links) == 1:
        return links[0].municipality
    continuing = [link for link in links if link.is_continuation]
    if len(continuing) == 1:
        return continuing[0].municipality
    raise AmbiguousMunicipalityNumber(code, [link.municipality.number for link in links])


def _latest(figures: Iterable[Figure]) -> dict[tuple[str, ...], Figure]:
    best: dict[tuple[str, ...], Figure] = {}
    for figure in figures:
        key = (
            figure.region_level,
            figure.region_code,
            figure.indicator.code,
            figure.period,
            figure.dimensions_key,
        )
        rank = (figure.snapshot.snapshot_date, figure.snapshot.imported_at, figure.snapshot.pk)
        held = best.get(key)
        if held is None or rank > (
            held.snapshot.snapshot_date,
            held.snapshot.imported_at,
            held.snapshot.pk,
        ):
            best[key] = figure
    return best


def _point(figure: Figure, names: dict[str, str]) -> Point:
    return Point(
        period=figure.period,
        value=figure.value,
        status=figure.status,
        region_code=figure.region_code,
        region_name=names.get(figure.region_code, figure.region_code),
        snapshot=figure.snapshot,
    )


def figures_for(municipality: Municipality) -> list[Series]:
    """Every series shown on the municipality's page, with county and country beside it.

    The county compared with is the one the figure's own number belonged to at the time
    (Stange 0417 in 2014 → Hedmark 04), which is the county the source reports beside it.
    Three queries.
    """
    links = {c.code: c for c in MunicipalityCode.objects.filter(municipality=municipality)}
    own = Figure.objects.filter(
        region_level=RegionLevel.MUNICIPALITY, region_code__in=list(links)
    ).select_related("indicator", "snapshot")
    latest = _latest(own)
    names = {code: link.name for code, link in links.items()}
    series: dict[tuple[str, str], Series] = {}
    wanted_counties: set[str] = set()
    for figure in latest.values():
        key = (figure.indicator.code, figure.dimensions_key)
        if key not in series:
            series[key] = Series(indicator=figure.indicator, dimensions=figure.dimensions)
        link = links[figure.region_code]
        target = series[key]
        own_number = link.is_continuation and link.relation != CodeRelation.SPLIT
        (target.points if own_number else target.predecessor_points).append(_point(figure, names))
        wanted_counties.add(figure.region_code[:2])
    if series:
        around = Figure.objects.filter(
            Q(region_level=RegionLevel.COUNTY, region_code__in=wanted_counties)
            | Q(region_level=RegionLevel.COUNTRY, region_code=COUNTRY_CODE),
            indicator__code__in={code for code, _ in series},
        ).select_related("indicator", "snapshot")
        for figure in _latest(around).values():
            found = series.get((figure.indicator.code, figure.dimensions_key))
            if found is None:
                continue
            if figure.region_level == RegionLevel.COUNTRY:
                found.country[figure.period] = _point(figure, {COUNTRY_CODE: "Norge"})
            else:
                found.county[f"{figure.region_code}:{figure.period}"] = _point(figure, COUNTY_NAMES)
    for one in series.values():
        one.points.sort(key=lambda p: p.period)
        one.predecessor_points.sort(key=lambda p: (p.region_code, p.period))
    return sorted(series.values(), key=lambda s: (s.indicator.code, sorted(s.dimensions.items())))


def county_point(series: Series, point: Point) -> Point | None:
    """The county figure beside ``point`` (same period, the county of the number at the time)."""
    return series.county.get(f"{point.region_code[:2]}:{point.period}")


def key_figures(
    municipality: Municipality, n: int = 3, *, series: list[Series] | None = None
) -> list[KeyFigure]:
    """Two or three headline figures for a nominee page or a jury dossier: the latest period
    with a value of each preferred indicator (``indicators.KEY_FIGURES``), in that order.
    ``series``: the municipality's ``figures_for``, when the caller has it already."""
    by_indicator: dict[str, list[Series]] = defaultdict(list)
    for one in figures_for(municipality) if series is None else series:
        by_indicator[one.indicator.code].append(one)
    found: list[KeyFigure] = []
    for code, dimensions in KEY_FIGURES:
        for one in by_indicator.get(code, []):
            if any(one.dimensions.get(k) != v for k, v in dimensions.items()):
                continue
            if set(one.dimensions) - set(dimensions):
                continue
            with_value = [p for p in one.points if p.status == FigureStatus.OK]
            if not with_value:
                continue
            point = with_value[-1]
            found.append(
                KeyFigure(
                    indicator=one.indicator,
                    point=point,
                    county=county_point(one, point),
                    country=one.country.get(point.period),
                )
            )
            break
        if len(found) == n:
            break
    return found


@dataclass(frozen=True)
class ExportRow:
    indicator: str
    dimensions: str
    region: str
    period: str
    value: str
    unit: str
    status: str
    source: str
    snapshot_date: dt.date
    municipality: str


def _export_rows(municipality: Municipality, links: list[MunicipalityCode]) -> list[ExportRow]:
    """The latest figure of every cell under any of ``links``' numbers (one query): the
    municipality's own numbers first, by period, then those of its predecessors, by number."""
    by_code = {link.code: link for link in links}
    own = Figure.objects.filter(
        region_level=RegionLevel.MUNICIPALITY, region_code__in=list(by_code)
    ).select_related("indicator", "snapshot")
    keyed = []
    for figure in _latest(own).values():
        link = by_code[figure.region_code]
        is_own = link.is_continuation and link.relation != CodeRelation.SPLIT
        order = (
            figure.indicator.code,
            sorted(figure.dimensions.items()),
            0 if is_own else 1,
            "" if is_own else figure.region_code,
            figure.period,
        )
        keyed.append((order, figure, link))
    keyed.sort(key=lambda item: item[0])
    return [
        ExportRow(
            indicator=figure.indicator.code,
            dimensions=";".join(f"{k}={v}" for k, v in sorted(figure.dimensions.items())),
            region=f"{figure.region_code} {link.name}",
            period=figure.period,
            value="" if figure.value is None else format(figure.value.normalize(), "f"),
            unit=figure.indicator.unit,
            status=figure.status,
            source=f"{figure.snapshot.publisher}: {figure.snapshot.source_name}",
            snapshot_date=figure.snapshot.snapshot_date,
            municipality=f"{municipality.number} {municipality.name}",
        )
        for _, figure, link in keyed
    ]


def export_rows(municipality: Municipality) -> list[ExportRow]:
    """Every latest figure under any of the municipality's numbers, for the CSV export."""
    return _export_rows(
        municipality, list(MunicipalityCode.objects.filter(municipality=municipality))
    )


def export_rows_all() -> Iterator[ExportRow]:
    """The bulk file: every current municipality's rows in turn, by number. One query for the
    numbers, then one per municipality, so that only one municipality's figures are held."""
    links: dict[int, list[MunicipalityCode]] = defaultdict(list)
    for link in MunicipalityCode.objects.select_related("municipality").order_by("code"):
        links[link.municipality_id].append(link)
    for municipality in Municipality.objects.filter(valid_to__isnull=True).order_by("number"):
        if links.get(municipality.pk):
            yield from _export_rows(municipality, links[municipality.pk])


def municipalities_current() -> list[Municipality]:
    """Today's municipalities, by county and name, for the index of the statistics pages."""
    return list(
        Municipality.objects.filter(valid_to__isnull=True).order_by("county_number", "name")
    )


def municipalities_by_numbers(numbers: Iterable[str]) -> list[Municipality]:
    """The municipalities with these current numbers (the successors of a divided one)."""
    return list(Municipality.objects.filter(number__in=list(numbers)).order_by("name"))


def municipality_codes(municipality: Municipality) -> list[MunicipalityCode]:
    """Every number, past or present, that leads to ``municipality``, oldest first."""
    return sorted(
        MunicipalityCode.objects.filter(municipality=municipality),
        key=lambda c: (c.valid_from or dt.date.min, c.code),
    )
