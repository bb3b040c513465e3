"""Properties of the JSON-stat and KLASS readers on generated files.

The files are written as a publisher could write them (index as a list or an object, any order
of dimensions, any amount of white space) and read in chunks of a few bytes, so that every
piece of the file falls across a chunk boundary somewhere: what can never happen is a figure
lost, invented, read as zero or given to another cell, or a number sent to the wrong
municipality.
"""

import contextlib
import datetime as dt
import itertools
import json
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from kaaring.municipal_stats.importers import jsonstream
from kaaring.municipal_stats.importers.jsonstat import read_jsonstat
from kaaring.municipal_stats.importers.klass import KlassVersion, build_code_map, read_klass_file
from kaaring.municipal_stats.models import CodeRelation, FigureStatus, RegionLevel

SYMBOLS = {
    ".": FigureStatus.NOT_APPLICABLE,
    "..": FigureStatus.MISSING,
    ":": FigureStatus.CONFIDENTIAL,
}
CODES = ["0301", "3413", "1804", "5006", "3203", "0417", "4601", "5501"]


@contextlib.contextmanager
def small_chunks(size: int) -> Iterator[None]:
    held = jsonstream.CHUNK_BYTES
    jsonstream.CHUNK_BYTES = size
    try:
        yield
    finally:
        jsonstream.CHUNK_BYTES = held


@contextlib.contextmanager
def written(document: object, indent: int | None) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "table.json"
        path.write_text(json.dumps(document, indent=indent, ensure_ascii=False), encoding="utf-8")
        yield path


cell_values = st.one_of(
    st.integers(-(10**9), 10**9),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False).map(float),
    st.sampled_from([(None, "."), (None, ".."), (None, ":"), (None, None)]),
)


@st.composite
def tables(draw: st.DrawFn) -> tuple[dict[str, Any], dict[tuple[str, ...], Any]]:
    regions = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True))
    prefixed = draw(st.booleans())
    years = draw(
        st.lists(
            st.sampled_from(["2014", "2015", "2019", "2022"]), min_size=1, max_size=3, unique=True
        )
    )
    sexes = draw(st.lists(st.sampled_from(["1", "2", "alle"]), min_size=1, max_size=2, unique=True))
    categories = {
        "Region": [f"K-{c}" if prefixed else c for c in regions],
        "Kjonn": sexes,
        "ContentsCode": ["Personer"],
        "Tid": years,
    }
    ids = draw(st.permutations(list(categories)))
    cells = {key: draw(cell_values) for key in itertools.product(*(categories[d] for d in ids))}
    as_list = draw(st.booleans())
    dimension = {
        d: {
            "label": d.lower(),
            "category": {
                "index": categories[d] if as_list else {c: i for i, c in enumerate(categories[d])}
            },
        }
        for d in ids
    }
    values: list[object] = []
    status: dict[str, str] = {}
    for flat, (_, cell) in enumerate(cells.items()):
        if isinstance(cell, tuple):
            values.append(None)
            if cell[1] is not None:
                status[str(flat)] = cell[1]
        else:
            values.append(cell)
    table: dict[str, Any] = {
        "class": "dataset",
        "label": "99999: Generert tabell",
        "updated": "2024-03-01T07:00:00Z",
        "id": ids,
        "size": [len(categories[d]) for d in ids],
        "dimension": dimension,
        "value": values,
        "status": status,
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    }
    by_cell: dict[tuple[str, ...], Any] = {
        tuple(key[ids.index(d)] for d in ("Region", "Kjonn", "Tid")): cell
        for key, cell in cells.items()
    }
    return table, by_cell


@settings(max_examples=40, deadline=None)
@given(tables(), st.integers(1, 64), st.sampled_from([None, 0, 2]))
def test_every_cell_of_a_json_stat_table_is_read_once_into_its_own_place(table, chunk, indent):
    document, cells = table
    with written(document, indent) as path, small_chunks(chunk):
        parsed = read_jsonstat(path, "table.json")
        rows = list(parsed.rows)

    assert len(rows) == len(cells)
    seen = set()
    for row in rows:
        assert row.level == RegionLevel.MUNICIPALITY
        key = next(
            k
            for k in cells
            if k[0].removeprefix("K-") == row.code
            and k[2] == row.period
            and (("Kjonn", k[1]),) == row.dimensions
        )
        assert key not in seen
        seen.add(key)
        given_value = cells[key]
        if isinstance(given_value, tuple):
            assert row.value is None
            assert row.status == SYMBOLS.get(given_value[1] or "..")
        else:
            assert row.status == FigureStatus.OK
            assert row.value == Decimal(repr(given_value))


@settings(max_examples=30, deadline=None)
@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    st.integers(1, 16),
)
def test_the_json_reader_reads_any_member_as_the_standard_library_does(member, chunk):
    document = {"meta": member, "value": [member, member]}
    with written(document, None) as path, small_chunks(chunk):
        with path.open("rb") as stream:
            top = jsonstream.top_level(stream, streamed=("value",))
        with path.open("rb") as stream:
            values = list(jsonstream.MemberStream(stream, "value"))

    assert top["meta"] == json.loads(json.dumps(member))
    assert top["value"] == jsonstream.Streamed("array", 2)
    assert values == [top["meta"], top["meta"]]


@st.composite
def histories(draw: st.DrawFn) -> dict[str, object]:
    numbers = draw(st.lists(st.integers(100, 9998), min_size=6, max_size=24, unique=True))
    codes = [f"{n:04d}" for n in numbers]
    current_count = draw(st.integers(1, max(1, len(codes) // 3)))
    current, spare = codes[:current_count], codes[current_count:]
    dates = [dt.date(2000 + 4 * i, 1, 1) for i in range(4)]
    own: dict[str, str] = {}  # former own number → current number
    merged: dict[str, str] = {}  # number of a municipality merged in → current number
    changes = []
    for number in current:
        length = draw(st.integers(0, 2))
        chain = [spare.pop() for _ in range(min(length, len(spare)))] + [number]
        for step, (old, new) in enumerate(itertools.pairwise(chain)):
            changes.append((old, f"By{number}", new, f"By{number}", dates[step + 1]))
            own[old] = number
        if len(chain) > 1 and spare and draw(st.booleans()):
            other = spare.pop()
            changes.append((other, f"Bygd{other}", number, f"By{number}", dates[len(chain) - 1]))
            merged[other] = number
    return {"current": current, "own": own, "merged": merged, "changes": changes}


@settings(max_examples=40, deadline=None)
@given(histories(), st.randoms(use_true_random=False), st.integers(1, 64))
def test_every_former_number_leads_to_the_municipality_that_holds_its_land(history, rng, chunk):
    changes = list(history["changes"])
    rng.shuffle(changes)  # the table's order says nothing
    version = {
        "name": "Kommuneinndeling 2024",
        "validFrom": "2024-01-01",
        "classificationItems": [{"code": c, "name": f"By{c}"} for c in history["current"]]
        + [{"code": "9999", "name": "Uoppgitt"}],
    }
    table = {
        "codeChanges": [
            {
                "oldCode": o,
                "oldName": on,
                "newCode": n,
                "newName": nn,
                "changeOccurred": d.isoformat(),
            }
            for o, on, n, nn, d in changes
        ]
    }
    with tempfile.TemporaryDirectory() as folder, small_chunks(chunk):
        version_path = Path(folder) / "version.json"
        version_path.write_text(json.dumps(version), encoding="utf-8")
        table_path = Path(folder) / "changes.json"
        table_path.write_text(json.dumps(table, indent=1), encoding="utf-8")
        read_version = read_klass_file(version_path)
        read_changes = read_klass_file(table_path)
    assert isinstance(read_version, KlassVersion)
    assert isinstance(read_changes, list)

    municipalities, codes = build_code_map([read_version], read_changes)

    assert [m.number for m in municipalities] == sorted(history["current"])
    by_code = {(c.code, c.municipality_number): c for c in codes}
    assert len(by_code) == len(codes)
    for number in history["current"]:
        assert by_code[(number, number)].relation == CodeRelation.CURRENT
    for old, number in history["own"].items():
        found = by_code[(old, number)]
        assert found.is_continuation
        assert found.relation in (CodeRelation.RENUMBERED, CodeRelation.MERGED)
    for old, number in history["merged"].items():
        found = by_code[(old, number)]
        assert not found.is_continuation
        assert found.relation == CodeRelation.MERGED
    assert {c.code for c in codes} == {*history["current"], *history["own"], *history["merged"]}
