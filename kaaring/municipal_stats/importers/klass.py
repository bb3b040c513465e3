"""Reading SSB's municipality classification (KLASS 131) and following its change table.

A KLASS *version* lists the municipalities valid in a period; the *change table* lists every
number change since 1977 (old number → new number on a date). Together they say, for every
number ever used, which of today's municipalities holds its territory, and how:

- a number that ceased on a date leads to the numbers it changed into on that date; those are
  followed forward from that date until a number in the latest version is reached;
- one old number to several new ones is a split, several old numbers into one new one a merge,
  one to one a renumbering; the chain as a whole is as strong as its strongest step;
- a change that keeps the old number among the new ones (a name change, or a small part moved
  to a neighbour) does not end the number.

SSB has not reused a municipality number in 1977-2024, so a number has one history. Should it
ever do, ``MunicipalityCode.valid_from``/``valid_to`` are where to tell the lives apart.

A file is read in bounded memory (``jsonstream``): its items one at a time. A number listed
twice in one version, or a change listed twice, is refused: it means a file put together
wrongly (two files joined, or one repeated), and the map built from it could not be trusted.
"""

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.importers.jsonstream import (
    JsonStreamError,
    MemberStream,
    Streamed,
    top_level,
)
from kaaring.municipal_stats.models import CodeRelation

_ITEMS = ("classificationItems", "codeChanges")

UNSPECIFIED = "9999"  # "Uoppgitt": a bucket in the classification, not a municipality

_SEVERITY = [CodeRelation.CURRENT, CodeRelation.RENUMBERED, CodeRelation.MERGED, CodeRelation.SPLIT]


@dataclass(frozen=True)
class KlassVersion:
    source: str
    valid_from: dt.date
    valid_to: dt.date | None
    names: dict[str, str]


@dataclass(frozen=True)
class CodeChange:
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    date: dt.date


@dataclass(frozen=True)
class MunicipalityRow:
    number: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None


@dataclass(frozen=True)
class CodeRow:
    code: str
    name: str
    municipality_number: str
    relation: CodeRelation
    is_continuation: bool
    valid_from: dt.date | None
    valid_to: dt.date | None


def read_klass_file(
    path: Path, *, progress: Callable[[int], None] | None = None
) -> KlassVersion | list[CodeChange]:
    """One KLASS 131 file: a classification version or the change table. ``progress`` is told
    the number of items read so far, now and then."""
    name = path.name
    try:
        with path.open("rb") as stream:
            data = top_level(stream, streamed=_ITEMS)
        kind = next((k for k in _ITEMS if isinstance(data.get(k), Streamed)), None)
        if kind is None:
            raise StatsImportError(
                name,
                "neither a KLASS version (classificationItems) nor a change table (codeChanges)",
            )
        if data[kind].kind != "array":
            raise StatsImportError(name, f"{kind} is not a list")
        with path.open("rb") as stream:
            items = _counted(iter(MemberStream(stream, kind)), progress)
            if kind == "codeChanges":
                return _read_changes(name, items)
            return _read_version(name, data, items)
    except JsonStreamError as exc:
        raise StatsImportError(name, exc.reason, line=exc.line) from exc
    except OSError as exc:
        raise StatsImportError(name, f"cannot be read: {exc.strerror}") from exc


def _counted(items: Iterator[Any], progress: Callable[[int], None] | None) -> Iterator[Any]:
    count = 0
    for count, item in enumerate(items, start=1):
        if progress is not None and count % 1000 == 0:
            progress(count)
        yield item
    if progress is not None:
        progress(count)


def _date(source: str, value: Any, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise StatsImportError(source, f"{what} is not a date: {value!r}") from exc


def _code(source: str, value: Any) -> str:
    code = str(value or "")
    if not re.fullmatch(r"[0-9]{4}", code):
        raise StatsImportError(source, f"not a four-digit municipality number: {value!r}")
    return code


def _read_version(source: str, data: dict[str, Any], items: Iterator[Any]) -> KlassVersion:
    names: dict[str, str] = {}
    for item in items:
        if not isinstance(item, dict):
            raise StatsImportError(source, "classificationItems holds something else than items")
        code = _code(source, item.get("code"))
        if code in names:
            raise StatsImportError(
                source, f"municipality number {code} is listed twice in one version"
            )
        if code != UNSPECIFIED:
            names[code] = str(item.get("name") or code)
    valid_to = data.get("validTo")
    return KlassVersion(
        source=source,
        valid_from=_date(source, data.get("validFrom"), "validFrom"),
        valid_to=_date(source, valid_to, "validTo") if valid_to else None,
        names=names,
    )


def _read_changes(source: str, items: Iterator[Any]) -> list[CodeChange]:
    changes = []
    seen: set[tuple[str, str, dt.date]] = set()
    for item in items:
        try:
            change = CodeChange(
                old_code=_code(source, item["oldCode"]),
                old_name=str(item.get("oldName") or ""),
                new_code=_code(source, item["newCode"]),
                new_name=str(item.get("newName") or ""),
                date=_date(source, item["changeOccurred"], "changeOccurred"),
            )
        except (KeyError, TypeError) as exc:
            raise StatsImportError(source, f"a code change lacks {exc}") from exc
        key = (change.old_code, change.new_code, change.date)
        if key in seen:
            raise StatsImportError(
                source,
                f"the change {change.old_code} → {change.new_code} on {change.date} "
                "is listed twice",
            )
        seen.add(key)
        changes.append(change)
    return changes


def _same_name(a: str, b: str) -> bool:
    """'Sande (Møre og Romsdal)' is Sande; 'Trondheim - Tråante' is Trondheim."""

    def parts(name: str) -> set[str]:
        name = re.sub(r"\s*\(.*?\)\s*", " ", name).strip().casefold()
        return {p.strip() for p in name.split(" - ") if p.strip()}

    return bool(parts(a) & parts(b))


def _stronger(a: CodeRelation, b: CodeRelation) -> CodeRelation:
    return a if _SEVERITY.index(a) >= _SEVERITY.index(b) else b


class _History:
    def __init__(self, versions: list[KlassVersion], changes: list[CodeChange]) -> None:
        self.latest = max(versions, key=lambda v: v.valid_from)
        self.news: dict[tuple[str, dt.date], list[CodeChange]] = defaultdict(list)
        self.olds_into: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
        self.dates: dict[str, set[dt.date]] = defaultdict(set)
        for change in changes:
            self.news[(change.old_code, change.date)].append(change)
            self.olds_into[(change.new_code, change.date)].add(change.old_code)
            self.dates[change.old_code].add(change.date)
        self.names: dict[str, str] = {}
        for change in sorted(changes, key=lambda c: c.date):
            self.names.setdefault(change.new_code, change.new_name)
            self.names[change.old_code] = change.old_name
        for version in sorted(versions, key=lambda v: v.valid_from):
            self.names.update(version.names)
        self.introduced: dict[str, dt.date] = {}
        for change in sorted(changes, key=lambda c: c.date):
            if change.new_code not in self.olds_into[(change.new_code, change.date)]:
                self.introduced.setdefault(change.new_code, change.date)

    def ceased(self, code: str, after: dt.date | None) -> dt.date | None:
        for date in sorted(self.dates[code]):
            if after is not None and date <= after:
                continue
            if code not in {c.new_code for c in self.news[(code, date)]}:
                return date
        return None

    def resolve(
        self, code: str, origin: str, after: dt.date | None = None
    ) -> list[tuple[str, CodeRelation]]:
        """(current number, relation) for each municipality ``code``'s territory is in now."""
        date = self.ceased(code, after)
        if date is None:
            return [(code, CodeRelation.CURRENT)] if code in self.latest.names else []
        successors = self.news[(code, date)]
        narrowed = False
        if len(successors) > 1 and after is not None:
            # A former municipality merged into one that was later divided: it went with the
            # part that carries its name (Haram 1534 → Ålesund 1507 → Haram 1580).
            named = [c for c in successors if _same_name(origin, c.new_name)]
            narrowed = len(named) == 1
            if narrowed:
                successors = named
        out = []
        for change in successors:
            if len(successors) > 1:
                step = CodeRelation.SPLIT
            elif narrowed or len(self.olds_into[(change.new_code, date)]) > 1:
                step = CodeRelation.MERGED
            else:
                step = CodeRelation.RENUMBERED
            for number, relation in self.resolve(change.new_code, origin, date):
                out.append((number, _stronger(step, relation)))
        return out


def build_code_map(
    versions: list[KlassVersion], changes: list[CodeChange]
) -> tuple[list[MunicipalityRow], list[CodeRow]]:
    """Today's municipalities and every number's way to them."""
    history = _History(versions, changes)
    latest = history.latest
    municipalities = [
        MunicipalityRow(
            number=number,
            name=name,
            valid_from=history.introduced.get(number),
            valid_to=latest.valid_to,
        )
        for number, name in sorted(latest.names.items())
    ]
    all_codes = set(history.names) - {UNSPECIFIED}
    rows: dict[tuple[str, str], CodeRow] = {}
    for code in sorted(all_codes):
        name = history.names[code]
        for number, relation in history.resolve(code, name):
            key = (code, number)
            if key in rows:
                relation = _stronger(relation, rows[key].relation)
            # The municipality's own earlier number: it still carries the name it had then.
            continuation = _same_name(name, latest.names[number])
            rows[key] = CodeRow(
                code=code,
                name=name,
                municipality_number=number,
                relation=relation,
                is_continuation=continuation,
                valid_from=history.introduced.get(code),
                valid_to=history.ceased(code, None),
            )
    return municipalities, list(rows.values())
