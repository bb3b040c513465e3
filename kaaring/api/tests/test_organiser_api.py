"""The organiser API through HTTP: tokens, scopes, isolation, frozen rules, If-Match, import."""

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.api.models import ApiToken
from kaaring.api.services import token_create, token_revoke
from kaaring.api.tests.conftest import bearer
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition, Nominee
from kaaring.feedback.models import PageFeedback

pytestmark = pytest.mark.django_db
BASE = "/api/v1/organiser/editions/bosettingsprisen/2027/nominees"
STANGE = {
    "slug": "stange",
    "kind": "municipality",
    "name": "Stange",
    "municipality_number": "3413",
    "summary": "Stange tar imot mange.",
    "summary_en": "Stange welcomes many.",
}


def post(client: Client, url: str, body: object, secret: str, **headers: str) -> Any:
    return client.post(
        url,
        json.dumps(body),
        content_type="application/json",
        headers={**bearer(secret), **headers},
    )


def patch(client: Client, url: str, body: object, secret: str, **headers: str) -> Any:
    return client.patch(
        url,
        json.dumps(body),
        content_type="application/json",
        headers={**bearer(secret), **headers},
    )


def test_a_write_token_creates_a_nominee_audit_logged_with_its_name(
    api: Client, draft: Edition, imdi_token: str
) -> None:
    response = post(api, BASE, STANGE, imdi_token)
    assert response.status_code == 201, response.content
    assert response.json()["summary"]["en"] == {"text": "Stange welcomes many.", "lang": "en"}
    assert response["ETag"]
    nominee = Nominee.objects.get(edition=draft, slug="stange")
    entry = AuditEntry.objects.get(action="nominee.created", target_id=str(nominee.pk))
    assert entry.actor is None
    assert entry.actor_label == "API: write imdi"
    assert entry.organisation == draft.award.organisation


def test_without_a_token_the_organiser_api_answers_401_in_the_envelope(
    api: Client, draft: Edition
) -> None:
    response = api.get(BASE, headers={"Accept-Language": "en"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert "token" in response.json()["message"]
    assert response["WWW-Authenticate"].startswith("Bearer")
    garbage = api.get(BASE, headers={"Authorization": "Bearer kaaring_nope"})
    assert garbage.status_code == 401


def test_a_revoked_or_expired_token_is_refused(
    api: Client, draft: Edition, organiser: User, imdi: Organisation
) -> None:
    token, secret = token_create(actor=organiser, organisation=imdi, name="x", scope="read")
    assert api.get(BASE, headers=bearer(secret)).status_code == 200
    token_revoke(actor=organiser, token=token)
    assert api.get(BASE, headers=bearer(secret)).status_code == 401
    expiring, secret2 = token_create(
        actor=organiser,
        organisation=imdi,
        name="y",
        scope="read",
        expires_at=timezone.now() + dt.timedelta(hours=1),
    )
    ApiToken.objects.filter(pk=expiring.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    assert api.get(BASE, headers=bearer(secret2)).status_code == 401


def test_a_token_lists_its_editions_drafts_included(
    api: Client,
    draft: Edition,
    edition: Edition,
    make_edition: Callable[..., Edition],
    imdi_read_token: str,
) -> None:
    make_edition(
        year=2030,
        voting_mode="none",
        decision_rule="jury_only",
        announced_at=None,
        voting_opens_at=None,
        voting_closes_at=None,
    )
    editions = api.get("/api/v1/organiser/editions", headers=bearer(imdi_read_token)).json()
    assert [(e["year"], e["phase"], e["rules"]["frozen"]) for e in editions] == [
        (2030, "draft", False),
        (2027, "nominees_published", False),
        (2018, "voting_open", True),
    ]
    assert {e["nominee_count"] for e in editions} == {0}
    token = api.get("/api/v1/organiser/token", headers=bearer(imdi_read_token)).json()
    assert token == {
        "name": "read imdi",
        "organisation": "imdi",
        "scope": "read",
        "expires_at": None,
    }


def test_a_read_token_may_not_write(api: Client, draft: Edition, imdi_read_token: str) -> None:
    response = post(api, BASE, STANGE, imdi_read_token, **{"Accept-Language": "nn"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert response.json()["message"].startswith("Denne nøkkelen kan berre lese")
    assert not Nominee.objects.exists()


def test_another_organisations_token_finds_nothing_of_ours(
    api: Client, draft: Edition, imdi_token: str, stange_token: str
) -> None:
    post(api, BASE, STANGE, imdi_token)
    PageFeedback.objects.create(
        path="/x/",
        language="nb",
        found=False,
        comment="IMDi sin",
        organisation=draft.award.organisation,
    )
    assert api.get(BASE, headers=bearer(stange_token)).status_code == 404
    assert api.get(f"{BASE}/stange", headers=bearer(stange_token)).status_code == 404
    assert patch(api, f"{BASE}/stange", {"name": "Hacket"}, stange_token).status_code == 404
    assert post(api, BASE, {**STANGE, "slug": "ny"}, stange_token).status_code == 404
    assert api.get("/api/v1/organiser/editions", headers=bearer(stange_token)).json() == []
    feedback = api.get("/api/v1/organiser/feedback", headers=bearer(stange_token)).json()
    assert feedback["count"] == 0
    log = api.get("/api/v1/organiser/audit-log", headers=bearer(stange_token)).json()
    assert all(item["action"].startswith("api_token") for item in log["items"])
    assert Nominee.objects.get(slug="stange").name == "Stange"
    ours = api.get("/api/v1/organiser/feedback", headers=bearer(imdi_token)).json()
    assert ours["items"][0]["comment"] == "IMDi sin"


def test_nominees_cannot_change_once_voting_has_opened(
    api: Client, edition: Edition, make_nominee: Callable[..., Nominee], imdi_token: str
) -> None:
    make_nominee(edition, "Asker", "3203")
    url = "/api/v1/organiser/editions/bosettingsprisen/2018/nominees"
    created = post(api, url, STANGE, imdi_token, **{"Accept-Language": "en"})
    assert created.status_code == 409
    assert created.json()["code"] == "rules_frozen"
    assert created.json()["message"].startswith("The nominees of this edition can no longer")
    changed = patch(api, f"{url}/asker", {"name": "Asker kommune"}, imdi_token)
    assert changed.status_code == 409
    assert Nominee.objects.get(slug="asker").name == "Asker"
    assert not Nominee.objects.filter(slug="stange").exists()


def test_an_update_with_a_stale_if_match_answers_412_and_changes_nothing(
    api: Client, draft: Edition, imdi_token: str
) -> None:
    etag = post(api, BASE, STANGE, imdi_token)["ETag"]
    fresh = patch(api, f"{BASE}/stange", {"summary": "Ny tekst."}, imdi_token, **{"If-Match": etag})
    assert fresh.status_code == 200, fresh.content
    assert fresh["ETag"] != etag
    stale = patch(api, f"{BASE}/stange", {"summary": "Eldre."}, imdi_token, **{"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["code"] == "precondition_failed"
    assert Nominee.objects.get(slug="stange").summary == "Ny tekst."
    read = api.get(f"{BASE}/stange", headers=bearer(imdi_token))
    assert read["ETag"] == fresh["ETag"]
    assert (
        api.get(
            f"{BASE}/stange", headers={**bearer(imdi_token), "If-None-Match": read["ETag"]}
        ).status_code
        == 304
    )


def test_bad_input_gets_field_errors_and_saves_nothing(
    api: Client, draft: Edition, imdi_token: str
) -> None:
    unknown = post(api, BASE, {**STANGE, "votes": 1000}, imdi_token, **{"Accept-Language": "en"})
    assert unknown.status_code == 400
    assert unknown.json()["fields"] == {"body.payload.votes": ["This field is unknown."]}
    wrong = post(
        api, BASE, {**STANGE, "kind": "municipality", "municipality_number": ""}, imdi_token
    )
    assert wrong.status_code == 400
    assert "body.municipality_number" in wrong.json()["fields"]
    nul = post(api, BASE, {**STANGE, "summary": "a\u0000b"}, imdi_token)
    assert nul.status_code == 400
    assert "body.payload.summary" in nul.json()["fields"]
    not_json = api.post(
        BASE, b"{\xff\xfe", content_type="application/json", headers=bearer(imdi_token)
    )
    assert not_json.status_code == 400
    assert not_json.json()["code"] == "bad_request"
    deep = api.post(
        BASE,
        "[" * 100_000 + "]" * 100_000,
        content_type="application/json",
        headers=bearer(imdi_token),
    )
    assert deep.status_code == 400
    huge = api.post(
        BASE,
        json.dumps({**STANGE, "profile": "x" * 3_000_000}),
        content_type="application/json",
        headers=bearer(imdi_token),
    )
    assert huge.status_code in {400, 413}
    assert set(huge.json()) == {"code", "message", "fields"}
    assert not Nominee.objects.exists()


def test_an_import_saves_all_rows_or_none(api: Client, draft: Edition, imdi_token: str) -> None:
    url = "/api/v1/organiser/editions/bosettingsprisen/2027/import"
    rows = [
        STANGE,
        {"slug": "bodo", "kind": "municipality", "name": "Bodø", "municipality_number": "1804"},
    ]
    bad = post(
        api,
        url,
        {
            "nominees": [
                *rows,
                {"slug": "x", "kind": "person", "name": "X", "municipality_number": "0301"},
            ]
        },
        imdi_token,
    )
    assert bad.status_code == 400
    assert "nominees.2.municipality_number" in bad.json()["fields"]
    assert not Nominee.objects.exists()

    good = post(api, url, {"nominees": rows}, imdi_token)
    assert good.json() == {"created": ["stange", "bodo"], "updated": [], "unchanged": []}
    again = post(
        api, url, {"nominees": [{**rows[0], "name": "Stange kommune"}, rows[1]]}, imdi_token
    )
    assert again.json() == {"created": [], "updated": ["stange"], "unchanged": ["bodo"]}


def test_a_csv_import(api: Client, draft: Edition, imdi_token: str) -> None:
    url = "/api/v1/organiser/editions/bosettingsprisen/2027/import.csv"
    body = (
        "slug,kind,name,municipality_number,summary_nn\n"
        "stange,municipality,Stange,3413,Stange tek imot\n"
    )
    done = api.post(url, body.encode(), content_type="text/csv", headers=bearer(imdi_token))
    assert done.status_code == 200, done.content
    assert Nominee.objects.get(slug="stange").summary_nn == "Stange tek imot"
    bad_header = api.post(
        url, b"slug,votes\nx,1\n", content_type="text/csv", headers=bearer(imdi_token)
    )
    assert bad_header.status_code == 400
    assert list(bad_header.json()["fields"]) == ["header.votes"]
    semicolons = "slug;kind;name;municipality_number\nbodo;municipality;Bodø;1804\n"
    done = api.post(url, semicolons.encode(), content_type="text/csv", headers=bearer(imdi_token))
    assert done.json()["created"] == ["bodo"]
    latin1 = api.post(
        url,
        "slug,kind,name\nbaerum,person,Bærum\n".encode("latin-1"),
        content_type="text/csv",
        headers=bearer(imdi_token),
    )
    assert latin1.status_code == 400
    wrong_type = api.post(
        url, body.encode(), content_type="application/xml", headers=bearer(imdi_token)
    )
    assert wrong_type.status_code == 415


def test_the_audit_log_lists_what_the_token_did(
    api: Client, draft: Edition, imdi_token: str
) -> None:
    post(api, BASE, STANGE, imdi_token)
    log = api.get("/api/v1/organiser/audit-log", {"limit": 1}, headers=bearer(imdi_token)).json()
    assert log["limit"] == 1
    assert log["items"][0]["action"] == "nominee.created"
    assert log["items"][0]["actor"] == "API: write imdi"
    bad = api.get("/api/v1/organiser/audit-log", {"limit": 0}, headers=bearer(imdi_token))
    assert bad.status_code == 400
    assert "query.limit" in bad.json()["fields"]


def test_a_token_lives_only_while_its_maker_is_a_member_who_may_change(
    api: Client, draft: Edition, organiser: User, imdi: Organisation, imdi_token: str
) -> None:
    membership = Membership.objects.get(user=organiser, organisation=imdi)
    membership.role = Membership.Role.VIEWER
    membership.save()
    demoted = post(api, BASE, STANGE, imdi_token, **{"Accept-Language": "en"})
    assert demoted.status_code == 403
    assert "may no longer change" in demoted.json()["message"]
    assert api.get(BASE, headers=bearer(imdi_token)).status_code == 200  # reading still works
    membership.delete()
    assert api.get(BASE, headers=bearer(imdi_token)).status_code == 401
    Membership.objects.create(user=organiser, organisation=imdi, role=Membership.Role.ORGANISER)
    User.objects.filter(pk=organiser.pk).update(is_active=False)
    assert api.get(BASE, headers=bearer(imdi_token)).status_code == 401
    assert not Nominee.objects.exists()
