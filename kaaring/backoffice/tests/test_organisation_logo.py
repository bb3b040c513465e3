"""An organisation's logo: uploaded with its description in the back office, refused with a
clear message when it is not an image, too large or undescribed (nothing saved), and shown
with its text alternative in the header of the organisation's public pages."""

import io
import os
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image

from kaaring.accounts.models import Organisation, User
from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Edition
from kaaring.awards.organisation_profile import LOGO_MAX_BYTES

pytestmark = pytest.mark.django_db

ALT = {"logo_alt": "IMDis logo", "logo_alt_nn": "Logoen til IMDi", "logo_alt_en": "IMDi's logo"}


def image_file(size: tuple[int, int] = (160, 48), fmt: str = "PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "steelblue").save(buffer, format=fmt)
    return SimpleUploadedFile(f"logo.{fmt.lower()}", buffer.getvalue())


def url(organisation: Organisation) -> str:
    return reverse("backoffice:organisation", kwargs={"organisation": organisation.slug})


def test_an_organiser_uploads_a_logo_with_its_descriptions(
    login: Callable[..., Client], organiser: User, imdi: Organisation
) -> None:
    response = login(organiser).post(url(imdi), {"logo": image_file(), **ALT})

    assert response.status_code == 302
    imdi.refresh_from_db()
    assert str(imdi.logo.name).startswith("organisations/")
    assert (imdi.logo_width, imdi.logo_height) == (160, 48)
    assert imdi.logo_alt_en == "IMDi's logo"
    entry = AuditEntry.objects.get(action="organisation.profile_changed")
    assert entry.actor == organiser
    assert "logo_alt" in entry.data


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image"),
            "The file is not an image we can show",
        ),
        (
            SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
            "The file is not an image we can show",
        ),
        (image_file((4100, 40)), "at most 4000 pixels each way"),
    ],
)
def test_a_logo_that_is_not_a_usable_image_is_refused_and_nothing_is_saved(
    login: Callable[..., Client],
    organiser: User,
    imdi: Organisation,
    upload: SimpleUploadedFile,
    message: str,
) -> None:
    response = login(organiser).post(url(imdi), {"logo": upload, **ALT})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_logo_error"' in html
    assert message in html
    imdi.refresh_from_db()
    assert not imdi.logo
    assert imdi.logo_alt == ""
    assert not AuditEntry.objects.filter(action="organisation.profile_changed").exists()


def test_a_logo_over_one_megabyte_is_refused_with_its_size(
    login: Callable[..., Client], organiser: User, imdi: Organisation
) -> None:
    # Noise does not compress: a PNG of 800 x 800 random pixels is about 1.9 MB.
    noise = Image.frombytes("RGB", (800, 800), os.urandom(800 * 800 * 3))
    buffer = io.BytesIO()
    noise.save(buffer, format="PNG")
    assert buffer.tell() > LOGO_MAX_BYTES
    upload = SimpleUploadedFile("big.png", buffer.getvalue())

    response = login(organiser).post(url(imdi), {"logo": upload, **ALT})

    assert response.status_code == 400
    assert "it may be at most 1 MB" in response.content.decode()
    imdi.refresh_from_db()
    assert not imdi.logo


def test_a_logo_without_a_description_is_refused(
    login: Callable[..., Client], organiser: User, imdi: Organisation
) -> None:
    response = login(organiser).post(url(imdi), {"logo": image_file()})

    assert response.status_code == 400
    assert 'id="id_logo_alt_error"' in response.content.decode()
    imdi.refresh_from_db()
    assert not imdi.logo


def test_a_viewer_may_not_change_the_logo_and_an_outsider_does_not_see_the_page(
    login: Callable[..., Client], viewer: User, outsider: User, imdi: Organisation
) -> None:
    assert login(viewer).post(url(imdi), {"logo": image_file(), **ALT}).status_code == 403
    assert login(outsider).get(url(imdi)).status_code == 404
    imdi.refresh_from_db()
    assert not imdi.logo


def test_the_logo_can_be_removed(
    login: Callable[..., Client], organiser: User, imdi: Organisation
) -> None:
    client = login(organiser)
    client.post(url(imdi), {"logo": image_file(), **ALT})

    response = client.post(url(imdi), {"remove_logo": "on", **ALT})

    assert response.status_code == 302
    imdi.refresh_from_db()
    assert not imdi.logo
    assert imdi.logo_width is None


def test_the_public_header_shows_the_owner_with_its_logo_in_the_page_language(
    login: Callable[..., Client], organiser: User, imdi: Organisation, edition: Edition
) -> None:
    login(organiser).post(url(imdi), {"logo": image_file(), **ALT})
    imdi.refresh_from_db()
    public = Client()

    with translation.override("nb"):
        nb = public.get(f"/{edition.award.slug}/{edition.year}/").content.decode()
    en = public.get(f"/en/{edition.award.slug}/{edition.year}/").content.decode()

    header_nb = nb[nb.index("<header") : nb.index("</header>")]
    header_en = en[en.index("<header") : en.index("</header>")]
    assert imdi.name in header_nb
    assert f'src="{imdi.logo.url}" alt="IMDis logo" width="160" height="48"' in header_nb
    assert 'alt="IMDi&#x27;s logo"' in header_en
    assert "Awarded by" in header_en
    assert "Deles ut av" in header_nb
    logo = public.get(imdi.logo.url)
    assert logo.status_code == 200
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]
