"""Writes: importing the municipality classification and SSB's and IMDi's figures.

Every import runs in one transaction: a bad file raises ``StatsImportError`` and stores nothing.
Importing the same source with the same snapshot date again is a no-op when the bytes are the
same, and replaces that snapshot's figures when they differ (a corrected file); a source with a
new snapshot date is stored beside the earlier ones. Rows are written with ``bulk_create``;
lookups are made once per import, never per row.
"""

import datetime as dt
import hashlib
import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from kaaring.audit.services import log_action
from kaaring.awards.services import edition_pages_changed
from kaaring.municipal_stats.counties import COUNTY_NAMES, county_name
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.importers.common import FigureRow, ParsedSource, dimensions_key
from kaaring.municipal_stats.importers.imdi import read_imdi
from kaaring.municipal_stats.importers.jsonstat import read_jsonstat
from kaaring.municipal_stats.importers.klass import (
    CodeChange,
    KlassVersion,
    build_code_map,
    read_klass_file,
)
from kaaring.municipal_stats.indicators import CATALOGUE, IndicatorSpec
from kaaring.municipal_stats.models import (
    Figure,
    Indicator,
    Municipality,
    MunicipalityCode,
    Publisher,
    RegionLevel,
    Snapshot,
)

SAMPLE_DATA = Path(__file__).resolve().parent / "sample_data"
URL_TIMEOUT_SECONDS = 30
MAX_DOWNLOAD_BYTES = 200 * 1024 * 1024


@dataclass(frozen=True)
class MunicipalitiesImported:
    municipalities: int
    codes: int


@dataclass(frozen=True)
class FiguresImported:
    snapshot: Snapshot
    figures: int
    unchanged: bool
    skipped: dict[str, int] = field(default_factory=dict)


def municipalities_import(*, paths: Sequence[Path]) -> MunicipalitiesImported:
    """Today's municipalities and every number's way to them, from KLASS 131 files."""
    versions: list[KlassVersion] = []
    changes: list[CodeChange] = []
    for path in paths:
        read = read_klass_file(path)
        if isinstance(read, KlassVersion):
            versions.append(read)
        else:
            changes.extend(read)
    if not versions:
        names = ", ".join(p.name for p in paths)
        raise StatsImportError(names, "no KLASS 131 version among the files (only change tables)")
    municipalities, codes = build_code_map(versions, changes)
    with transaction.atomic():
        Municipality.objects.bulk_create(
            [
                Municipality(
                    number=m.number,
                    name=m.name,
                    county_number=m.number[:2],
                    county_name=county_name(m.number[:2]),
                    valid_from=m.valid_from,
                    valid_to=m.valid_to,
                )
                for m in municipalities
            ],
            update_conflicts=True,
            unique_fields=["number"],
            update_fields=["name", "county_number", "county_name", "valid_from", "valid_to"],
        )
        ended = {c.code: c.valid_to for c in codes if c.valid_to is not None}
        current = {m.number for m in municipalities}
        for retired in Municipality.objects.exclude(number__in=current).filter(
            valid_to__isnull=True
        ):
            retired.valid_to = ended.get(retired.number) or timezone.localdate()
            retired.save(update_fields=["valid_to"])
        ids = dict(Municipality.objects.values_list("number", "id"))
        MunicipalityCode.objects.all().delete()
        MunicipalityCode.objects.bulk_create(
            [
                MunicipalityCode(
                    code=c.code,
                    name=c.name,
                    municipality_id=ids[c.municipality_number],
                    relation=c.relation,
                    is_continuation=c.is_continuation,
                    valid_from=c.valid_from,
                    valid_to=c.valid_to,
                )
                for c in codes
            ],
            batch_size=1000,
        )
        edition_pages_changed()  # nominee pages show figures found through these numbers
        log_action(
            "municipal_stats.municipalities_imported",
            actor=None,
            organisation=None,
            data={
                "files": [p.name for p in paths],
                "municipalities": len(municipalities),
                "codes": len(codes),
            },
        )
    return MunicipalitiesImported(municipalities=len(municipalities), codes=len(codes))


def ssb_import(
    *, location: str, snapshot_date: dt.date | None = None, source_label: str = ""
) -> FiguresImported:
    """An SSB table in JSON-stat 2.0, from a file or an http(s) URL (PxWebApi)."""
    if location.startswith(("http://", "https://")):
        raw, label = _download(location), location
    else:
        path = Path(location)
        raw, label = _read(path), source_label or path.name
    parsed = read_jsonstat(raw, label)
    date = snapshot_date or parsed.snapshot_date
    if date is None and "://" in label:
        date = timezone.localdate()  # fetched now; the table names no date of its own
    return _store(parsed, publisher=Publisher.SSB, raw=raw, date=date)


def imdi_import(
    *, path: Path, snapshot_date: dt.date | None = None, source_label: str = ""
) -> FiguresImported:
    """An IMDi CSV table (wide or long layout)."""
    raw = _read(path)
    parsed = read_imdi(raw, source_label or path.name)
    approximate = False
    date = snapshot_date or parsed.snapshot_date
    if date is None:
        known = _sample_manifest().get(hashlib.sha256(raw).hexdigest())
        if known:
            date = dt.date.fromisoformat(known["snapshot_date"])
            approximate = bool(known.get("approximate"))
            parsed.notes = known.get("note", "")
    return _store(parsed, publisher=Publisher.IMDI, raw=raw, date=date, approximate=approximate)


def sample_data_import() -> list[tuple[str, Any]]:
    """Everything in ``sample_data``: municipalities first, then every table in the manifest."""
    done: list[tuple[str, Any]] = []
    klass = sorted((SAMPLE_DATA / "klass131").glob("*.json"))
    done.append(("klass131", municipalities_import(paths=klass)))
    for entry in _manifest_entries():
        path = SAMPLE_DATA / entry["path"]
        if entry["publisher"] == Publisher.SSB:
            done.append((entry["path"], ssb_import(location=str(path))))
        else:
            done.append((entry["path"], imdi_import(path=path)))
    return done


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise StatsImportError(str(path), f"cannot be read: {exc.strerror}") from exc


def _download(url: str) -> bytes:
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - scheme checked by the caller: http(s) only
    try:
        with urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310 - as above
            raw: bytes = response.read(MAX_DOWNLOAD_BYTES + 1)
    except urllib.error.HTTPError as exc:
        raise StatsImportError(url, f"the server answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise StatsImportError(url, f"did not answer: {reason}") from exc
    if len(raw) > MAX_DOWNLOAD_BYTES:
        raise StatsImportError(url, f"larger than {MAX_DOWNLOAD_BYTES // 2**20} MB")
    return raw


def _manifest_entries() -> list[dict[str, Any]]:
    manifest = json.loads((SAMPLE_DATA / "manifest.json").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = manifest["files"]
    return entries


@cache
def _sample_manifest() -> dict[str, dict[str, Any]]:
    """The shipped sample files by their SHA-256, so that their snapshot dates are known."""
    found = {}
    for entry in _manifest_entries():
        path = SAMPLE_DATA / entry["path"]
        if path.exists() and entry.get("snapshot_date"):
            found[hashlib.sha256(path.read_bytes()).hexdigest()] = entry
    return found


def _checked_rows(parsed: ParsedSource) -> list[FigureRow]:
    """Every region number known, and no cell given twice with different figures."""
    known = set(MunicipalityCode.objects.values_list("code", flat=True))
    if not known:
        raise StatsImportError(
            parsed.source, "no municipalities yet: run import_municipalities with KLASS 131 first"
        )
    seen: dict[tuple[Any, ...], FigureRow] = {}
    for row in parsed.rows:
        if row.level == RegionLevel.MUNICIPALITY and row.code not in known:
            raise StatsImportError(
                parsed.source, f"unknown municipality number {row.code}", line=row.line
            )
        if row.level == RegionLevel.COUNTY and row.code not in COUNTY_NAMES:
            raise StatsImportError(
                parsed.source, f"unknown county number {row.code}", line=row.line
            )
        key = (row.indicator, row.level, row.code, row.period, dimensions_key(row.dimensions))
        earlier = seen.get(key)
        if earlier is None:
            seen[key] = row
        elif (earlier.value, earlier.status) != (row.value, row.status):
            raise StatsImportError(
                parsed.source,
                f"two different figures for {row.indicator} {row.code} {row.period} "
                f"(also on line {earlier.line})",
                line=row.line,
            )
    return list(seen.values())


def _indicator_ids(specs: dict[str, IndicatorSpec]) -> dict[str, int]:
    def model(spec: IndicatorSpec) -> Indicator:
        return Indicator(
            code=spec.code,
            name_nb=spec.name_nb,
            name_nn=spec.name_nn,
            name_en=spec.name_en,
            unit=spec.unit,
            decimals=spec.decimals,
        )

    known = [model(s) for s in specs.values() if s.code in CATALOGUE]
    Indicator.objects.bulk_create(
        known,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name_nb", "name_nn", "name_en", "unit", "decimals"],
    )
    # Names of tables the catalogue does not know may have been improved by hand: keep them.
    others = [model(s) for s in specs.values() if s.code not in CATALOGUE]
    Indicator.objects.bulk_create(others, ignore_conflicts=True)
    return dict(Indicator.objects.filter(code__in=specs).values_list("code", "id"))


def _store(
    parsed: ParsedSource,
    *,
    publisher: Publisher,
    raw: bytes,
    date: dt.date | None,
    approximate: bool = False,
) -> FiguresImported:
    if date is None:
        raise StatsImportError(
            parsed.source, "the snapshot date is unknown: give it with --snapshot-date YYYY-MM-DD"
        )
    sha256 = hashlib.sha256(raw).hexdigest()
    rows = _checked_rows(parsed)
    with transaction.atomic():
        snapshot = (
            Snapshot.objects.select_for_update()
            .filter(publisher=publisher, source=parsed.source, snapshot_date=date)
            .first()
        )
        if snapshot is not None and snapshot.sha256 == sha256:
            return FiguresImported(snapshot, snapshot.figure_count, True, parsed.skipped)
        if snapshot is None:
            snapshot = Snapshot(publisher=publisher, source=parsed.source, snapshot_date=date)
        else:
            snapshot.figures.all().delete()
        snapshot.table = parsed.table[:200]
        snapshot.title = parsed.title[:500]
        snapshot.date_is_approximate = approximate
        snapshot.sha256 = sha256
        snapshot.notes = parsed.notes
        snapshot.imported_at = timezone.now()
        snapshot.figure_count = len(rows)
        snapshot.save()
        indicator_ids = _indicator_ids(parsed.indicators)
        _insert_figures(snapshot, rows, indicator_ids)
        edition_pages_changed()  # nominee pages show key figures
        log_action(
            "municipal_stats.figures_imported",
            actor=None,
            organisation=None,
            target=snapshot,
            data={"source": parsed.source, "date": date.isoformat(), "figures": len(rows)},
        )
    return FiguresImported(snapshot, len(rows), False, parsed.skipped)


def _insert_figures(
    snapshot: Snapshot, rows: list[FigureRow], indicator_ids: dict[str, int]
) -> None:
    """One multi-row INSERT per batch, without building a model instance per figure: the ORM's
    bulk_create spends most of an import's time on instances (measured: 4 times slower)."""
    meta = Figure._meta
    columns = [
        "snapshot_id",
        "indicator_id",
        "region_level",
        "region_code",
        "period",
        "dimensions",
        "dimensions_key",
        "value",
        "status",
    ]
    quote = connection.ops.quote_name
    # Identifiers from the model's own metadata, quoted; values go as parameters.
    names = ", ".join(quote(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    json_field = meta.get_field("dimensions")
    prepared: dict[tuple[tuple[str, str], ...], tuple[Any, str]] = {}
    values = []
    for row in rows:
        if row.dimensions not in prepared:
            prepared[row.dimensions] = (
                json.dumps(dict(row.dimensions), ensure_ascii=False)
                if connection.vendor == "postgresql"
                else json_field.get_db_prep_save(dict(row.dimensions), connection),
                dimensions_key(row.dimensions),
            )
        dims, key = prepared[row.dimensions]
        values.append(
            (
                snapshot.pk,
                indicator_ids[row.indicator],
                row.level.value,
                row.code,
                row.period,
                dims,
                key,
                row.value,
                row.status.value,
            )
        )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a round trip per row (psycopg 3).
            copy_sql = (
                f"COPY {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row_values in values:
                    copy.write_row(row_values)
        else:
            for start in range(0, len(values), 5000):
                cursor.executemany(sql, values[start : start + 5000])
