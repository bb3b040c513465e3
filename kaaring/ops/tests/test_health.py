"""/livez, /healthz and /readyz: answered before the rest of the site (any Host, plain HTTP),
200 or 503 with Retry-After, naming each dependency and its state."""

import json

import pytest
from django.conf import LazySettings
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from kaaring.ops import health


@pytest.fixture(autouse=True)
def _fresh_migrations_state() -> None:
    health.migrations.forget()


def _body(response: object) -> dict[str, object]:
    return json.loads(response.content)  # type: ignore[attr-defined]


@pytest.mark.parametrize("path", ["/livez", "/healthz", "/readyz"])
def test_a_probe_by_ip_over_plain_http_is_answered(
    client: Client, db: None, settings: LazySettings, path: str
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["kaaring.example.no"]

    response = client.get(path, HTTP_HOST="10.1.2.3:8000")

    assert response.status_code == 200
    assert _body(response)["status"] == "ok"
    assert response["Cache-Control"] == "no-store"


def test_readyz_names_the_database_and_the_migrations(client: Client, db: None) -> None:
    assert _body(client.get("/readyz"))["checks"] == {"database": "ok", "migrations": "ok"}


def test_readyz_is_503_while_a_migration_is_not_applied(client: Client, db: None) -> None:
    latest = MigrationRecorder.Migration.objects.filter(app="voting").order_by("-id").first()
    assert latest is not None
    latest.delete()

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert _body(response)["checks"]["migrations"] == "down: 1 not applied"  # type: ignore[index]
    assert client.get("/healthz").status_code == 200


def test_readyz_names_redis_when_it_cannot_be_reached(
    client: Client, db: None, settings: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A port nothing listens on (the discard port): a real refused connection.
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    monkeypatch.setattr(health, "_redis_client", None)

    response = client.get("/readyz")

    assert response.status_code == 503
    assert _body(response)["checks"]["redis"] == "down: ConnectionError"  # type: ignore[index]
    assert _body(response)["checks"]["database"] == "ok"  # type: ignore[index]
    monkeypatch.setattr(health, "_redis_client", None)


def test_readyz_checks_redis_when_it_is_configured(
    client: Client, db: None, settings: LazySettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.REDIS_URL = "redis://127.0.0.1:6379/7"
    monkeypatch.setattr(health, "_redis_client", None)

    response = client.get("/readyz")

    assert response.status_code == 200
    assert _body(response)["checks"]["redis"] == "ok"  # type: ignore[index]
    monkeypatch.setattr(health, "_redis_client", None)
