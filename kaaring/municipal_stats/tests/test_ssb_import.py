import http.server
import io
import json
import threading
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kaaring.municipal_stats import services
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.models import Figure, FigureStatus, RegionLevel, Snapshot

from .conftest import SSB

POPULATION = SSB / "07459_befolkning_kommuner_2022.json"


def small_table(**changes):
    """A JSON-stat 2.0 table in PxWebApi's shape, with bare codes and no roles."""
    table = {
        "class": "dataset",
        "version": "2.0",
        "label": "12345: Test, etter kommune, kjønn og år",
        "updated": "2024-03-01T07:00:00Z",
        "note": ["Tallene er <b>foreløpige</b> & kan endres."],
        "id": ["Kommune", "Kjonn", "ContentsCode", "Tid"],
        "size": [3, 2, 1, 1],
        "dimension": {
            "Kommune": {
                "label": "kommune",
                "category": {
                    "index": {"0417": 0, "3413": 1, "0": 2},
                    "label": {"0417": "Stange", "3413": "Stange", "0": "Hele landet"},
                    "note": {"3413": ["Ny kommunenummer fra 2020."]},
                },
            },
            "Kjonn": {"label": "kjønn", "category": {"index": ["1", "2"]}},
            "ContentsCode": {
                "label": "statistikkvariabel",
                "category": {"index": {"Andel": 0}, "unit": {"Andel": {"base": "prosent"}}},
            },
            "Tid": {"label": "år", "category": {"index": {"2019": 0}}},
        },
        "value": [1.5, None, 2, None, 10.25, None],
        "status": {"1": ".", "3": ":", "5": ".."},
    }
    table.update(changes)
    return json.dumps(table).encode()


def test_the_2022_population_sums_to_the_national_total(municipalities):
    result = services.ssb_import(location=str(POPULATION))

    figures = Figure.objects.filter(snapshot=result.snapshot)
    assert figures.count() == 356
    assert sum(f.value or 0 for f in figures) == Decimal(5_425_270)
    assert result.snapshot.snapshot_date.isoformat() == "2022-02-24"
    assert set(result.skipped) == {"aggregate K-21-22", "aggregate K-23", "aggregate K-Rest"}
    baerum = figures.get(region_code="3024")
    assert (baerum.indicator.code, baerum.period, baerum.value) == (
        "ssb.07459.Personer1",
        "2022",
        Decimal(128_982),
    )


def test_bare_codes_any_dimension_name_and_further_dimensions(municipalities, tmp_path):
    path = tmp_path / "12345.json"
    path.write_bytes(small_table())

    result = services.ssb_import(location=str(path))

    figures = {
        (f.region_level, f.region_code, f.dimensions["Kjonn"]): f
        for f in Figure.objects.filter(snapshot=result.snapshot)
    }
    assert figures[("municipality", "0417", "1")].value == Decimal("1.5")
    assert figures[("municipality", "3413", "1")].value == 2
    assert figures[("country", "0", "1")].value == Decimal("10.25")
    assert result.snapshot.table == "12345"


def test_status_symbols_are_kept_and_never_stored_as_zero(municipalities, tmp_path):
    path = tmp_path / "12345.json"
    path.write_bytes(small_table())

    result = services.ssb_import(location=str(path))

    empty = Figure.objects.filter(snapshot=result.snapshot, dimensions__Kjonn="2")
    assert {(f.region_code, f.status, f.value) for f in empty} == {
        ("0417", FigureStatus.NOT_APPLICABLE, None),
        ("3413", FigureStatus.CONFIDENTIAL, None),
        ("0", FigureStatus.MISSING, None),
    }


def test_notes_are_kept_verbatim_as_plain_text(municipalities, tmp_path):
    path = tmp_path / "12345.json"
    path.write_bytes(small_table())

    snapshot = services.ssb_import(location=str(path)).snapshot

    snapshot.refresh_from_db()
    assert "Tallene er <b>foreløpige</b> & kan endres." in snapshot.notes
    assert "Stange (3413): Ny kommunenummer fra 2020." in snapshot.notes
    assert not hasattr(snapshot.notes, "__html__")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (POPULATION.read_bytes()[:5000], r"07459\.json, line 1: not valid JSON \(truncated\?\)"),
        (small_table(value=[1, 2, 3]), r"3 values for 6 cells \(dimensions 3x2x1x1\)"),
        ("{}".encode("utf-16"), "not UTF-8 text"),
    ],
    ids=["truncated", "value-count", "encoding"],
)
def test_a_malformed_table_is_refused_and_changes_nothing(
    municipalities, tmp_path, content, message
):
    path = tmp_path / "07459.json"
    path.write_bytes(content)

    with pytest.raises(StatsImportError, match=message):
        services.ssb_import(location=str(path))

    assert not Snapshot.objects.exists()
    assert not Figure.objects.exists()


def test_an_unknown_municipality_number_is_refused(municipalities, tmp_path):
    table = json.loads(small_table())
    table["dimension"]["Kommune"]["category"]["index"] = {"0417": 0, "0999": 1, "0": 2}
    path = tmp_path / "12345.json"
    path.write_text(json.dumps(table))

    with pytest.raises(CommandError, match=r"12345\.json: unknown municipality number 0999"):
        call_command("import_ssb", str(path))

    assert not Figure.objects.exists()


def test_importing_the_same_table_twice_gives_the_same_rows(municipalities):
    first = services.ssb_import(location=str(POPULATION))
    second = services.ssb_import(location=str(POPULATION))

    assert second.unchanged
    assert second.snapshot == first.snapshot
    assert Figure.objects.count() == 356


@pytest.fixture
def local_server():
    """A tiny HTTP server on 127.0.0.1 that answers every GET with one JSON-stat table."""
    body = POPULATION.read_bytes()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path.startswith("/missing"):
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_table_is_imported_from_a_url(municipalities, local_server):
    url = f"{local_server}/api/v0/no/table/07459"

    call_command("import_ssb", url, stdout=io.StringIO())

    snapshot = Snapshot.objects.get()
    assert snapshot.source == url
    assert snapshot.figures.count() == 356


def test_a_url_that_fails_names_the_url_and_imports_nothing(municipalities, local_server):
    with pytest.raises(StatsImportError, match=r"/missing: the server answered 404"):
        services.ssb_import(location=f"{local_server}/missing")
    with pytest.raises(StatsImportError, match=r"127\.0\.0\.1:9/x: did not answer"):
        services.ssb_import(location="http://127.0.0.1:9/x")

    assert not Snapshot.objects.exists()


def test_a_municipality_figure_belongs_to_its_region_level(municipalities):
    services.ssb_import(location=str(POPULATION))

    assert set(Figure.objects.values_list("region_level", flat=True)) == {RegionLevel.MUNICIPALITY}
