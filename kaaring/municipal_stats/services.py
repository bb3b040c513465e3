"""Writes: importing the municipality classification and SSB's and IMDi's figures.

Every import runs in one transaction: a bad file raises ``StatsImportError`` and stores nothing.
Importing the same source with the same snapshot date again is a no-op when the bytes are the
same, and replaces that snapshot's figures when they differ (a corrected file); a source with a
new snapshot date is stored beside the earlier ones. Lookups are made once per import, never per
row.

Figures stream from the reader to the database in bounded memory: each row is checked and
written as it is read (COPY on PostgreSQL, batched INSERTs elsewhere), so a file is never held
whole; what grows with a file is one small entry per distinct cell, to catch a cell given twice.
A cell given twice refuses the file (two files joined, or one repeated) unless the two agree and
the caller allows repeats (``allow_repeats``, or a shipped file whose manifest explains them),
in which case the repeats are reported.
"""

import datetime as dt
import hashlib
import json
import shutil
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
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
_BATCH = 5000
_PROGRESS_EVERY = 5000  # rows between two progress reports


@dataclass(frozen=True)
class ImportProgress:
    """How far an import has come, for a progress bar: bytes of the file read (0 of 0 when the
    size is unknown) and rows (figures, or classification items) read."""

    source: str
    bytes_read: int
    total_bytes: int
    rows: int


ProgressCallback = Callable[[ImportProgress], None]


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


def municipalities_import(
    *, paths: Sequence[Path], progress: ProgressCallback | None = None
) -> MunicipalitiesImported:
    """Today's municipalities and every number's way to them, from KLASS 131 files."""
    versions: list[KlassVersion] = []
    changes: list[CodeChange] = []
    for path in paths:

        def told(items: int, name: str = path.name) -> None:
            if progress is not None:
                progress(ImportProgress(name, 0, 0, items))

        read = read_klass_file(path, progress=told)
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
    *,
    location: str,
    snapshot_date: dt.date | None = None,
    source_label: str = "",
    allow_repeats: bool = False,
    progress: ProgressCallback | None = None,
) -> FiguresImported:
    """An SSB table in JSON-stat 2.0, from a file or an http(s) URL (PxWebApi)."""
    with _local_copy(location) as path:
        is_url = location.startswith(("http://", "https://"))
        label = location if is_url else (source_label or path.name)
        parsed = read_jsonstat(path, label)
        date = snapshot_date or parsed.snapshot_date
        if date is None and "://" in label:
            date = timezone.localdate()  # fetched now; the table names no date of its own
        return _store(
            parsed,
            publisher=Publisher.SSB,
            sha256=_sha256(path, label),
            date=date,
            allow_repeats=allow_repeats,
            progress=progress,
        )


def imdi_import(
    *,
    path: Path,
    snapshot_date: dt.date | None = None,
    source_label: str = "",
    allow_repeats: bool = False,
    progress: ProgressCallback | None = None,
) -> FiguresImported:
    """An IMDi CSV table (wide or long layout)."""
    label = source_label or path.name
    sha256 = _sha256(path, label)
    parsed = read_imdi(path, label)
    approximate = False
    date = snapshot_date or parsed.snapshot_date
    known = _sample_manifest().get(sha256)
    if known:
        allow_repeats = allow_repeats or bool(known.get("repeats_allowed"))
    if date is None and known:
        date = dt.date.fromisoformat(known["snapshot_date"])
        approximate = bool(known.get("approximate"))
        parsed.notes = known.get("note", "")
    return _store(
        parsed,
        publisher=Publisher.IMDI,
        sha256=sha256,
        date=date,
        approximate=approximate,
        allow_repeats=allow_repeats,
        progress=progress,
    )


def sample_data_import(*, progress: ProgressCallback | None = None) -> list[tuple[str, Any]]:
    """Everything in ``sample_data``: municipalities first, then every table in the manifest."""
    done: list[tuple[str, Any]] = []
    klass = sorted((SAMPLE_DATA / "klass131").glob("*.json"))
    done.append(("klass131", municipalities_import(paths=klass)))
    for entry in _manifest_entries():
        path = SAMPLE_DATA / entry["path"]
        if entry["publisher"] == Publisher.SSB:
            done.append((entry["path"], ssb_import(location=str(path), progress=progress)))
        else:
            done.append((entry["path"], imdi_import(path=path, progress=progress)))
    return done


def _sha256(path: Path, source: str) -> str:
    try:
        with path.open("rb") as stream:
            return hashlib.file_digest(stream, "sha256").hexdigest()
    except OSError as exc:
        raise StatsImportError(source, f"cannot be read: {exc.strerror}") from exc


@contextmanager
def _local_copy(location: str) -> Iterator[Path]:
    """The file itself, or a URL's body saved to a temporary file (never held in memory)."""
    if not location.startswith(("http://", "https://")):
        yield Path(location)
        return
    request = urllib.request.Request(location, headers={"Accept": "application/json"})  # noqa: S310 - scheme checked above: http(s) only
    with tempfile.TemporaryDirectory(prefix="kaaring-import-") as folder:
        path = Path(folder) / "download.json"
        try:
            with (
                urllib.request.urlopen(request, timeout=URL_TIMEOUT_SECONDS) as response,  # noqa: S310 - as above
                path.open("wb") as saved,
            ):
                shutil.copyfileobj(_LimitedBody(response, location), saved)
        except urllib.error.HTTPError as exc:
            raise StatsImportError(
                location, f"the server answered {exc.code} {exc.reason}"
            ) from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise StatsImportError(location, f"did not answer: {reason}") from exc
        yield path


class _LimitedBody:
    """A response body that refuses to go past ``MAX_DOWNLOAD_BYTES``."""

    def __init__(self, response: Any, url: str) -> None:
        self.response = response
        self.url = url
        self.read_so_far = 0

    def read(self, size: int = -1) -> bytes:
        data: bytes = self.response.read(size if size > 0 else 1 << 16)
        self.read_so_far += len(data)
        if self.read_so_far > MAX_DOWNLOAD_BYTES:
            raise StatsImportError(self.url, f"larger than {MAX_DOWNLOAD_BYTES // 2**20} MB")
        return data


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


class _RowCheck:
    """Every region number known, and no cell given twice.

    A cell is remembered by a 64-bit hash of its key, with a hash of its figure: about 100 bytes
    per distinct cell, whatever the file's size otherwise.
    """

    def __init__(self, source: str, *, allow_repeats: bool) -> None:
        self.source = source
        self.allow_repeats = allow_repeats
        self.known = set(MunicipalityCode.objects.values_list("code", flat=True))
        if not self.known:
            raise StatsImportError(
                source, "no municipalities yet: run import_municipalities with KLASS 131 first"
            )
        self.seen: dict[int, int] = {}
        self.repeats = 0

    def new(self, row: FigureRow) -> bool:
        """True for a row to store, False for an allowed repeat; raises for a bad row."""
        if row.level == RegionLevel.MUNICIPALITY and row.code not in self.known:
            raise StatsImportError(
                self.source, f"unknown municipality number {row.code}", line=row.line
            )
        if row.level == RegionLevel.COUNTY and row.code not in COUNTY_NAMES:
            raise StatsImportError(self.source, f"unknown county number {row.code}", line=row.line)
        key = hash((row.indicator, row.level, row.code, row.period, row.dimensions))
        figure = hash((row.value, row.status))
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = figure
            return True
        cell = f"{row.indicator} {row.code} {row.period}"
        if row.dimensions:
            cell += " (" + dimensions_key(row.dimensions) + ")"
        if earlier != figure:
            raise StatsImportError(self.source, f"two different figures for {cell}", line=row.line)
        if not self.allow_repeats:
            raise StatsImportError(
                self.source,
                f"the figure for {cell} is given twice (a file repeated or two files joined?); "
                "import with --allow-repeats if the repeats are the publisher's",
                line=row.line,
            )
        self.repeats += 1
        return False


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
    sha256: str,
    date: dt.date | None,
    approximate: bool = False,
    allow_repeats: bool = False,
    progress: ProgressCallback | None = None,
) -> FiguresImported:
    if date is None:
        raise StatsImportError(
            parsed.source, "the snapshot date is unknown: give it with --snapshot-date YYYY-MM-DD"
        )
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
        snapshot.sha256 = sha256
        snapshot.imported_at = timezone.now()
        snapshot.save()
        check = _RowCheck(parsed.source, allow_repeats=allow_repeats)
        count = 0
        with _FigureWriter(snapshot) as writer:
            indicators = _Indicators(parsed, writer)
            for read, row in enumerate(parsed.rows, start=1):
                if check.new(row):
                    writer.add(row, indicators.id(row.indicator))
                    count += 1
                if progress is not None and read % _PROGRESS_EVERY == 0:
                    progress(ImportProgress(parsed.source, parsed.position(), parsed.size, count))
        if count == 0:
            raise StatsImportError(parsed.source, "no figures found (unknown table layout?)")
        if progress is not None:
            progress(ImportProgress(parsed.source, parsed.size, parsed.size, count))
        if check.repeats:
            parsed.skipped["repeated figure, same as an earlier line"] = check.repeats
        snapshot.table = parsed.table[:200]
        snapshot.title = parsed.title[:500]
        snapshot.date_is_approximate = approximate
        snapshot.notes = parsed.notes
        snapshot.figure_count = count
        snapshot.save()
        edition_pages_changed()  # nominee pages show key figures
        log_action(
            "municipal_stats.figures_imported",
            actor=None,
            organisation=None,
            target=snapshot,
            data={"source": parsed.source, "date": date.isoformat(), "figures": count},
        )
    return FiguresImported(snapshot, count, False, parsed.skipped)


class _Indicators:
    """Indicator ids by code, each indicator created or updated when its first row comes."""

    def __init__(self, parsed: ParsedSource, writer: "_FigureWriter") -> None:
        self.parsed = parsed
        self.writer = writer
        self.ids: dict[str, int] = {}

    def id(self, code: str) -> int:
        found = self.ids.get(code)
        if found is None:
            spec = self.parsed.indicators.get(code) or CATALOGUE[code]
            self.writer.pause()  # no other statement while a COPY runs on the connection
            self.ids.update(_indicator_ids({code: spec}))
            found = self.ids[code]
        return found


class _FigureWriter:
    """Rows into the figure table as they come, without building a model instance per figure
    (the ORM's bulk_create spends most of an import's time on instances; measured: 4 times
    slower): COPY on PostgreSQL, one multi-row INSERT per batch elsewhere."""

    COLUMNS = (
        "snapshot_id",
        "indicator_id",
        "region_level",
        "region_code",
        "period",
        "dimensions",
        "dimensions_key",
        "value",
        "status",
    )

    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot_id = snapshot.pk
        self.json_field = Figure._meta.get_field("dimensions")
        self.prepared: dict[tuple[tuple[str, str], ...], tuple[Any, str]] = {}
        self.batch: list[tuple[Any, ...]] = []
        self.postgresql = connection.vendor == "postgresql"

    def __enter__(self) -> "_FigureWriter":
        quote = connection.ops.quote_name
        table = quote(Figure._meta.db_table)
        names = ", ".join(quote(c) for c in self.COLUMNS)
        self.cursor = connection.cursor().__enter__()
        self.copy: Any = None
        # COPY: one stream instead of a round trip per row (psycopg 3).
        self.copy_sql = f"COPY {table} ({names}) FROM STDIN"
        placeholders = ", ".join(["%s"] * len(self.COLUMNS))
        # Identifiers from the model's own metadata, quoted; values go as parameters.
        self.sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        return self

    def pause(self) -> None:
        """Finish the COPY under way, so that another statement can run; the next row starts a
        new one."""
        if self.copy is not None:
            self.copy = None
            self.copying.__exit__(None, None, None)

    def add(self, row: FigureRow, indicator_id: int) -> None:
        if row.dimensions not in self.prepared:
            self.prepared[row.dimensions] = (
                json.dumps(dict(row.dimensions), ensure_ascii=False)
                if self.postgresql
                else self.json_field.get_db_prep_save(dict(row.dimensions), connection),
                dimensions_key(row.dimensions),
            )
        dims, key = self.prepared[row.dimensions]
        values = (
            self.snapshot_id,
            indicator_id,
            row.level.value,
            row.code,
            row.period,
            dims,
            key,
            row.value,
            row.status.value,
        )
        if self.postgresql:
            if self.copy is None:
                # Held: psycopg's copy() is a generator context manager that ends the COPY
                # when it is collected.
                self.copying = self.cursor.cursor.copy(self.copy_sql)
                self.copy = self.copying.__enter__()
            self.copy.write_row(values)
            return
        self.batch.append(values)
        if len(self.batch) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.cursor.executemany(self.sql, self.batch)
            self.batch = []

    def __exit__(self, kind: Any, error: Any, trace: Any) -> None:
        try:
            if self.copy is not None:
                self.copying.__exit__(kind, error, trace)
            elif kind is None:
                self._flush()
        finally:
            self.cursor.__exit__(kind, error, trace)
