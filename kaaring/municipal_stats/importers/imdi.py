"""Reading IMDi's CSV tables, in every layout IMDi has published them.

Two layouts:

- *wide*: one row per municipality (or county), one column per measure. The column's meaning
  is spread over one to four header rows of ``variable.value`` cells (``bosetting.anmodning`` /
  ``kjonn.alle`` / ``enhet.personer``), or packed into one header cell
  (``anmodning_2015_personer``, ``avslutta.ettaar_kjonn.alle_…_enhet.personer``), or a plain
  word (``Anmodning``, ``Bosatte``). Data start at the first row whose number column holds a
  number.
- *long* ("flat"): one row per figure, with ``tabellvariabel`` as the value and the variables
  as columns (``aar``, ``fylke_nr``, ``kommune_nr``, ``bosetting``, ``enhet``, …).

The variables then name an indicator (see ``_indicator``). Cells: '.' missing, ':' suppressed
(fewer than 5 persons), blank or ``NULL`` = no figure at all (a column not yet filled in, not a
zero). Encodings ISO-8859-1 or UTF-8, separators ';' or ',', decimal comma or point.

The file is read twice, in bounded memory: once in chunks to tell its encoding, and once as CSV,
a row at a time; rows come out as a generator for the service to store as they come. Only the
first rows (the header) are held.
"""

import codecs
import csv
import datetime as dt
import io
import itertools
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path, PurePath
from typing import Any

from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.importers.common import (
    NOT_A_PLACE,
    FigureRow,
    ParsedSource,
    decimal_value,
)
from kaaring.municipal_stats.indicators import CATALOGUE
from kaaring.municipal_stats.models import COUNTRY_CODE, FigureStatus, RegionLevel

_VARIABLES = {
    "avslutning.status.4": "avslutning_status_4",
    "avslutning_status_4": "avslutning_status_4",
    "avslutning_arsak_8": "avslutning_arsak_8",
    "avslutning_arsak_3": "avslutning_arsak_3",
    "avslutta": "avslutta",
    "bosetting": "bosetting",
    "enhet": "enhet",
    "kjonn": "kjonn",
    "kohort": "kohort",
    "aar": "aar",
}
_WORDS = {
    "anmodning": ("bosetting", "anmodning"),
    "vedtak": ("bosetting", "vedtak"),
    "bosatt": ("bosetting", "bosatt"),
    "bosatte": ("bosetting", "bosatt"),
    "personer": ("enhet", "personer"),
    "prosent": ("enhet", "prosent"),
    "promille": ("enhet", "promille"),
}
_NUMBER_COLUMNS = {
    "kommune_nr": RegionLevel.MUNICIPALITY,
    "kommunenummer": RegionLevel.MUNICIPALITY,
}
_NUMBER_COLUMNS["fylke_nr"] = RegionLevel.COUNTY
_LABEL_COLUMNS = {
    "kommune",
    "kommunenavn",
    "kommune_navn",
    "kommune_nr-kommunenavn",
    "fylke",
    "fylke_navn",
    "nedbrytninger",
}
_SYMBOLS = {".": FigureStatus.MISSING, "..": FigureStatus.MISSING, ":": FigureStatus.CONFIDENTIAL}
_BLANK = {"", "NULL"}


class _UnknownHeaderError(ValueError):
    pass


_CHUNK_BYTES = 1 << 20
_HEAD_ROWS = 12  # enough for four header rows and the data rows that show where data start
_C1 = re.compile(rb"[\x80-\x9f]")


def read_imdi(path: Path, source: str) -> ParsedSource:
    encoding = _encoding(path, source)
    name = PurePath(source).name
    parsed = ParsedSource(
        source=source,
        table=_table_name(name),
        title=name,
        rows=iter(()),
        indicators={},
        snapshot_date=snapshot_date_in_name(name),
        size=path.stat().st_size,
    )
    parsed.rows = _rows(parsed, path, encoding)
    return parsed


def _rows(parsed: ParsedSource, path: Path, encoding: str) -> Iterator[FigureRow]:
    with path.open("rb") as stream, io.TextIOWrapper(stream, encoding, newline="") as text:
        parsed.position = stream.tell
        first = ""
        for line in text:
            if line.strip():
                first = line
                break
        if not first:
            raise StatsImportError(parsed.source, "the file is empty")
        text.seek(0)
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        rows = _csv_rows(parsed, csv.reader(text, delimiter=delimiter))
        head = list(itertools.islice(rows, _HEAD_ROWS))
        header = [cell.strip().lower() for cell in head[0][1]]
        if "tabellvariabel" in header:
            found = _read_long(parsed, header, itertools.chain(head[1:], rows))
        else:
            found = _read_wide(parsed, head, rows)
        for figure in found:
            parsed.indicators.setdefault(figure.indicator, CATALOGUE[figure.indicator])
            yield figure


def _csv_rows(parsed: ParsedSource, reader: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        for row in reader:
            yield reader.line_num, row
    except csv.Error as exc:
        raise StatsImportError(
            parsed.source, f"not readable as CSV: {exc}", line=reader.line_num
        ) from exc


def _encoding(path: Path, source: str) -> str:
    """UTF-8 (with or without a byte order mark) or ISO-8859-1, read in chunks."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    lines = 1
    c1_line = None  # the first line with a byte that ISO-8859-1 text never holds
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK_BYTES):
                if b"\x00" in chunk:
                    raise StatsImportError(
                        source, "not a text file in ISO-8859-1 or UTF-8 (NUL bytes)"
                    )
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
                if c1_line is None and (c1 := _C1.search(chunk)):
                    c1_line = lines + chunk.count(b"\n", 0, c1.start())
                lines += chunk.count(b"\n")
            if utf8:
                decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        utf8 = False
    except OSError as exc:
        raise StatsImportError(source, f"cannot be read: {exc.strerror}") from exc
    if utf8:
        return "utf-8-sig"
    if c1_line is not None:
        raise StatsImportError(source, "neither UTF-8 nor ISO-8859-1 text", line=c1_line)
    return "iso-8859-1"


def _table_name(name: str) -> str:
    stem = PurePath(name).stem
    stem = re.sub(r"^[0-9]+(_[0-9]+)?-", "", stem)
    return re.sub(r"-(kommune|fylke)\b.*$", "", stem)


def snapshot_date_in_name(name: str) -> dt.date | None:
    """IMDi's working files end in the date they were taken: ``…-2016-160322.csv``."""
    match = re.search(r"-([0-9]{2})([0-9]{2})([0-9]{2})$", PurePath(name).stem)
    if not match:
        return None
    try:
        return dt.date(2000 + int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _year_in_name(name: str) -> str | None:
    years = re.findall(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])", PurePath(name).stem)
    return years[0] if years else None


def _pair(text: str) -> tuple[str, str] | None:
    lowered = text.lower()
    for variable in sorted(_VARIABLES, key=len, reverse=True):
        if lowered.startswith(variable + ".") and len(lowered) > len(variable) + 1:
            return _VARIABLES[variable], lowered[len(variable) + 1 :].replace(".", "_")
    return None


def _header_tokens(cell: str) -> dict[str, str]:
    """``bosetting.anmodning`` → {bosetting: anmodning}; ``anmodning_2015_prosent`` → three."""
    text = cell.strip()
    if text.lower() in _WORDS:
        return dict([_WORDS[text.lower()]])
    tokens: dict[str, str] = {}
    for piece in text.split("_"):
        pair = _pair(piece) or _WORDS.get(piece.lower())
        if pair is None and re.fullmatch(r"(19|20)[0-9]{2}", piece):
            pair = ("aar", piece)
        if pair is None:
            break
        tokens[pair[0]] = pair[1]
    else:
        return tokens
    # One variable whose name or value holds '_': avslutning_arsak_8.arbeid
    whole = _pair(text)
    if whole is None:
        raise _UnknownHeaderError(cell)
    return {whole[0]: whole[1]}


def _indicator(tokens: dict[str, str], table: str) -> str | None:
    """The indicator a column (or long row) holds; None for a base column that is always 100 %."""
    unit = tokens.pop("enhet", "personer")
    measure = tokens.pop("bosetting", None)
    percent = unit == "prosent"
    if measure == "bosatt_per_1000" and unit in ("personer", "promille"):
        return "imdi.bosatt_per_1000"
    if measure in ("anmodning", "vedtak", "bosatt") and unit in ("personer", "prosent"):
        base = "vedtak" if table == "bosatt_vedtak" else "anmodning"
        if not percent:
            return f"imdi.{measure}"
        return None if measure == base else f"imdi.{measure}_pct_{base}"
    for variable, code in (
        ("avslutning_arsak_8", "imdi.intro_avslutning"),
        ("avslutning_arsak_3", "imdi.intro_avslutning"),
        ("avslutning_status_4", "imdi.intro_status"),
    ):
        if variable in tokens and unit in ("personer", "prosent"):
            if percent and tokens[variable] == "alle":
                return None
            return f"{code}_pct" if percent else code
    if measure is None and table == "intro_deltakere" and unit == "personer":
        return "imdi.intro_deltakere"
    described = ", ".join(f"{k}.{v}" for k, v in sorted(tokens.items())) or "no variables"
    raise ValueError(f"unknown measure ({described}, enhet.{unit}) in table {table!r}")


def _region(
    parsed: ParsedSource, level: RegionLevel, text: str, line: int
) -> tuple[RegionLevel, str] | None:
    number = text.strip()
    if not number.isdigit():
        raise StatsImportError(
            parsed.source, f"{number!r} is not a municipality or county number", line=line
        )
    if int(number) == 0:
        return RegionLevel.COUNTRY, COUNTRY_CODE
    if level == RegionLevel.MUNICIPALITY and len(number) <= 4:
        code = number.zfill(4)
    elif level == RegionLevel.COUNTY and len(number) <= 2:
        code = number.zfill(2)
    else:
        raise StatsImportError(parsed.source, f"{number!r} is not a {level} number", line=line)
    if code in NOT_A_PLACE:
        parsed.skip(f"{code} (unspecified)")
        return None
    return level, code


def _cell(parsed: ParsedSource, text: str, line: int, where: str) -> "_Cell | None":
    value = text.strip()
    if value in _BLANK:
        return None
    if value in _SYMBOLS:
        return None, _SYMBOLS[value]
    if re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)+", value):
        # Header text pasted over a figure (51-intro_avslutning_direkte-kommune-2014.csv repeats
        # its column 23 header every 25 rows): the figure is lost, not malformed.
        parsed.skip(f"header text instead of a figure ({where})")
        return None
    return decimal_value(parsed.source, value, line=line, where=where), FigureStatus.OK


_Meaning = tuple[str, str, tuple[tuple[str, str], ...]] | None
_Cell = tuple[Decimal | None, FigureStatus]


def _meaning(parsed: ParsedSource, tokens: dict[str, str], *, line: int, where: str) -> _Meaning:
    """(indicator, period, dimensions) of a column or long row; None for a 100 % base column."""
    tokens = dict(tokens)
    try:
        indicator = _indicator(tokens, parsed.table)
    except ValueError as exc:
        raise StatsImportError(parsed.source, f"{exc} in {where}", line=line) from exc
    if indicator is None:
        return None
    period = tokens.pop("aar", None) or _year_in_name(parsed.source)
    if period is None:
        raise StatsImportError(parsed.source, "no year in the columns or the file name", line=line)
    return indicator, period, tuple(sorted(tokens.items()))


def _figure(
    meaning: _Meaning, region: tuple[RegionLevel, str], cell: _Cell, line: int
) -> FigureRow | None:
    if meaning is None:
        return None
    indicator, period, dimensions = meaning
    return FigureRow(indicator, region[0], region[1], period, dimensions, cell[0], cell[1], line)


def _read_long(
    parsed: ParsedSource, header: list[str], rows: Iterator[tuple[int, list[str]]]
) -> Iterator[FigureRow]:
    if "aar" not in header or not {"kommune_nr", "fylke_nr"} & set(header):
        raise StatsImportError(
            parsed.source, "unknown table layout: a long table needs aar and kommune_nr", line=1
        )
    places = ("kommune_nr", "bydel_nr", "naringsregion_nr", "fylke_nr")
    variables = [h for h in header if h not in {*places, "tabellvariabel", "tabell_navn"}]
    meanings: dict[tuple[object, ...], _Meaning] = {}
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise StatsImportError(
                parsed.source, f"{len(row)} cells where the header has {len(header)}", line=line
            )
        record = dict(zip(header, (cell.strip() for cell in row), strict=True))
        given = [p for p in places if record.get(p, "NULL") not in _BLANK]
        if not given:
            raise StatsImportError(parsed.source, "a row without a region number", line=line)
        if given[0] in ("bydel_nr", "naringsregion_nr"):
            parsed.skip(given[0])
            continue
        level = RegionLevel.MUNICIPALITY if given[0] == "kommune_nr" else RegionLevel.COUNTY
        region = _region(parsed, level, record[given[0]], line)
        value = _cell(parsed, record["tabellvariabel"], line, "column tabellvariabel")
        if region is None or value is None:
            continue
        tokens = {v: record[v].lower() for v in variables if record[v] not in _BLANK}
        if record.get("tabell_navn"):
            parsed.table = record["tabell_navn"]
        key = (parsed.table, *sorted(tokens.items()))
        if key not in meanings:
            meanings[key] = _meaning(parsed, tokens, line=line, where="this row")
        if (figure := _figure(meanings[key], region, value, line)) is not None:
            yield figure


def _read_wide(
    parsed: ParsedSource,
    head: list[tuple[int, list[str]]],
    rest: Iterator[tuple[int, list[str]]],
) -> Iterator[FigureRow]:
    number_column, level, start = _find_number_column(parsed, head)
    header_rows = head[:start]
    # A column without a header cell holds nothing we can name: the header rows' width will do.
    width = max(len(row) for _, row in header_rows) if header_rows else 0
    columns: dict[int, dict[str, str]] = {}
    period_column = None
    for index in range(width):
        if index == number_column:
            continue
        cells = [row[index].strip() for _, row in header_rows if index < len(row)]
        if any(cell.lower() == "aar" for cell in cells):
            period_column = index
            continue
        tokens: dict[str, str] = {}
        for (line, _), cell in zip(header_rows, cells, strict=False):
            if not cell or cell.lower() in _LABEL_COLUMNS:
                continue
            try:
                tokens.update(_header_tokens(cell))
            except _UnknownHeaderError as exc:
                raise StatsImportError(
                    parsed.source, f"unknown column {exc.args[0]!r} (column {index + 1})", line=line
                ) from exc
        if tokens:
            columns[index] = tokens
    wheres = {
        index: f"column {index + 1} ({'/'.join(f'{k}.{v}' for k, v in tokens.items())})"
        for index, tokens in columns.items()
    }
    first_line = head[start][0] if start < len(head) else 1
    meanings = {
        index: _meaning(parsed, tokens, line=first_line, where=wheres[index])
        for index, tokens in columns.items()
        if period_column is None
    }
    for line, row in itertools.chain(head[start:], rest):
        if not any(cell.strip() for cell in row):
            continue
        number = row[number_column].strip() if number_column < len(row) else ""
        if not number:
            if any(
                c.strip() not in {*_BLANK, *_SYMBOLS} for i, c in enumerate(row) if i in columns
            ):
                raise StatsImportError(parsed.source, "figures without a region number", line=line)
            parsed.skip("row without a region number")
            continue
        region = _region(parsed, level, number, line)
        if region is None:
            continue
        if period_column is not None:
            year = row[period_column].strip()
            meanings = {
                index: _meaning(parsed, {**tokens, "aar": year}, line=line, where=wheres[index])
                for index, tokens in columns.items()
            }
        for index, meaning in meanings.items():
            value = _cell(parsed, row[index] if index < len(row) else "", line, wheres[index])
            if value is not None and (figure := _figure(meaning, region, value, line)):
                yield figure


def _find_number_column(
    parsed: ParsedSource, rows: list[tuple[int, list[str]]]
) -> tuple[int, RegionLevel, int]:
    """The column of municipality or county numbers, its level, and the first data row."""
    for position, (_, row) in enumerate(rows[:6]):
        for index, cell in enumerate(row):
            level = _NUMBER_COLUMNS.get(cell.strip().lower())
            if level is None:
                continue
            for start in range(position + 1, min(len(rows), position + 6)):
                data = rows[start][1]
                if index < len(data) and data[index].strip().isdigit():
                    return index, level, start
            raise StatsImportError(parsed.source, "no rows of figures under the header")
    raise StatsImportError(
        parsed.source, "unknown table layout: no kommune_nr, Kommunenummer or fylke_nr column"
    )
