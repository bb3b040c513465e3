"""The demo's nominee pictures: drawn from the nominee's address, described as drawn, stored once
and given through the nominee service."""

import io
from pathlib import Path

import pytest
from django.conf import LazySettings
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from kaaring.audit.models import AuditEntry
from kaaring.awards.demo.images import HEIGHT, WIDTH, nominee_images_load, picture_for, png_of
from kaaring.awards.models import Edition, Nominee


@given(st.text(min_size=1, max_size=40))
def test_every_picture_has_three_different_colours_and_a_description_naming_them(key: str):
    picture = picture_for(key)

    assert len({colour.en for colour in picture.colours}) == 3
    alt = picture.alt()
    for colour in picture.colours:
        assert colour.nb in alt["image_alt"]
        assert colour.nn in alt["image_alt_nn"]
        assert colour.en in alt["image_alt_en"]
    assert picture_for(key) == picture


def test_the_picture_is_drawn_in_the_colours_its_description_names():
    for key in ("bosettingsprisen-2018-stange", "bosettingsprisen-2018-asker"):
        picture = picture_for(key)
        image = Image.open(io.BytesIO(png_of(picture))).convert("RGB")

        assert image.size == (WIDTH, HEIGHT)
        drawn = {rgb for _count, rgb in image.getcolors(maxcolors=100_000) or []}
        for colour in picture.colours:
            assert colour.rgb in drawn


@pytest.mark.django_db
def test_nominees_without_an_image_get_their_picture_once(
    settings: LazySettings,
    tmp_path: Path,
    edition: Edition,
    nominees: list[Nominee],
):
    settings.MEDIA_ROOT = tmp_path
    stange = nominees[0]

    given_now = nominee_images_load(nominees=nominees)
    given_again = nominee_images_load(
        nominees=list(Nominee.objects.filter(edition=edition).select_related("edition__award"))
    )

    assert given_now == len(nominees)
    assert given_again == 0
    stange.refresh_from_db()
    assert stange.image.name == f"nominees/demo/{edition.award.slug}-2018-{stange.slug}.png"
    assert (tmp_path / stange.image.name).exists()
    assert stange.image_alt.startswith("Demobilde: ")
    assert stange.image_alt_en.startswith("Demo image: ")
    assert AuditEntry.objects.filter(action="nominee.updated").count() == len(nominees)
