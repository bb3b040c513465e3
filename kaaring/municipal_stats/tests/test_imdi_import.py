import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kaaring.municipal_stats import services
from kaaring.municipal_stats.errors import StatsImportError
from kaaring.municipal_stats.models import Figure, FigureStatus, Snapshot

from .conftest import IMDI

ALL_FILES = sorted(IMDI.glob("*/*.csv"))


def values(snapshot, code, period, **dimensions):
    """{indicator: (value, status)} for one region and period of a snapshot."""
    figures = Figure.objects.filter(snapshot=snapshot, region_code=code, period=period)
    return {
        f.indicator.code: (f.value, f.status)
        for f in figures.select_related("indicator")
        if all(f.dimensions.get(k) == v for k, v in dimensions.items())
    }


@pytest.mark.parametrize("path", ALL_FILES, ids=[p.name for p in ALL_FILES])
def test_every_shipped_imdi_file_imports_and_imports_again_unchanged(municipalities, path):
    first = services.imdi_import(path=path)
    count = Figure.objects.count()

    second = services.imdi_import(path=path)

    assert first.figures > 0
    assert count == first.figures
    assert second.unchanged
    assert Figure.objects.count() == count


def test_baerum_2014_request_decision_and_settled_in_the_wide_four_column_layout(municipalities):
    snapshot = services.imdi_import(path=IMDI / "2015-export/09_1-bosatt_anmodede-kommune-2014.csv")
    ok = FigureStatus.OK

    got = values(snapshot.snapshot, "0219", "2014")

    assert got["imdi.anmodning"] == (160, ok)
    assert got["imdi.vedtak"] == (140, ok)
    assert got["imdi.bosatt"] == (99, ok)
    assert got["imdi.bosatt_pct_anmodning"] == (Decimal("61.88"), ok)
    assert "imdi.anmodning_pct_anmodning" not in got  # the base column, always 100


def test_the_same_figures_in_the_one_header_row_layout(municipalities):
    result = services.imdi_import(path=IMDI / "2016-analysis/bosatt_anmodede-kommune-2014.csv")

    got = values(result.snapshot, "0219", "2014")

    assert {k: v[0] for k, v in got.items()} == {
        "imdi.anmodning": 160,
        "imdi.vedtak": 140,
        "imdi.bosatt": 99,
    }


def test_stanges_two_2016_snapshots_are_kept_side_by_side(municipalities):
    january = services.imdi_import(
        path=IMDI / "2016-analysis/bosatt_anmodede-kommune-2015_2017.csv"
    ).snapshot
    march = services.imdi_import(
        path=IMDI / "2016-analysis/bosatt_anmodede-kommune-2016-160322.csv"
    ).snapshot

    assert march.snapshot_date == dt.date(2016, 3, 22)
    assert january.snapshot_date == dt.date(2016, 1, 15)
    assert january.date_is_approximate
    assert values(january, "0417", "2016")["imdi.vedtak"][0] == 35
    assert values(march, "0417", "2016")["imdi.vedtak"][0] == 70
    # Not yet decided in January: missing, not zero.
    assert values(january, "0417", "2017")["imdi.vedtak"] == (None, FigureStatus.MISSING)
    # The settled columns are empty in both: no figure at all.
    assert "imdi.bosatt" not in values(january, "0417", "2016")


def test_the_long_layout_gives_country_county_and_municipality(municipalities):
    result = services.imdi_import(path=IMDI / "2015-export/bosatt_anmodede.csv")

    assert values(result.snapshot, "0", "2014")["imdi.anmodning"][0] > 10_000
    assert values(result.snapshot, "04", "2014")["imdi.bosatt"][0] == 289
    assert values(result.snapshot, "0417", "2014")["imdi.vedtak"][0] == 30
    assert result.skipped["bydel_nr"] == 114  # city districts are not stored


def test_numbers_without_leading_zero_and_a_year_column(municipalities):
    result = services.imdi_import(path=IMDI / "2016-analysis/bosatt_anmodede-kommune-2015.csv")

    assert values(result.snapshot, "0417", "2015")["imdi.bosatt"][0] == 40


def test_quoted_csv_with_decimal_point(municipalities):
    result = services.imdi_import(path=IMDI / "2016-analysis/bosatt_befolkning-kommune-2015.csv")

    per_1000 = values(result.snapshot, "0101", "2015")["imdi.bosatt_per_1000"][0]
    assert per_1000 == Decimal("1.615668689")


def test_introduction_programme_participants_by_sex(municipalities):
    result = services.imdi_import(path=IMDI / "2015-export/50-intro_deltakere-kommune-2015.csv")

    assert values(result.snapshot, "0101", "2015", kjonn="alle")["imdi.intro_deltakere"][0] == 16
    assert values(result.snapshot, "0111", "2015", kjonn="1")["imdi.intro_deltakere"] == (
        None,
        FigureStatus.CONFIDENTIAL,
    )


def test_status_after_the_programme_from_self_describing_columns(municipalities):
    result = services.imdi_import(path=IMDI / "2016-analysis/intro_status_arbutd-kommune-2014.csv")

    share = values(
        result.snapshot,
        "0417",
        "2014",
        avslutta="ettaar",
        kjonn="alle",
        avslutning_status_4="arbutd",
    )["imdi.intro_status_pct"]
    assert share == (65, FigureStatus.OK)


def test_header_text_pasted_over_figures_is_skipped_not_read(municipalities):
    path = IMDI / "2015-export/51-intro_avslutning_direkte-kommune-2014.csv"

    result = services.imdi_import(path=path)

    assert sum(n for what, n in result.skipped.items() if "header text" in what) == 51


def test_utf8_comma_separated_file_with_two_header_rows(municipalities, write):
    path = write(
        "09_1-bosatt_anmodede-kommune-2019.csv",
        "kommune,kommune_nr,bosetting.anmodning,bosetting.bosatt,bosetting.bosatt\n"
        ",,enhet.personer,enhet.personer,enhet.prosent\n"
        "Bærum,219,10,8,80.5\n"
        "Stange,417,5,,:\n",
    )

    result = services.imdi_import(path=path, snapshot_date=dt.date(2019, 6, 1))

    assert values(result.snapshot, "0219", "2019") == {
        "imdi.anmodning": (10, FigureStatus.OK),
        "imdi.bosatt": (8, FigureStatus.OK),
        "imdi.bosatt_pct_anmodning": (Decimal("80.5"), FigureStatus.OK),
    }
    assert values(result.snapshot, "0417", "2019") == {
        "imdi.anmodning": (5, FigureStatus.OK),
        "imdi.bosatt_pct_anmodning": (None, FigureStatus.CONFIDENTIAL),
    }


GOOD_HEAD = "Kommunenummer;Kommunenavn;Anmodning;Vedtak;Bosatte\r\n"


@pytest.mark.parametrize(
    ("text", "encoding", "message"),
    [
        (
            GOOD_HEAD + "0101;Halden;35;21;22\r\n0104;Moss;45;2x0;20\r\n",
            "iso-8859-1",
            r"bosatt_anmodede-kommune-2014\.csv, line 3: malformed number '2x0' in column 4",
        ),
        (
            "Kommunenummer;Kommunenavn;Anmodning;Utvandret\r\n0101;Halden;35;3\r\n",
            "iso-8859-1",
            r"line 1: unknown column 'Utvandret' \(column 4\)",
        ),
        (
            GOOD_HEAD + "0101;Halden;35;21;22\r\n0999;Ingensted;1;1;1\r\n",
            "iso-8859-1",
            r"line 3: unknown municipality number 0999",
        ),
        (GOOD_HEAD + "0101;Halden;35;21;22\r\n", "utf-16", "not a text file"),
        (
            GOOD_HEAD + "0101;Halden;35;21;22\r\n0104;M\u2013ss;1;1;1\r\n",
            "cp1252",
            r"line 3: neither UTF-8 nor ISO-8859-1",
        ),
        ("Navn;Verdi\r\nHalden;3\r\n", "iso-8859-1", "unknown table layout"),
    ],
    ids=["malformed-number", "wrong-column", "unknown-municipality", "utf-16", "cp1252", "layout"],
)
def test_a_bad_file_changes_nothing_and_names_file_line_and_reason(
    municipalities, write, text, encoding, message
):
    services.imdi_import(path=IMDI / "2016-analysis/bosatt_anmodede-kommune-2015.csv")
    before = Figure.objects.count()
    path = write("bosatt_anmodede-kommune-2014.csv", text, encoding)

    with pytest.raises(CommandError, match=message):
        call_command("import_imdi", str(path), "--snapshot-date", "2016-01-01")

    assert Figure.objects.count() == before
    assert Snapshot.objects.count() == 1


def test_a_file_without_a_known_snapshot_date_asks_for_one(municipalities, write):
    path = write("bosatt_anmodede-kommune-2014.csv", GOOD_HEAD + "0101;Halden;35;21;22\r\n")

    with pytest.raises(StatsImportError, match="--snapshot-date"):
        services.imdi_import(path=path)

    assert not Snapshot.objects.exists()


def test_a_corrected_file_for_the_same_snapshot_replaces_its_figures(municipalities, write):
    path = write("bosatt_anmodede-kommune-2014.csv", GOOD_HEAD + "0101;Halden;35;21;22\r\n")
    services.imdi_import(path=path, snapshot_date=dt.date(2016, 1, 1))
    path.write_text(GOOD_HEAD + "0101;Halden;35;21;23\r\n", encoding="iso-8859-1")

    result = services.imdi_import(path=path, snapshot_date=dt.date(2016, 1, 1))

    assert not result.unchanged
    assert values(result.snapshot, "0101", "2014")["imdi.bosatt"][0] == 23
    assert Figure.objects.count() == 3
