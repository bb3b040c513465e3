import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kaaring.municipal_stats import selectors, services
from kaaring.municipal_stats.models import Municipality

from .conftest import IMDI, SSB


@pytest.fixture
def figures(municipalities):
    for name in [
        "2015-export/bosatt_anmodede.csv",
        "2016-analysis/bosatt_anmodede-kommune-2015_2017.csv",
        "2016-analysis/bosatt_anmodede-kommune-2016-160322.csv",
        "2015-export/09_3-bosatt_befolkning-kommune-2014.csv",
    ]:
        services.imdi_import(path=IMDI / name)
    services.ssb_import(location=str(SSB / "07459_befolkning_kommuner_2022.json"))


def series(municipality, code, **dimensions):
    return next(
        s
        for s in selectors.figures_for(municipality)
        if s.indicator.code == code and s.dimensions == dimensions
    )


def test_stanges_page_shows_its_whole_series_under_3413_and_the_latest_snapshot(
    figures, django_assert_max_num_queries
):
    stange = Municipality.objects.get(number="3413")

    with django_assert_max_num_queries(3):
        decided = series(stange, "imdi.vedtak")

    by_period = {p.period: p for p in decided.points}
    assert by_period["2014"].value == 30
    assert by_period["2014"].region_code == "0417"
    assert by_period["2016"].value == 70  # March 2016, not January's 35
    assert by_period["2016"].snapshot.source == "bosatt_anmodede-kommune-2016-160322.csv"
    assert decided.predecessor_points == []


def test_figures_are_compared_with_the_county_and_country_of_their_time(figures):
    stange = Municipality.objects.get(number="3413")
    settled = series(stange, "imdi.bosatt")
    point = next(p for p in settled.points if p.period == "2014")

    county = selectors.county_point(settled, point)

    assert point.value == 39
    assert county is not None
    assert (county.region_name, county.value) == ("Hedmark", 289)
    assert settled.country["2014"].value == 7784


def test_merged_municipalities_figures_are_shown_apart(figures):
    asker = Municipality.objects.get(number="3203")

    request = series(asker, "imdi.anmodning")

    assert {p.region_code for p in request.points} == {"0220"}
    assert {p.region_code for p in request.predecessor_points} == {"0627", "0628"}


def test_key_figures_for_a_nominee_page(figures):
    stange = Municipality.objects.get(number="3413")

    key = selectors.key_figures(stange, n=3)

    assert [k.indicator.code for k in key] == [
        "imdi.bosatt",
        "imdi.bosatt_per_1000",
        "imdi.vedtak",
    ]
    assert (key[0].point.period, key[0].point.value) == ("2014", 39)
    assert key[0].county is not None
    assert key[0].country is not None
    assert key[1].point.value == Decimal("1.95")


@pytest.mark.parametrize("number", ["0417", "417", "3413"])
def test_export_under_any_number_gives_the_whole_series(figures, number):
    out = io.StringIO()

    call_command("export_stats", "--municipality", number, stdout=out)

    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0])[:7] == [
        "indicator",
        "period",
        "value",
        "unit",
        "status",
        "source",
        "snapshot date",
    ]
    assert list(rows[0])[-3:] == ["municipality", "licence", "format version"]
    decided = {r["period"]: r for r in rows if r["indicator"] == "imdi.vedtak"}
    assert decided["2016"]["value"] == "70"
    assert decided["2016"]["snapshot date"] == "2016-03-22"
    assert decided["2017"]["status"] == ".."
    assert decided["2017"]["value"] == ""
    population = next(r for r in rows if r["indicator"] == "ssb.07459.Personer1")
    assert population["source"] == "SSB: 07459_befolkning_kommuner_2022.json"


def test_export_of_steinkjer_under_1702_includes_its_predecessors_numbers(figures):
    out = io.StringIO()

    call_command("export_stats", "--municipality", "1702", stdout=out)

    regions = {r["region"] for r in csv.DictReader(io.StringIO(out.getvalue()))}
    # Its own numbers (2014 under 1702, 2022 under 5006) and Verran, merged into it in 2020.
    assert regions == {"1702 Steinkjer", "5006 Steinkjer", "1724 Verran"}


def test_export_of_an_unknown_number_fails(municipalities):
    with pytest.raises(CommandError, match="Unknown municipality number 0999"):
        call_command("export_stats", "--municipality", "0999", stdout=io.StringIO())
