"""The public read API through HTTP: what it shows, the embargo, caching, and errors."""

import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import LazySettings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from PIL import Image

from kaaring.awards.models import Edition, Nominee
from kaaring.awards.services import nominee_withdraw
from kaaring.feedback.models import PageFeedback
from kaaring.municipal_stats import services as stats_services
from kaaring.municipal_stats.services import SAMPLE_DATA

pytestmark = pytest.mark.django_db
V1 = "/api/v1"


def test_awards_and_editions_are_listed_with_rules_and_dates_with_offset(
    api: Client, edition: Edition
) -> None:
    awards = api.get(f"{V1}/awards").json()
    assert "Busetjings- og integreringsprisen" in api.get(f"{V1}/awards").content.decode()
    assert [a["slug"] for a in awards] == ["bosettingsprisen"]
    assert awards[0]["name"]["nn"] == {"text": "Busetjings- og integreringsprisen", "lang": "nn"}
    assert awards[0]["organisation"] == "imdi"
    one = api.get(f"{V1}/awards/bosettingsprisen").json()
    assert one["description"]["en"]["lang"] == "en"
    assert one["criteria"] == []

    editions = api.get(f"{V1}/awards/bosettingsprisen/editions").json()
    assert editions[0]["year"] == 2018
    assert editions[0]["phase"] == "voting_open"
    assert editions[0]["rules"]["decision_rule"] == "top_n_then_jury"
    assert editions[0]["rules"]["frozen"] is True
    opens = editions[0]["dates"]["voting_opens_at"]
    assert opens[-6:] in {"+01:00", "+02:00"}  # Oslo's offset, not UTC's Z
    assert edition.voting_opens_at is not None
    assert abs(dt.datetime.fromisoformat(opens) - edition.voting_opens_at) < dt.timedelta(seconds=1)


def test_organisations_are_those_with_public_awards(api: Client, edition: Edition) -> None:
    assert [o["slug"] for o in api.get(f"{V1}/organisations").json()] == ["imdi"]
    assert api.get(f"{V1}/organisations/imdi").json()["kind"] == "directorate"
    assert api.get(f"{V1}/organisations/stange").status_code == 404


def test_a_draft_edition_is_not_visible(api: Client, make_edition: Callable[..., Edition]) -> None:
    make_edition(
        year=2030,
        voting_mode="none",
        decision_rule="jury_only",
        announced_at=None,
        voting_opens_at=None,
        voting_closes_at=None,
    )
    response = api.get(f"{V1}/awards/bosettingsprisen/editions/2030")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_nominees_carry_each_text_with_its_language(
    api: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    make_nominee(edition, "Stange", "3413", summary_en="Stange does good work.")
    withdrawn = make_nominee(edition, "Asker", "3203")
    nominee_withdraw(actor=None, nominee=withdrawn, reason="Trakk seg.")

    nominees = api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees").json()
    assert [n["slug"] for n in nominees] == ["stange"]
    summary = nominees[0]["summary"]
    assert summary["en"] == {"text": "Stange does good work.", "lang": "en"}
    assert summary["nn"] == {"text": "Stange gjør en god jobb.", "lang": "nb"}  # falls back
    assert nominees[0]["image"] is None
    one = api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees/stange")
    assert one.json()["municipality_number"] == "3413"
    assert api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees/asker").status_code == 404


def test_the_result_is_under_embargo_until_it_is_published(api: Client, decided: Edition) -> None:
    url = f"{V1}/awards/bosettingsprisen/editions/2018/results"
    assert decided.results_published_at is not None
    with time_machine.travel(decided.results_published_at - dt.timedelta(seconds=1), tick=False):
        before = api.get(url)
        archive = api.get(f"{V1}/awards/bosettingsprisen/archive").json()
        edition = api.get(f"{V1}/awards/bosettingsprisen/editions/2018").json()
        assert api.get(f"{V1}/archive").json() == []
    assert before.status_code == 404
    assert "Bærum" not in before.content.decode()
    assert archive == []
    assert edition["phase"] != "results_published"

    with time_machine.travel(decided.results_published_at + dt.timedelta(seconds=1), tick=False):
        after = api.get(url, headers={"Accept-Language": "en"}).json()
        archive = api.get(f"{V1}/awards/bosettingsprisen/archive").json()
        every = api.get(f"{V1}/archive").json()
    assert after["winner"]["name"] == "Bærum"
    assert after["rationale"]["en"]["text"] == "Bærum has succeeded broadly."
    assert after["total_votes"] == 9
    assert [r["votes"] for r in after["rows"]] == [4, 3, 2]
    assert [f["name"] for f in after["finalists"]] == ["Bærum", "Stange", "Asker"]
    assert archive[0]["winner"]["name"] == "Bærum"
    assert [(e["award"], e["year"], e["winner"]["name"]) for e in every] == [
        ("bosettingsprisen", 2018, "Bærum")
    ]


def test_vote_counts_stay_hidden_unless_the_organiser_publishes_them(
    api: Client, decided: Edition
) -> None:
    Edition.objects.filter(pk=decided.pk).update(show_vote_counts=False)
    assert decided.results_published_at is not None
    with time_machine.travel(decided.results_published_at + dt.timedelta(seconds=1), tick=False):
        result = api.get(f"{V1}/awards/bosettingsprisen/editions/2018/results").json()
    assert result["total_votes"] is None
    assert {r["votes"] for r in result["rows"]} == {None}


def test_a_read_answers_304_when_its_etag_still_holds(api: Client, edition: Edition) -> None:
    url = f"{V1}/awards/bosettingsprisen/editions/2018"
    first = api.get(url)
    assert first["Cache-Control"] == "public, max-age=60"
    etag = first["ETag"]
    again = api.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    Edition.objects.filter(pk=edition.pk).update(intro="Ny tekst.")
    changed = api.get(url, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.fixture
def figures(db: None) -> None:
    stats_services.municipalities_import(paths=sorted((SAMPLE_DATA / "klass131").glob("*.json")))
    stats_services.imdi_import(
        path=SAMPLE_DATA / "imdi" / "2015-export" / "09_1-bosatt_anmodede-kommune-2014.csv"
    )


def test_a_municipality_answers_under_its_current_and_its_former_number(
    api: Client, figures: None
) -> None:
    current = api.get(f"{V1}/municipalities/3413").json()
    former = api.get(f"{V1}/municipalities/0417").json()
    assert current["name"] == former["name"] == "Stange"
    assert former["requested_number"] == "0417"
    assert {c["code"] for c in current["codes"]} >= {"0417", "3413"}
    settled = [s for s in current["indicators"] if s["points"]]
    point = settled[0]["points"][0]
    assert point["region_code"] == "0417"  # as the 2014 source printed it
    assert point["publisher"] == "IMDi"
    assert point["snapshot_date"]
    assert point["status"] in {"ok", ".", "..", ":"}
    listed = api.get(f"{V1}/municipalities").json()
    assert any(m["number"] == "3413" for m in listed)


def test_a_bad_or_unknown_municipality_number_gets_the_envelope(api: Client, figures: None) -> None:
    bad = api.get(f"{V1}/municipalities/12ab", headers={"Accept-Language": "en"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"code", "message", "fields"}
    assert "path.number" in bad.json()["fields"]
    assert api.get(f"{V1}/municipalities/9876").status_code == 404


def test_feedback_is_never_in_the_open_data(api: Client, edition: Edition) -> None:
    PageFeedback.objects.create(
        path="/bosettingsprisen/2018/", language="nb", found=False, comment="Hemmelig kommentar"
    )
    schema = api.get(f"{V1}/openapi.json").content.decode()
    assert "feedback" not in schema.split('"/api/v1/organiser')[0]
    for url in ["/awards", "/awards/bosettingsprisen/editions/2018", "/organisations"]:
        assert "Hemmelig" not in api.get(V1 + url).content.decode()


def test_unknown_paths_and_wrong_types_answer_in_the_envelope_in_the_asked_language(
    api: Client, edition: Edition
) -> None:
    wrong = api.get(
        f"{V1}/awards/bosettingsprisen/editions/tjue", headers={"Accept-Language": "nn"}
    )
    assert wrong.status_code in {400, 404}
    assert set(wrong.json()) == {"code", "message", "fields"}
    unknown = api.get(f"{V1}/awards/finnes-ikke", headers={"Accept-Language": "nn"})
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "not_found"
    assert unknown.json()["message"] == "Det finst ingen offentleg pris med dette kortnamnet."
    bokmal = api.get(f"{V1}/awards/finnes-ikke", headers={"Accept-Language": "de"})
    assert bokmal.json()["message"] == "Det finnes ingen offentlig pris med dette kortnavnet."


def test_the_docs_page_is_served_from_our_origin_under_our_csp(api: Client) -> None:
    page = api.get(f"{V1}/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in html
    assert "/static/api/docs.js" in html
    assert "<script>" not in html
    assert "https://" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    schema = api.get(f"{V1}/openapi.json").json()
    assert schema["openapi"].startswith("3.1")


def test_an_unknown_address_or_method_answers_in_the_envelope(api: Client) -> None:
    missing = api.get(f"{V1}/no-such-thing", headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert missing.json()["message"] == "Nothing was found at this address."
    wrong = api.delete(f"{V1}/awards")
    assert wrong.status_code == 405
    assert wrong.json()["code"] == "method_not_allowed"
    assert wrong["Allow"] == "GET"


def test_the_api_is_rate_limited_per_ip(api: Client) -> None:
    limits = override_settings(RATELIMIT_OVERRIDES={"api_per_ip": (2, 60)})
    with (
        limits,
        time_machine.travel(dt.datetime(2026, 12, 4, 12, 0, 10, tzinfo=dt.UTC), tick=False),
    ):
        responses = [api.get(f"{V1}/awards") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 429]
    assert responses[2].json()["code"] == "too_many_requests"
    assert responses[2]["Retry-After"] == "50"


def test_head_answers_like_get_without_a_body(api: Client, edition: Edition) -> None:
    url = f"{V1}/awards/bosettingsprisen"
    get = api.get(url)
    head = api.head(url)
    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert api.head(url, headers={"If-None-Match": get["ETag"]}).status_code == 304
    assert "integreringsprisen" in get.content.decode("utf-8")


def test_a_nominee_has_last_modified_and_honours_if_modified_since(
    api: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    make_nominee(edition, "Stange", "3413")
    url = f"{V1}/awards/bosettingsprisen/editions/2018/nominees/stange"
    first = api.get(url)
    assert first["Last-Modified"].endswith("GMT")
    assert api.get(url, headers={"If-Modified-Since": first["Last-Modified"]}).status_code == 304
    assert api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees")["Last-Modified"]


def test_numbers_out_of_any_range_are_not_found_not_a_failure(
    api: Client, edition: Edition
) -> None:
    for year in ["99999999999999999999", "-5", "40000"]:
        response = api.get(f"{V1}/awards/bosettingsprisen/editions/{year}/nominees")
        assert response.status_code == 404, year
    nul = api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees/a%00b")
    assert nul.status_code == 400
    assert nul.json()["code"] == "bad_request"
    assert api.get(f"{V1}/awards", {"x": "\x00"}).status_code == 400


def test_a_nominee_image_has_an_absolute_url_and_its_alt_text_per_language(
    api: Client,
    edition: Edition,
    make_nominee: Callable[..., Nominee],
    settings: LazySettings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, "PNG")
    make_nominee(
        edition,
        "Bodø",
        "1804",
        image=SimpleUploadedFile("bodo.png", buffer.getvalue(), content_type="image/png"),
        image_alt="Ordføreren tar imot prisen.",
        image_alt_en="The mayor receives the prize.",
    )
    image = api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees/bodo").json()["image"]
    assert image["url"].startswith("http://testserver/media/nominees/")
    assert image["alt"]["en"] == {"text": "The mayor receives the prize.", "lang": "en"}
    assert image["alt"]["nn"] == {"text": "Ordføreren tar imot prisen.", "lang": "nb"}


def test_lists_take_a_fixed_number_of_queries(
    api: Client,
    edition: Edition,
    make_nominee: Callable[..., Nominee],
    django_assert_max_num_queries: Callable[..., Any],
) -> None:
    for i in range(12):
        make_nominee(edition, f"Kommune {i}", f"{3000 + i}")
    api.get(f"{V1}/awards")  # warm: the first request may read session and language state
    # Rate-limit counter, edition, nominees (and the same on a second request): no N+1.
    with django_assert_max_num_queries(4):
        assert len(api.get(f"{V1}/awards/bosettingsprisen/editions/2018/nominees").json()) == 12
    with django_assert_max_num_queries(4):
        api.get(f"{V1}/awards")
    with django_assert_max_num_queries(4):
        api.get(f"{V1}/awards/bosettingsprisen/editions")
