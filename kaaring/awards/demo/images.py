"""A neutral picture for every demo nominee, drawn here, with a text alternative written for it.

The demo's nominees are real municipalities, and a photograph would claim to show a place; an
abstract picture (circles or stripes in a few colours) shows what a profile with an image looks
like without pretending. The picture and its description follow from the nominee's address
alone, so a re-run draws the same one, and a file already in storage is used again.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from kaaring.awards import services
from kaaring.awards.models import Nominee

WIDTH, HEIGHT = 1200, 630  # the proportions link previews use
BACKGROUND = (244, 246, 248)


@dataclass(frozen=True)
class Colour:
    rgb: tuple[int, int, int]
    nb: str
    nn: str
    en: str


# Strong colours that stand out from the light background (contrast over 3:1 for all but yellow,
# which never comes alone).
PALETTE = (
    Colour((30, 90, 168), "blått", "blått", "blue"),
    Colour((46, 125, 80), "grønt", "grønt", "green"),
    Colour((242, 183, 5), "gult", "gult", "yellow"),
    Colour((214, 98, 30), "oransje", "oransje", "orange"),
    Colour((123, 79, 160), "lilla", "lilla", "purple"),
    Colour((18, 130, 136), "turkis", "turkis", "turquoise"),
)
SHAPES = {
    "circles": ("tre sirkler", "tre sirklar", "three circles"),
    "stripes": ("skrå striper", "skrå striper", "diagonal stripes"),
}


@dataclass(frozen=True)
class Picture:
    shape: str
    colours: tuple[Colour, Colour, Colour]

    def alt(self) -> dict[str, str]:
        def listed(words: list[str], conjunction: str) -> str:
            return f"{words[0]}, {words[1]} {conjunction} {words[2]}"

        nb, nn, en = SHAPES[self.shape]
        # Stripes fill the picture; circles stand on the background.
        on = self.shape == "circles"
        return {
            "image_alt": f"Demobilde: {nb} i {listed([c.nb for c in self.colours], 'og')}"
            + (" på lys bakgrunn." if on else "."),
            "image_alt_nn": f"Demobilete: {nn} i {listed([c.nn for c in self.colours], 'og')}"
            + (" på lys bakgrunn." if on else "."),
            "image_alt_en": f"Demo image: {en} in {listed([c.en for c in self.colours], 'and')}"
            + (" on a light background." if on else "."),
        }


def picture_for(key: str) -> Picture:
    digest = hashlib.sha256(key.encode()).digest()
    shape = "circles" if digest[0] % 2 == 0 else "stripes"
    first = digest[1] % len(PALETTE)
    # Three different colours, never yellow first (it is the faintest on the background).
    if PALETTE[first].en == "yellow":
        first = (first + 1) % len(PALETTE)
    step = 1 + digest[2] % (len(PALETTE) - 1)
    picks = [first]
    while len(picks) < 3:
        candidate = (picks[-1] + step) % len(PALETTE)
        while candidate in picks:
            candidate = (candidate + 1) % len(PALETTE)
        picks.append(candidate)
    return Picture(shape, (PALETTE[picks[0]], PALETTE[picks[1]], PALETTE[picks[2]]))


def png_of(picture: Picture) -> bytes:
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    if picture.shape == "circles":
        for (x, y, r), colour in zip(
            ((430, 330, 210), (640, 250, 170), (780, 400, 150)), picture.colours, strict=True
        ):
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour.rgb)
    else:
        band = 150
        for index in range(-6, 12):
            colour = picture.colours[index % 3]
            x = index * band
            draw.polygon(
                [(x, HEIGHT), (x + band, HEIGHT), (x + band + HEIGHT, 0), (x + HEIGHT, 0)],
                fill=colour.rgb,
            )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def nominee_images_load(*, nominees: list[Nominee]) -> int:
    """Give each of ``nominees`` without an image its demo picture; how many got one."""
    given = 0
    for nominee in nominees:
        if nominee.image:
            continue
        key = f"{nominee.edition.award.slug}-{nominee.edition.year}-{nominee.slug}"
        picture = picture_for(key)
        name = f"nominees/demo/{key}.png"
        if not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(png_of(picture)))
        services.nominee_update(actor=None, nominee=nominee, image=name, **picture.alt())
        given += 1
    return given
