"""Files that are too much: a file repeated, a cell given twice, JSON nested without end, and
what an operator sees while a long import runs."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from kaaring.municipal_stats import services
from kaaring.municipal_stats.models import Figure, Municipality, MunicipalityCode, Snapshot

from .conftest import IMDI, SAMPLE_DATA, SSB

LONG = IMDI / "2015-export/bosatt_anmodede.csv"
POPULATION = SSB / "07459_befolkning_kommuner_2022.json"
HEAD = "Kommunenummer;Kommunenavn;Anmodning;Vedtak;Bosatte\r\n"


def test_an_imdi_file_repeated_is_refused_and_nothing_is_saved(municipalities, tmp_path):
    header, rest = LONG.read_bytes().split(b"\n", 1)
    rest = rest if rest.endswith(b"\n") else rest + b"\r\n"
    path = tmp_path / "bosatt_anmodede-2015-151201.csv"
    path.write_bytes(header + b"\n" + rest + rest)

    with pytest.raises(CommandError, match=r"line 9[0-9]{3}: the figure for .* is given twice"):
        call_command("import_imdi", str(path))

    assert not Snapshot.objects.exists()
    assert not Figure.objects.exists()


def test_a_repeat_the_operator_allows_is_imported_once_and_reported(municipalities, write):
    row = "0101;Halden;35;21;22\r\n"
    path = write("bosatt_anmodede-kommune-2014.csv", HEAD + row + row, "iso-8859-1")
    out = io.StringIO()

    call_command(
        "import_imdi", str(path), "--snapshot-date", "2016-01-01", "--allow-repeats", stdout=out
    )

    assert Figure.objects.count() == 3
    assert "skipped 3 x repeated figure, same as an earlier line" in out.getvalue()


def test_a_cell_given_twice_with_different_figures_is_refused_even_when_repeats_are_allowed(
    municipalities, write
):
    text = HEAD + "0101;Halden;35;21;22\r\n0101;Halden;35;21;23\r\n"
    path = write("bosatt_anmodede-kommune-2014.csv", text, "iso-8859-1")

    with pytest.raises(CommandError, match=r"line 3: two different figures for imdi.bosatt 0101"):
        call_command("import_imdi", str(path), "--snapshot-date", "2016-01-01", "--allow-repeats")

    assert not Figure.objects.exists()


def test_a_refused_correction_keeps_the_figures_imported_before(municipalities, write):
    path = write("bosatt_anmodede-kommune-2014.csv", HEAD + "0101;Halden;35;21;22\r\n")
    services.imdi_import(path=path, snapshot_date=services.dt.date(2016, 1, 1))
    row = "0104;Moss;45;20;20\r\n"
    path.write_text(HEAD + "0101;Halden;35;21;23\r\n" + row + row, encoding="iso-8859-1")

    with pytest.raises(CommandError, match="given twice"):
        call_command("import_imdi", str(path), "--snapshot-date", "2016-01-01")

    assert sorted(Figure.objects.values_list("region_code", "value")) == [
        ("0101", 21),
        ("0101", 22),
        ("0101", 35),
    ]


def test_a_shipped_file_with_a_known_repeat_imports_and_says_so(municipalities):
    path = IMDI / "2016-analysis/bosatt_befolkning-kommune-2015.csv"

    result = services.imdi_import(path=path)

    assert result.skipped["repeated figure, same as an earlier line"] == 1


def test_a_json_stat_file_repeated_is_refused(municipalities, tmp_path):
    path = tmp_path / "07459.json"
    path.write_bytes(POPULATION.read_bytes() * 2)

    with pytest.raises(CommandError, match=r"07459.json, line 1: text after the end of the JSON"):
        call_command("import_ssb", str(path))

    assert not Snapshot.objects.exists()


def nested(depth):
    return '{"dimension": ' + "[" * depth + "]" * depth + "}"


def test_deeply_nested_json_gets_a_clear_message_from_import_ssb(municipalities, write):
    path = write("deep.json", nested(200_000))

    with pytest.raises(CommandError, match=r"deep.json, line 1: nested too deeply"):
        call_command("import_ssb", str(path))


def test_deeply_nested_json_gets_a_clear_message_from_import_municipalities(municipalities, write):
    path = write("deep.json", '{"classificationItems": [' + nested(200_000) + "]}")

    with pytest.raises(CommandError, match=r"deep.json, line 1: nested too deeply"):
        call_command("import_municipalities", str(path))

    assert Municipality.objects.count() == 357


def test_a_name_given_twice_in_a_json_object_is_refused(municipalities, write):
    table = json.loads(POPULATION.read_text(encoding="utf-8"))
    text = json.dumps(table)[:-1] + ', "updated": "2030-01-01T00:00:00Z"}'
    path = write("07459.json", text)

    with pytest.raises(CommandError, match=r"the name 'updated' appears twice"):
        call_command("import_ssb", str(path))


def test_a_classification_listing_a_number_twice_changes_nothing(municipalities, write):
    version = json.loads((SAMPLE_DATA / "klass131/kommuneinndeling_2024.json").read_text())
    version["classificationItems"].append(version["classificationItems"][0])
    path = write("kommuneinndeling_2024.json", json.dumps(version))
    before = MunicipalityCode.objects.count()

    with pytest.raises(CommandError, match=r"municipality number 0301 is listed twice"):
        call_command("import_municipalities", str(path))

    assert MunicipalityCode.objects.count() == before


def test_progress_is_plain_lines_with_counts_when_not_on_a_terminal(municipalities):
    out, err = io.StringIO(), io.StringIO()

    call_command("import_imdi", str(LONG), stdout=out, stderr=err)

    lines = err.getvalue().splitlines()
    assert lines[-1] == "bosatt_anmodede.csv: 6,720 figures, 100 % of 764,790 bytes read"
    assert "\x1b" not in err.getvalue()
    assert "6720 figures" in out.getvalue()
