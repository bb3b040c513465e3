"""The nominee page says each thing once: the lead is not repeated as the profile's first
paragraph, and the page describes itself in its language."""

import io
import re
from collections.abc import Callable
from pathlib import Path

from django.conf import LazySettings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from PIL import Image

from kaaring.awards.models import Edition, Nominee
from kaaring.awards.services import edition_pages_changed

URL = "/bosettingsprisen/2018/nominerte/asker/"


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def test_a_profile_that_opens_with_the_lead_shows_the_lead_once(
    client: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    lead = "Asker har bosatt flyktninger i alle deler av kommunen."
    make_nominee(
        edition, "Asker", "3203", summary=lead, profile=f"{lead}\n\nIntroprogrammet er nytt."
    )

    main = _main(client.get(URL).content.decode())

    assert main.count(lead) == 1
    assert "<p>Introprogrammet er nytt.</p>" in main


def test_a_profile_that_only_repeats_the_lead_shows_no_empty_text(
    client: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    lead = "Asker bosetter flyktninger."
    make_nominee(edition, "Asker", "3203", summary=lead, profile=f"  {lead}\n")

    main = _main(client.get(URL).content.decode())

    assert main.count(lead) == 1
    assert 'class="ds-paragraph site-prose"' not in main


def test_a_profile_that_opens_otherwise_is_shown_whole(
    client: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    make_nominee(
        edition, "Asker", "3203", summary="Kort om Asker.", profile="Asker ligger vest for Oslo."
    )

    main = _main(client.get(URL).content.decode())

    assert "Kort om Asker." in main
    assert "<p>Asker ligger vest for Oslo.</p>" in main


def test_the_nominee_page_is_described_by_its_lead_or_else_by_the_site(
    client: Client, edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    make_nominee(edition, "Asker", "3203", summary="Kort om Asker.")
    make_nominee(edition, "Bodø", "1804", summary="")

    asker = client.get(URL).content.decode()
    bodo = client.get("/en/bosettingsprisen/2018/nominerte/bodo/").content.decode()

    assert re.findall(r'<meta name="description" content="([^"]*)">', asker) == ["Kort om Asker."]
    assert re.findall(r'<meta name="description" content="([^"]*)">', bodo) == [
        "Public awards in which the public votes and a jury decides."
    ]


def test_the_image_keeps_its_room_and_a_lost_file_does_not_break_the_page(
    client: Client,
    edition: Edition,
    make_nominee: Callable[..., Nominee],
    settings: LazySettings,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), "teal").save(buffer, format="PNG")
    name = default_storage.save("nominees/asker.png", ContentFile(buffer.getvalue()))
    make_nominee(edition, "Asker", "3203", image=name, image_alt="Et grønt felt")

    html = client.get(URL).content.decode()
    assert re.search(r'<img class="site-profile__image" [^>]* width="300" height="200">', html)

    (tmp_path / name).unlink()
    Nominee.objects.filter(slug="asker").update(image_alt="Et felt")  # a new page, not a kept one
    edition_pages_changed(edition_id=edition.pk)
    response = client.get(URL)
    assert response.status_code == 200
    assert 'alt="Et felt"' in response.content.decode()
