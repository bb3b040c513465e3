"""The statistics as open data: one CSV format for every download, its version and licence.

Every statistics file Kåring writes (one municipality's figures, the bulk file of all
municipalities, ``manage.py export_stats``) goes through ``write_csv``, so that the columns, their
order and their formatting are the same everywhere and described once, in docs/open-data.md.
Each row carries ``FORMAT_VERSION``: a reader that finds a version it does not know should stop
rather than guess. The version changes when a column is removed, renamed or changes meaning;
new columns are only ever added at the end, within the same version.

The organiser declares the licence the files are published under (``OPEN_DATA_LICENCE``; the
Norwegian licence for open government data, NLOD 2.0, unless they say otherwise). The figures
themselves come from SSB and IMDi, who publish them for reuse with attribution: the ``source``
column names them on every row.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings

from kaaring.municipal_stats.selectors import ExportRow

FORMAT_VERSION = "1"

COLUMNS = [
    "indicator",
    "period",
    "value",
    "unit",
    "status",
    "source",
    "snapshot date",
    "dimensions",
    "region",
    "municipality",
    "licence",
    "format version",
]


@dataclass(frozen=True)
class Licence:
    code: str
    name: str
    url: str


# The licences an organiser may declare (the setting is checked against these at start).
LICENCES = {
    licence.code: licence
    for licence in [
        Licence(
            "NLOD-2.0",
            "Norsk lisens for offentlige data (NLOD) 2.0",
            "https://data.norge.no/nlod/no/2.0",
        ),
        Licence(
            "CC-BY-4.0",
            "Creative Commons Attribution 4.0 International",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
        Licence(
            "CC0-1.0",
            "Creative Commons Zero 1.0 Universal",
            "https://creativecommons.org/publicdomain/zero/1.0/",
        ),
    ]
}


def licence() -> Licence:
    return LICENCES[settings.OPEN_DATA_LICENCE]


class Writable(Protocol):
    def write(self, text: str, /) -> object: ...


def csv_chunks(rows: Iterable[ExportRow], *, rows_per_chunk: int = 1000) -> Iterator[str]:
    """The header and ``rows`` as CSV text, a chunk at a time (a bulk file is never held
    whole): for a streaming response as for a command's output."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    code = licence().code
    for count, row in enumerate(rows, start=1):
        writer.writerow(
            [
                row.indicator,
                row.period,
                row.value,
                row.unit,
                row.status,
                row.source,
                row.snapshot_date.isoformat(),
                row.dimensions,
                row.region,
                row.municipality,
                code,
                FORMAT_VERSION,
            ]
        )
        if count % rows_per_chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(out: Writable, rows: Iterable[ExportRow]) -> None:
    for chunk in csv_chunks(rows):
        out.write(chunk)
