import pytest

from kaaring.municipal_stats import selectors, services
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber, StatsImportError
from kaaring.municipal_stats.models import CodeRelation, Municipality, MunicipalityCode
from kaaring.municipal_stats.services import SAMPLE_DATA


@pytest.mark.parametrize("number", ["1702", "5004", "5006"])
def test_steinkjer_is_found_by_each_of_its_three_numbers(municipalities, number):
    found = selectors.municipality_by_any_number(number)

    assert found is not None
    assert (found.number, found.name) == ("5006", "Steinkjer")


def test_stange_0417_is_stange_3413_renumbered(municipalities):
    stange = selectors.municipality_by_any_number("0417")

    assert stange is not None
    assert stange.number == "3413"
    assert stange.county_name == "Innlandet"
    link = MunicipalityCode.objects.get(code="0417")
    assert (link.relation, link.is_continuation) == (CodeRelation.RENUMBERED, True)


def test_asker_keeps_its_numbers_and_takes_in_royken_and_hurum(municipalities):
    for number in ["0220", "3025", "3203", "0627", "0628", "220"]:
        found = selectors.municipality_by_any_number(number)
        assert found is not None, number
        assert found.number == "3203", number
    links = {c.code: c for c in MunicipalityCode.objects.filter(municipality__number="3203")}
    assert links["0220"].is_continuation
    assert links["3025"].is_continuation
    assert links["0627"].relation == CodeRelation.MERGED
    assert not links["0627"].is_continuation
    assert links["0628"].name == "Hurum"
    assert not links["0628"].is_continuation


def test_a_divided_municipality_number_says_it_has_several_successors(municipalities):
    with pytest.raises(AmbiguousMunicipalityNumber) as raised:
        selectors.municipality_by_any_number("5012")  # Snillfjord, divided in 2020

    assert raised.value.candidates == ["5055", "5056", "5059"]
    split = MunicipalityCode.objects.filter(code="1507")  # Ålesund 2020-2023 → Ålesund, Haram
    assert {c.municipality.number for c in split} == {"1508", "1580"}
    assert {c.relation for c in split} == {CodeRelation.SPLIT}
    found = selectors.municipality_by_any_number("1507")  # the one that carries the name on
    assert found is not None
    assert found.number == "1508"


def test_unknown_number_is_none(municipalities):
    assert selectors.municipality_by_any_number("0999") is None


def test_search_finds_by_current_or_former_name_and_number(municipalities):
    assert [m.number for m in selectors.municipality_search("Stange")] == ["3413"]
    assert [m.number for m in selectors.municipality_search("0417")] == ["3413"]
    assert [m.number for m in selectors.municipality_search("Røyken")] == ["3203"]
    assert "5006" in [m.number for m in selectors.municipality_search("1702")]
    assert selectors.municipality_search("  ") == []


def test_importing_the_classification_twice_gives_the_same_rows(municipalities):
    before = list(MunicipalityCode.objects.values_list("code", "municipality__number", "relation"))

    again = services.municipalities_import(paths=sorted((SAMPLE_DATA / "klass131").glob("*.json")))

    assert again == municipalities
    assert Municipality.objects.count() == 357
    after = list(MunicipalityCode.objects.values_list("code", "municipality__number", "relation"))
    assert sorted(after) == sorted(before)


def test_a_truncated_classification_file_changes_nothing(municipalities, write):
    broken = write("kommuneinndeling_2026.json", '{"classificationItems": [{"code": "03')

    with pytest.raises(StatsImportError, match=r"kommuneinndeling_2026.json, line 1: not valid"):
        services.municipalities_import(paths=[broken])

    assert Municipality.objects.count() == 357
