"""The statistics pages (/kommuner/) and the key figures on a nominee's page, on real files.

Each test imports the municipality classification and a handful of the shipped IMDi files
through the import services (about a second); the whole sample set (``import_sample_data``)
takes several seconds and is left to the browser tests and the demo.
"""

import csv
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from kaaring.awards.models import Edition, Nominee
from kaaring.municipal_stats import services
from kaaring.municipal_stats.services import SAMPLE_DATA

DASH = "\u2013"  # the en dash of the page titles
IMDI = SAMPLE_DATA / "imdi"
FILES = [
    "2015-export/09_1-bosatt_anmodede-kommune-2012.csv",
    "2015-export/09_1-bosatt_anmodede-kommune-2013.csv",
    "2015-export/09_1-bosatt_anmodede-kommune-2014.csv",
    "2015-export/09_1-bosatt_anmodede-fylke-2014.csv",
    "2015-export/51-intro_avslutning_direkte-kommune-2014.csv",
    "2016-analysis/bosatt_anmodede-kommune-2015_2017.csv",
]


@pytest.fixture
def figures(db: None) -> None:
    services.municipalities_import(paths=sorted((SAMPLE_DATA / "klass131").glob("*.json")))
    for name in FILES:
        services.imdi_import(path=IMDI / name)


def indicator(html: str, name: str) -> str:
    """The section of one indicator on a municipality's page, found by its heading."""
    for section in html.split('<section class="site-stats__indicator"')[1:]:
        if f">{name}</h3>" in section.split("</h3>", 1)[0] + "</h3>":
            return section.split("</section>", 1)[0]
    raise AssertionError(f"no indicator {name!r} on the page")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_index_finds_a_municipality_by_name(client: Client, figures: None) -> None:
    html = client.get("/kommuner/", {"q": "stang"}).content.decode()

    assert 'href="/kommuner/3413/"' in html
    assert 'for="id_q"' in html


def test_the_index_finds_a_municipality_by_a_former_number(client: Client, figures: None) -> None:
    html = client.get("/kommuner/", {"q": "1702"}).content.decode()

    assert 'href="/kommuner/5006/"' in html
    assert "Steinkjer" in html


def test_the_index_without_a_search_lists_every_municipality_by_county(
    client: Client, figures: None
) -> None:
    html = client.get("/kommuner/").content.decode()

    assert 'href="/kommuner/3413/"' in html
    assert 'href="/kommuner/0301/"' in html
    assert "Innlandet" in html


def test_the_index_says_when_nothing_matches(client: Client, figures: None) -> None:
    html = client.get("/kommuner/", {"q": "Atlantis"}).content.decode()

    assert "Ingen kommune passer til «Atlantis»" in text(html)


@pytest.mark.parametrize(("old", "new"), [("1702", "5006"), ("5004", "5006"), ("0417", "3413")])
def test_a_former_number_redirects_permanently_to_the_current_one(
    client: Client, figures: None, old: str, new: str
) -> None:
    response = client.get(f"/kommuner/{old}/")

    assert response.status_code == 301
    assert response["Location"] == f"/kommuner/{new}/"


def test_a_former_number_keeps_the_language_when_redirecting(client: Client, figures: None) -> None:
    response = client.get("/en/kommuner/0417/tall.csv")

    assert response.status_code == 301
    assert response["Location"] == "/en/kommuner/3413/tall.csv"


def test_an_unknown_number_is_not_found(client: Client, figures: None) -> None:
    assert client.get("/kommuner/9999/").status_code == 404
    assert client.get("/kommuner/9999/tall.csv").status_code == 404
    assert client.get("/kommuner/123/").status_code == 404


def test_a_divided_municipalitys_number_lists_its_successors(client: Client, figures: None) -> None:
    response = client.get("/kommuner/1613/")  # Snillfjord, divided in 2020

    html = response.content.decode()
    assert response.status_code == 200
    for number in ("5055", "5056", "5059"):
        assert f'href="/kommuner/{number}/"' in html


def test_the_page_shows_a_chart_and_a_table_with_source_and_date(
    client: Client, figures: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):
        response = client.get("/kommuner/3413/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f"<title>Tall og statistikk {DASH} Stange {DASH} " in html
    svg = re.search(r"<svg[^>]*role=\"img\"[^>]*>.*?</svg>", html, re.S)
    assert svg is not None
    labelled = re.search(r'aria-labelledby="([^"]+)"', svg.group(0))
    assert labelled is not None
    title_id, desc_id = labelled.group(1).split()
    assert f'<title id="{title_id}">' in svg.group(0)
    assert f'<desc id="{desc_id}">' in svg.group(0)
    assert "<canvas" not in html
    # Stange's 2014 settled figure with Hedmark beside it (the county of 0417 at the time).
    assert re.search(r'<th scope="row">2014</th><td>39</td><td>289 \(Hedmark\)</td>', html)
    assert re.search(r"<caption id=\"[^\"]+\">", html)
    assert '<th scope="col">Fylke</th>' in html
    page = text(html)
    # Sources as a person names them: publisher, table, date; never the file name.
    assert (
        "Integrerings- og mangfoldsdirektoratet (IMDi): «Anmodning, vedtak og bosetting av "
        "flyktninger» . Publisert ca. 1. desember 2015"
    ) in page
    assert "09_1-bosatt_anmodede-kommune-2014.csv" not in page
    assert 'href="/kommuner/3413/tall.csv"' in html


def test_a_status_symbol_is_shown_as_its_meaning_and_never_as_zero(
    client: Client, figures: None
) -> None:
    html = client.get("/kommuner/3413/").content.decode()

    # Stange's 2014 programme leavers are ":" (confidential) in IMDi's table.
    assert "<td>skjermet</td>" in html or "<td>konfidensielt</td>" in html
    assert "imdi.intro_avslutning" not in html


def test_the_csv_download_matches_export_stats(client: Client, figures: None) -> None:
    response = client.get("/kommuner/3413/tall.csv")
    printed = io.StringIO()
    call_command("export_stats", municipality="0417", stdout=printed)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="tall-3413.csv"' in response["Content-Disposition"]
    body = response.content.decode()
    assert body == printed.getvalue()
    rows = list(csv.DictReader(io.StringIO(body)))
    assert {"imdi.bosatt", "2014", "39"} <= {
        v for row in rows if row["indicator"] == "imdi.bosatt" for v in row.values()
    }


@pytest.mark.parametrize(
    ("prefix", "title", "county"),
    [
        ("", f"Tall og statistikk {DASH} Stange", "Fylke"),
        ("/nn", f"Tal og statistikk {DASH} Stange", "Fylke"),
        ("/en", f"Figures and statistics {DASH} Stange", "County"),
    ],
)
def test_the_page_speaks_bokmal_nynorsk_and_english(
    client: Client, figures: None, prefix: str, title: str, county: str
) -> None:
    html = client.get(f"{prefix}/kommuner/3413/").content.decode()

    assert f">{title}</h1>" in html
    assert f'<th scope="col">{county}</th>' in html


def test_a_nominee_page_shows_key_figures_with_source_and_date(
    client: Client, figures: None, edition: Edition, nominees: list[Nominee]
) -> None:
    html = client.get("/bosettingsprisen/2018/nominerte/stange/").content.decode()

    page = text(html)
    assert "Nøkkeltall" in page
    assert "Bosatte flyktninger, 2014 39 personer" in page
    assert "Fylke: 289 (Hedmark)" in page
    assert (
        "Kilde: Integrerings- og mangfoldsdirektoratet (IMDi), «Anmodning, vedtak og bosetting "
        "av flyktninger», ca. 1. desember 2015"
    ) in page
    assert 'href="/kommuner/3413/"' in html


def test_a_nominee_page_with_key_figures_has_a_fixed_number_of_queries(
    client: Client,
    figures: None,
    edition: Edition,
    nominees: list[Nominee],
    django_assert_max_num_queries: Any,
) -> None:
    # The nominee page's 3, plus the municipality by number and the selector's 3.
    with django_assert_max_num_queries(7):
        assert client.get("/bosettingsprisen/2018/nominerte/stange/").status_code == 200


def test_every_row_of_a_download_carries_the_format_version_and_the_licence(
    client: Client, figures: None
) -> None:
    response = client.get("/kommuner/3413/tall.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows
    assert {row["format version"] for row in rows} == {"1"}
    assert {row["licence"] for row in rows} == {"NLOD-2.0"}
    assert {row["municipality"] for row in rows} == {"3413 Stange"}
    assert response["X-Format-Version"] == "1"
    assert response["Link"] == '<https://data.norge.no/nlod/no/2.0>; rel="license"'


def test_the_licence_is_the_one_the_organiser_declares(
    client: Client, figures: None, settings: Any
) -> None:
    settings.OPEN_DATA_LICENCE = "CC-BY-4.0"

    body = client.get("/kommuner/3413/tall.csv").content.decode()

    assert {row["licence"] for row in csv.DictReader(io.StringIO(body))} == {"CC-BY-4.0"}


def test_the_bulk_file_holds_every_municipalitys_rows_as_their_own_downloads_do(
    client: Client, figures: None, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(400):  # the numbers, the municipalities, one each
        response = client.get("/kommuner/alle-tall.csv")
        body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]

    assert response.status_code == 200
    assert 'filename="tall-alle-kommuner.csv"' in response["Content-Disposition"]
    header, *lines = body.splitlines()
    stange = client.get("/kommuner/3413/tall.csv").content.decode().splitlines()
    assert header == stange[0]
    assert [line for line in lines if ",3413 Stange," in line] == stange[1:]
    municipalities = {row["municipality"] for row in csv.DictReader(io.StringIO(body))}
    assert {"3413 Stange", "0301 Oslo", "5006 Steinkjer"} <= municipalities
    printed = io.StringIO()
    call_command("export_stats", "--all", stdout=printed)
    assert printed.getvalue() == body


def test_the_page_leads_with_key_figures_and_is_grouped_by_theme_with_its_own_contents(
    client: Client, figures: None
) -> None:
    html = client.get("/kommuner/3413/").content.decode()

    assert html.index("Nøkkeltall") < html.index('id="bosetting"')
    contents = re.search(r'<nav aria-labelledby="contents-title".*?</nav>', html, re.S)
    assert contents is not None
    assert 'href="#bosetting"' in contents.group(0)
    assert 'href="#introduksjonsprogrammet"' in contents.group(0)
    assert (
        '<h2 id="bosetting-title" class="ds-heading" data-size="md">Bosetting av flyktninger'
        in html
    )
    assert '<h2 id="introduksjonsprogrammet-title"' in html


def test_a_share_is_compared_with_the_county_and_the_country_and_its_table_is_one_click_away(
    client: Client, figures: None
) -> None:
    html = client.get("/en/kommuner/3413/").content.decode()

    section = indicator(html, "Settled as a percentage of the request")
    assert "site-chart__line--municipality" in section
    assert "site-chart__line--county" in section
    assert "site-chart__line--country" in section
    desc = re.search(r"<desc [^>]*>(.*?)</desc>", section, re.S)
    assert desc is not None
    assert "Stange: 2012:" in desc.group(1)
    assert "Norway: 2012:" in desc.group(1)
    assert re.search(r"<details[^>]*>\s*<summary>Show the figures as a table</summary>", section)


def test_counts_are_not_drawn_beside_the_county_and_the_country_without_a_population(
    client: Client, figures: None
) -> None:
    html = client.get("/en/kommuner/3413/").content.decode()

    section = indicator(html, "Refugees settled")
    assert "site-chart__line--municipality" in section
    assert "site-chart__line--county" not in section
    assert "shows the municipality alone" in section


def test_counts_are_compared_per_1000_residents_where_the_population_is_known(
    client: Client, figures: None, tmp_path: Any
) -> None:
    population = {
        "class": "dataset",
        "label": "07459: Befolkning, etter region, statistikkvariabel og år",
        "updated": "2024-02-22T07:00:00Z",
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [3, 1, 3],
        "dimension": {
            "Region": {"category": {"index": ["K-0417", "F-04", "0"]}},
            "ContentsCode": {"category": {"index": ["Personer1"]}},
            "Tid": {"category": {"index": ["2012", "2013", "2014"]}},
        },
        "value": [19500, 19800, 20000, 192000, 194000, 195000, 4985870, 5051275, 5109056],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
    }
    path = tmp_path / "07459.json"
    path.write_text(json.dumps(population), encoding="utf-8")
    services.ssb_import(location=str(path))

    html = client.get("/en/kommuner/3413/").content.decode()

    section = indicator(html, "Refugees settled")
    found = section
    assert "site-chart__line--county" in found
    assert "Refugees settled, per 1,000 residents" in found
    # 39 settled in 2014 among 20,000 residents; Hedmark 289 among 195,000.
    assert "Stange: 2012:" in found
    assert "2014: 1.95" in found
    assert "2014: 1.48" in found
    row = r'<th scope="row">2014</th><td>39</td><td>289 \(Hedmark\)</td><td>[^<]*</td>'
    assert re.search(row + r"<td>1.95</td><td>1.48</td>", found)


def test_a_municipality_without_figures_says_so_clearly(client: Client, db: None) -> None:
    services.municipalities_import(paths=sorted((SAMPLE_DATA / "klass131").glob("*.json")))

    response = client.get("/kommuner/3413/")

    assert response.status_code == 200
    page = text(response.content.decode())
    assert "Det finnes ingen tall for Stange ennå" in page
    assert 'class="site-chart' not in response.content.decode()
