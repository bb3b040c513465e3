"""Reading JSON-stat 2.0 as SSB's PxWebApi returns it (and the 1.x ``{"dataset": …}`` form).

The geographic dimension is found by its role (``role.geo``) or, failing that, as the dimension
whose codes are municipality numbers, whatever it is called. Time comes from ``role.time`` (or a
dimension called Tid), the indicator from ``role.metric`` (ContentsCode); every other dimension
becomes a figure's ``dimensions``. A null value carries SSB's status symbol: '.' not applicable,
'..' missing, ':' confidential; it is never read as zero.

The file is read twice, in bounded memory: once for the metadata (PxWebApi writes ``role`` after
``value``), passing over the values, and once for the values and their status, one cell at a
time (``jsonstream``). Rows come out as a generator, for the service to store as they come.
"""

import datetime as dt
import itertools
import math
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.importers.common import (
    NOT_A_PLACE,
    FigureRow,
    ParsedSource,
    checked,
    county_code,
    municipality_code,
)
from kaaring.municipal_stats.importers.jsonstream import (
    JsonStreamError,
    MemberStream,
    Streamed,
    top_level,
)
from kaaring.municipal_stats.indicators import spec_for
from kaaring.municipal_stats.models import COUNTRY_CODE, FigureStatus, RegionLevel

OSLO = ZoneInfo("Europe/Oslo")

# SSB's symbols for a cell without a number (https://www.ssb.no/en/help/symbols).
_SYMBOLS = {
    ".": FigureStatus.NOT_APPLICABLE,
    "..": FigureStatus.MISSING,
    "...": FigureStatus.MISSING,
    ":": FigureStatus.CONFIDENTIAL,
}
_COUNTRY = {"0", "00", "0000", "Hele landet"}
_BULK = ("value", "status")


def read_jsonstat(path: Path, source: str) -> ParsedSource:
    try:
        with path.open("rb") as stream:
            data = top_level(stream, streamed=_BULK)
    except JsonStreamError as exc:
        raise StatsImportError(source, exc.reason, line=exc.line) from exc
    except OSError as exc:
        raise StatsImportError(source, f"cannot be read: {exc.strerror}") from exc
    if "dataset" in data and "id" not in data:
        data = data["dataset"]  # JSON-stat 1.x, small enough to have been read whole
    if not isinstance(data, dict) or not isinstance(data.get("dimension"), dict):
        raise StatsImportError(source, "not a JSON-stat dataset (no 'dimension')")
    return _Dataset(data, source, path).read()


class _Dataset:
    def __init__(self, data: dict[str, Any], source: str, path: Path) -> None:
        self.data = data
        self.source = source
        self.path = path
        dimension = data["dimension"]
        self.ids: list[str] = list(data.get("id") or dimension.get("id") or [])
        self.sizes: list[int] = list(data.get("size") or dimension.get("size") or [])
        self.role: dict[str, list[str]] = data.get("role") or dimension.get("role") or {}
        if not self.ids or len(self.ids) != len(self.sizes):
            raise StatsImportError(source, "'id' and 'size' do not describe the same dimensions")
        self.categories = {dim: self._codes(dim) for dim in self.ids}

    def fail(self, reason: str) -> StatsImportError:
        return StatsImportError(self.source, reason)

    def _codes(self, dim: str) -> list[str]:
        try:
            category = self.data["dimension"][dim]["category"]
        except (KeyError, TypeError) as exc:
            raise self.fail(f"dimension {dim!r} has no categories") from exc
        index = category.get("index")
        if isinstance(index, list):
            codes = [str(c) for c in index]
        elif isinstance(index, dict):
            codes = [str(c) for c, _ in sorted(index.items(), key=lambda item: item[1])]
        else:
            codes = [str(c) for c in (category.get("label") or {})]
        size = self.sizes[self.ids.index(dim)]
        if len(codes) != size:
            raise self.fail(f"dimension {dim!r} lists {len(codes)} categories, size says {size}")
        return codes

    def _label(self, dim: str, code: str) -> str:
        labels = self.data["dimension"][dim]["category"].get("label") or {}
        return str(labels.get(code, code))

    def _role(self, role: str, fallbacks: tuple[str, ...]) -> str | None:
        for dim in self.role.get(role) or []:
            if dim in self.ids:
                return dim
        for dim in self.ids:
            if dim.casefold() in fallbacks:
                return dim
        return None

    def _geo_dimension(self, time: str | None) -> str:
        def municipal_share(dim: str) -> float:
            codes = self.categories[dim]
            return sum(municipality_code(c) is not None for c in codes) / max(len(codes), 1)

        by_role = self._role("geo", ())
        if by_role is not None:
            return by_role
        candidates = [d for d in self.ids if d != time] or self.ids
        best = max(candidates, key=municipal_share)
        if municipal_share(best) < 0.5:
            raise self.fail("no dimension lists municipalities (K-3024 or 3024 codes)")
        return best

    def read(self) -> ParsedSource:
        time = self._role("time", ("tid", "time", "year", "år"))
        geo = self._geo_dimension(time)
        if time is None or time == geo:
            raise self.fail("no time dimension (role 'time' or a dimension called Tid)")
        metric = self._role("metric", ("contentscode",))
        table = self._table()
        title = str(self.data.get("label") or table)
        parsed = ParsedSource(
            source=self.source,
            table=table,
            title=title,
            rows=iter(()),
            indicators={},
            snapshot_date=self._updated(),
            notes=self._notes(),
            size=self.path.stat().st_size,
        )
        indicator_codes = self._indicators(parsed, table, title, metric)
        self._check_values()
        parsed.rows = self._rows(parsed, geo, time, metric, indicator_codes)
        return parsed

    def _rows(
        self,
        parsed: ParsedSource,
        geo: str,
        time: str,
        metric: str | None,
        indicator_codes: dict[str, str],
    ) -> Iterator[FigureRow]:
        others = [d for d in self.ids if d not in {geo, time, metric}]
        regions = [self._region(parsed, code) for code in self.categories[geo]]
        at = {dim: i for i, dim in enumerate(self.ids)}
        cells = itertools.product(*(range(size) for size in self.sizes))
        with self.path.open("rb") as value_file, self.path.open("rb") as status_file:
            values = self._values(value_file)
            parsed.position = lambda: values.bytes_read
            statuses = self._statuses(status_file)
            try:
                for flat, (cell, (value, symbol)) in enumerate(
                    zip(cells, zip(values, statuses, strict=False), strict=False)
                ):
                    region = regions[cell[at[geo]]]
                    if region is None:
                        continue
                    number, status = self._cell(value, symbol, flat)
                    yield FigureRow(
                        indicator=(
                            indicator_codes[self.categories[metric][cell[at[metric]]]]
                            if metric
                            else f"ssb.{self._table()}"
                        ),
                        level=region[0],
                        code=region[1],
                        period=self.categories[time][cell[at[time]]],
                        dimensions=tuple((d, self.categories[d][cell[at[d]]]) for d in others),
                        value=number,
                        status=status,
                    )
            except JsonStreamError as exc:
                raise StatsImportError(self.source, exc.reason, line=exc.line) from exc

    def _table(self) -> str:
        px = (self.data.get("extension") or {}).get("px") or {}
        if px.get("tableid"):
            return str(px["tableid"])
        match = re.match(r"\s*([0-9]{5})\b", str(self.data.get("label") or ""))
        return match.group(1) if match else self.source.rsplit("/", 1)[-1]

    def _updated(self) -> dt.date | None:
        updated = self.data.get("updated")
        if not updated:
            return None
        try:
            moment = dt.datetime.fromisoformat(str(updated))
        except ValueError as exc:
            raise self.fail(f"'updated' is not a date: {updated!r}") from exc
        return moment.astimezone(OSLO).date() if moment.tzinfo else moment.date()

    def _notes(self) -> str:
        """Every note of the dataset, verbatim, one per line (plain text, never HTML)."""
        lines: list[str] = []

        def add(prefix: str, note: Any) -> None:
            for text in note if isinstance(note, list) else [note]:
                if text:
                    lines.append(f"{prefix}{text}")

        add("", self.data.get("note"))
        for dim in self.ids:
            spec = self.data["dimension"][dim]
            add(f"{spec.get('label') or dim}: ", spec.get("note"))
            for code, note in (spec["category"].get("note") or {}).items():
                add(f"{self._label(dim, code)} ({code}): ", note)
        return "\n".join(str(line) for line in lines)

    def _indicators(
        self, parsed: ParsedSource, table: str, title: str, metric: str | None
    ) -> dict[str, str]:
        codes: dict[str, str] = {}
        if metric is None:
            parsed.indicators[f"ssb.{table}"] = spec_for(
                f"ssb.{table}", fallback_name=title, unit=""
            )
            return {}
        units = self.data["dimension"][metric]["category"].get("unit") or {}
        for code in self.categories[metric]:
            unit = units.get(code) or {}
            spec = spec_for(
                f"ssb.{table}.{code}",
                fallback_name=f"{self._label(metric, code)} ({title})",
                unit=str(unit.get("base") or ""),
                decimals=int(unit.get("decimals") or 0),
            )
            parsed.indicators[spec.code] = spec
            codes[code] = spec.code
        return codes

    def _check_values(self) -> None:
        """The shapes of ``value`` and ``status``, from the first reading."""
        values = self.data.get("value")
        cells = math.prod(self.sizes)
        if isinstance(values, Streamed) and values.kind == "array":
            if values.count != cells:
                shape = "x".join(str(s) for s in self.sizes)
                raise self.fail(f"{values.count} values for {cells} cells (dimensions {shape})")
        elif isinstance(values, list):  # 1.x, read whole
            if len(values) != cells:
                shape = "x".join(str(s) for s in self.sizes)
                raise self.fail(f"{len(values)} values for {cells} cells (dimensions {shape})")
        elif not isinstance(values, Streamed | dict):
            raise self.fail("'value' is neither a list nor an object")
        status = self.data.get("status")
        if status is not None and not isinstance(status, str | list | dict | Streamed):
            raise self.fail("'status' is neither text, a list nor an object")

    def _members(self, stream: Any, name: str) -> Any:
        """``name``'s array or object: as read whole (1.x) or streamed from the file."""
        held = self.data.get(name)
        return MemberStream(stream, name) if isinstance(held, Streamed) else held

    def _sparse(self, pairs: Any, what: str) -> dict[int, Any]:
        cells = math.prod(self.sizes)
        try:
            sparse = {int(k): v for k, v in (pairs.items() if isinstance(pairs, dict) else pairs)}
        except ValueError as exc:
            raise self.fail(f"{what!r} has a key that is not a cell number") from exc
        if any(not 0 <= k < cells for k in sparse):
            raise self.fail(f"{what!r} names a cell outside the {cells} cells")
        return sparse

    def _values(self, stream: Any) -> "_Counted":
        held = self.data.get("value")
        cells = math.prod(self.sizes)
        if isinstance(held, Streamed) and held.kind == "array":
            members = MemberStream(stream, "value")
            return _Counted(iter(members), lambda: members.bytes_read)
        if isinstance(held, list):
            return _Counted(iter(held), lambda: 0)
        # A sparse object: held whole (cells without a value are not in it).
        sparse = self._sparse(self._members(stream, "value"), "value")
        return _Counted((sparse.get(i) for i in range(cells)), lambda: 0)

    def _statuses(self, stream: Any) -> Iterator[str | None]:
        held = self.data.get("status")
        if held is None:
            return itertools.repeat(None)
        if isinstance(held, str):
            return itertools.repeat(held)
        if (isinstance(held, Streamed) and held.kind == "array") or isinstance(held, list):
            return itertools.chain(self._members(stream, "status"), itertools.repeat(None))
        sparse = self._sparse(self._members(stream, "status"), "status")
        return (sparse.get(i) for i in range(math.prod(self.sizes)))

    def _cell(
        self, value: Any, symbol: str | None, flat: int
    ) -> tuple[Decimal | None, FigureStatus]:
        if symbol is not None and not isinstance(symbol, str):
            raise self.fail(f"status number {flat} is not text: {symbol!r}")
        if value is None:
            if symbol == "-":  # SSB: "nil", a true zero
                return Decimal(0), FigureStatus.OK
            return None, _SYMBOLS.get(str(symbol or ".."), FigureStatus.MISSING)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            raise self.fail(f"value number {flat} is not a number: {value!r}")
        if isinstance(value, str):
            if value.strip() in _SYMBOLS:
                return None, _SYMBOLS[value.strip()]
            try:
                number = Decimal(value.strip())
            except ArithmeticError as exc:
                raise self.fail(f"value number {flat} is not a number: {value!r}") from exc
        else:
            number = Decimal(str(value))
        return checked(
            self.source, number, line=None, where=f"value number {flat}"
        ), FigureStatus.OK

    def _region(self, parsed: ParsedSource, code: str) -> tuple[RegionLevel, str] | None:
        text = code.strip()
        if text in _COUNTRY:
            return RegionLevel.COUNTRY, COUNTRY_CODE
        bare = text.removeprefix("K-").removeprefix("F-")
        if bare in NOT_A_PLACE or not bare[:1].isdigit() or "-" in bare:
            parsed.skip(f"aggregate {text}")
            return None
        number = municipality_code(text)
        if number is not None and not text.startswith("F-"):
            return RegionLevel.MUNICIPALITY, number
        county = county_code(text)
        if county is not None and not text.startswith("K-"):
            return RegionLevel.COUNTY, county
        parsed.skip(f"region {text}")
        return None


class _Counted:
    """An iterator of values that says how many bytes of the file it has read."""

    def __init__(self, values: Iterator[Any], bytes_read: Any) -> None:
        self._values = values
        self._bytes_read = bytes_read

    def __iter__(self) -> Iterator[Any]:
        return self._values

    @property
    def bytes_read(self) -> int:
        return int(self._bytes_read())
