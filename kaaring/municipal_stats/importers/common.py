"""What the SSB and IMDi readers share: the rows they produce, numbers, status symbols, region
numbers. Readers are pure (a file in, rows out, as a generator so that a large file is never
held whole); ``services`` stores the rows as they come."""

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.indicators import IndicatorSpec
from kaaring.municipal_stats.models import FigureStatus, RegionLevel

_PLACES = Decimal("1e-10")
_LARGEST = Decimal("1e12")


@dataclass(frozen=True)
class FigureRow:
    indicator: str
    level: RegionLevel
    code: str
    period: str
    dimensions: tuple[tuple[str, str], ...]
    value: Decimal | None
    status: FigureStatus
    line: int | None = None


def _nowhere() -> int:
    return 0


@dataclass
class ParsedSource:
    """A source being read, ready to be stored as one snapshot.

    ``rows`` is a generator: reading it reads the file, raising ``StatsImportError`` at the
    first bad row. ``skipped`` and ``table`` are complete once it is exhausted. ``position``
    says how many of the file's ``size`` bytes have been read, for a progress bar.
    """

    source: str
    table: str
    title: str
    rows: Iterator[FigureRow]
    indicators: dict[str, IndicatorSpec]
    snapshot_date: dt.date | None = None
    notes: str = ""
    skipped: dict[str, int] = field(default_factory=dict)
    size: int = 0
    position: Callable[[], int] = _nowhere

    def skip(self, what: str) -> None:
        self.skipped[what] = self.skipped.get(what, 0) + 1


def dimensions_key(dimensions: tuple[tuple[str, str], ...]) -> str:
    return "|".join(f"{k}={v}" for k, v in sorted(dimensions))


def decimal_value(source: str, text: str, *, line: int | None, where: str) -> Decimal:
    """'70,94', '65.41', '1 234' → Decimal; anything else names the file, line and column."""
    cleaned = text.strip().replace("\xa0", "").replace(" ", "")
    if re.fullmatch(r"-?[0-9]+(,[0-9]+)?", cleaned):
        cleaned = cleaned.replace(",", ".")
    elif not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", cleaned):
        raise StatsImportError(source, f"malformed number {text!r} in {where}", line=line)
    try:
        number = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit only numbers
        raise StatsImportError(source, f"malformed number {text!r} in {where}", line=line) from exc
    return checked(source, number, line=line, where=where)


def checked(source: str, number: Decimal, *, line: int | None, where: str) -> Decimal:
    if not number.is_finite() or abs(number) >= _LARGEST:
        raise StatsImportError(source, f"number out of range {number} in {where}", line=line)
    return number.quantize(_PLACES).normalize() if number != number.to_integral() else number


def municipality_code(text: str) -> str | None:
    """'K-3024', '3024', '417' → '3024'/'0417'; None when it is not a municipality number."""
    match = re.fullmatch(r"(?:K-)?([0-9]{3,4})", text.strip())
    return match.group(1).zfill(4) if match else None


def county_code(text: str) -> str | None:
    match = re.fullmatch(r"(?:F-)?([0-9]{1,2})", text.strip())
    return match.group(1).zfill(2) if match else None


# Region numbers in SSB and IMDi tables that are buckets, not places: unknown municipality or
# county, Svalbard, Jan Mayen and the continental shelf.
NOT_A_PLACE = {"9999", "99", "21", "22", "23", "2100", "2111", "2121", "2131", "2211", "2311"}
