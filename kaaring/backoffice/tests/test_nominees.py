"""Nominees: added, edited with an image and its description, withdrawn with a reason."""

import io
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition, Nominee

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "steelblue").save(buffer, format="PNG")
    return SimpleUploadedFile("raadhus.png", buffer.getvalue(), content_type="image/png")


def urls(edition: Edition, nominee: Nominee | None = None) -> dict[str, str]:
    kwargs = {"award": edition.award.slug, "year": edition.year}
    result = {
        "list": reverse("backoffice:nominees", kwargs=kwargs),
        "create": reverse("backoffice:nominee_create", kwargs=kwargs),
    }
    if nominee is not None:
        result["edit"] = reverse("backoffice:nominee", kwargs={**kwargs, "pk": nominee.pk})
        result["withdraw"] = reverse(
            "backoffice:nominee_withdraw", kwargs={**kwargs, "pk": nominee.pk}
        )
    return result


BAERUM = {
    "name": "Bærum",
    "kind": "municipality",
    "municipality_number": "3201",
    "position": "4",
    "summary": "Bærum bosetter mange.",
    "profile": "Lang tekst.",
}


def test_an_organiser_adds_a_nominee_with_an_image_and_its_description(
    organiser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    data = {**BAERUM, "image": png(), "image_alt": "Rådhuset i Bærum en vinterdag"}
    response = login(organiser).post(urls(edition)["create"], data)
    assert response.status_code == 302
    nominee = Nominee.objects.get(edition=edition, name="Bærum")
    assert nominee.slug == "baerum"
    assert str(nominee.image.name).endswith(".png")
    assert nominee.image_alt == "Rådhuset i Bærum en vinterdag"
    assert AuditEntry.objects.filter(action="nominee.created", actor=organiser).exists()


def test_an_image_without_a_description_is_refused(
    organiser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    response = login(organiser).post(urls(edition)["create"], {**BAERUM, "image": png()})
    assert response.status_code == 400
    assert 'id="id_image_alt_error"' in response.content.decode()
    assert not Nominee.objects.filter(name="Bærum").exists()


def test_a_file_that_is_not_an_image_is_refused(
    organiser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    fake = SimpleUploadedFile("virus.png", b"not an image", content_type="image/png")
    response = login(organiser).post(
        urls(edition)["create"], {**BAERUM, "image": fake, "image_alt": "x"}
    )
    assert response.status_code == 400
    assert 'id="id_image_error"' in response.content.decode()


def test_a_municipality_needs_its_number(
    organiser: User, edition: Edition, login: Callable[..., Client]
) -> None:
    response = login(organiser).post(urls(edition)["create"], {**BAERUM, "municipality_number": ""})
    assert response.status_code == 400
    assert 'id="id_municipality_number_error"' in response.content.decode()


def test_editing_a_nominee_records_before_and_after(
    organiser: User, edition: Edition, nominees: list[Nominee], login: Callable[..., Client]
) -> None:
    stange = nominees[0]
    data = {
        "name": "Stange",
        "kind": "municipality",
        "municipality_number": "3413",
        "slug": stange.slug,
        "position": "1",
        "summary": "Ny oppsummering.",
        "profile": stange.profile,
    }
    response = login(organiser).post(urls(edition, stange)["edit"], data)
    assert response.status_code == 302
    stange.refresh_from_db()
    assert stange.summary == "Ny oppsummering."
    entry = AuditEntry.objects.get(action="nominee.updated")
    assert entry.data["changes"]["summary"] == {
        "before": "Stange gjør en god jobb.",
        "after": "Ny oppsummering.",
    }


def test_withdrawing_needs_a_reason_and_keeps_the_nominee(
    organiser: User, edition: Edition, nominees: list[Nominee], login: Callable[..., Client]
) -> None:
    client = login(organiser)
    asker = nominees[1]
    response = client.post(urls(edition, asker)["withdraw"], {"reason": " "})
    assert response.status_code == 400
    asker.refresh_from_db()
    assert asker.withdrawn_at is None

    response = client.post(urls(edition, asker)["withdraw"], {"reason": "Kommunen trakk seg."})
    assert response.status_code == 302
    asker.refresh_from_db()
    assert asker.withdrawn_at is not None
    assert AuditEntry.objects.get(action="nominee.withdrawn").reason == "Kommunen trakk seg."
    listing = client.get(urls(edition)["list"]).content.decode()
    assert "Asker" in listing
    assert "Withdrawn" in listing or "Trukket" in listing
