"""API tokens in the back office: made and shown once, stored hashed, revoked, audit-logged."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from kaaring.accounts.models import Organisation, User
from kaaring.api.models import ApiToken
from kaaring.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _url(organisation: str = "imdi") -> str:
    return reverse("backoffice:tokens", kwargs={"organisation": organisation})


def test_a_token_is_shown_once_and_only_its_digest_is_stored(
    organiser: User, imdi: Organisation, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    response = client.post(
        _url(), {"name": "Kommunens nettside", "scope": "read", "valid_for": "30"}
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    body = response.content.decode()
    secret = body.split('<code id="new-token">')[1].split("</code>")[0]
    assert secret.startswith("kaaring_")
    token = ApiToken.objects.get()
    assert secret not in (token.digest, token.prefix)
    assert token.expires_at is not None
    assert AuditEntry.objects.filter(action="api_token.created", organisation=imdi).exists()
    again = client.get(_url()).content.decode()
    assert secret not in again
    assert "Kommunens nettside" in again
    api = Client().get("/api/v1/organiser/token", headers={"Authorization": f"Bearer {secret}"})
    assert api.json()["name"] == "Kommunens nettside"
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoking_stops_the_token_and_is_logged(
    organiser: User, imdi: Organisation, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    body = client.post(_url(), {"name": "CI", "scope": "write", "valid_for": ""}).content.decode()
    secret = body.split('<code id="new-token">')[1].split("</code>")[0]
    token = ApiToken.objects.get()
    revoke = reverse("backoffice:token_revoke", kwargs={"organisation": "imdi", "pk": token.pk})
    assert client.post(revoke).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == organiser
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1
    api = Client().get("/api/v1/organiser/token", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 401


def test_a_name_is_required_and_unique_among_live_tokens(
    organiser: User, imdi: Organisation, login: Callable[..., Client]
) -> None:
    client = login(organiser)
    assert client.post(_url(), {"name": "", "scope": "read"}).status_code == 400
    client.post(_url(), {"name": "CI", "scope": "read"})
    taken = client.post(_url(), {"name": "CI", "scope": "write"})
    assert taken.status_code == 400
    assert "already has that name" in taken.content.decode()
    assert ApiToken.objects.count() == 1


def test_a_viewer_sees_the_list_but_may_not_make_or_revoke(
    organiser: User, viewer: User, imdi: Organisation, login: Callable[..., Client]
) -> None:
    login(organiser).post(_url(), {"name": "CI", "scope": "read"})
    token = ApiToken.objects.get()
    client = login(viewer)
    assert "CI" in client.get(_url()).content.decode()
    assert client.post(_url(), {"name": "Mine", "scope": "write"}).status_code == 403
    revoke = reverse("backoffice:token_revoke", kwargs={"organisation": "imdi", "pk": token.pk})
    assert client.post(revoke).status_code == 403
    assert ApiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_another_organisation_cannot_see_or_revoke_our_tokens(
    organiser: User, outsider: User, imdi: Organisation, login: Callable[..., Client]
) -> None:
    login(organiser).post(_url(), {"name": "CI", "scope": "read"})
    token = ApiToken.objects.get()
    client = login(outsider)
    assert client.get(_url()).status_code == 404
    revoke = reverse("backoffice:token_revoke", kwargs={"organisation": "imdi", "pk": token.pk})
    assert client.post(revoke).status_code == 404
    own = reverse("backoffice:token_revoke", kwargs={"organisation": "stange", "pk": token.pk})
    assert client.post(own).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
