"""How an organisation presents itself on the public pages of its awards: its logo and the logo's
text alternative in each language, shown in the header beside its name, as public services do.

The logo is checked here, not only in the form: it must be a PNG, JPEG or WebP image Pillow can
read, of at most ``LOGO_MAX_BYTES`` and ``LOGO_MAX_PIXELS`` a side, and it needs a description.
A refused upload changes nothing, neither the file nor the texts.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from kaaring.accounts.models import Organisation, User
from kaaring.audit.services import diff, log_action
from kaaring.awards.models import Edition, new_content_version

# A header logo is small: a few tens of kilobytes is usual, so 1 MB leaves ample room.
LOGO_MAX_BYTES = 1024 * 1024
# Larger images are a mistake (a photo) or an attack on the decoder, never a header logo.
LOGO_MAX_PIXELS = 4000
LOGO_FORMATS = {"PNG", "JPEG", "WEBP"}
PROFILE_FIELDS = ("logo", "logo_alt", "logo_alt_nn", "logo_alt_en")


def _logo_check(logo: UploadedFile) -> None:
    if logo.size is not None and logo.size > LOGO_MAX_BYTES:
        raise ValidationError(
            {
                "logo": _(
                    "The logo is %(size)s MB; it may be at most 1 MB. Save it smaller, for "
                    "example as a PNG of at most 600 pixels wide."
                )
                % {"size": number_format(logo.size / 1024 / 1024, 1)}
            }
        )
    try:
        logo.seek(0)
        with Image.open(logo) as image:
            image_format, (width, height) = image.format, image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        image_format, width, height = None, 0, 0
    finally:
        logo.seek(0)
    if image_format not in LOGO_FORMATS:
        raise ValidationError(
            {"logo": _("The file is not an image we can show. Choose a PNG, JPEG or WebP file.")}
        )
    if width > LOGO_MAX_PIXELS or height > LOGO_MAX_PIXELS:
        raise ValidationError(
            {
                "logo": _(
                    "The logo is %(width)s pixels wide and %(height)s high; it may be at most "
                    "%(most)s pixels each way."
                )
                % {"width": width, "height": height, "most": LOGO_MAX_PIXELS}
            }
        )


def _snapshot(organisation: Organisation) -> dict[str, Any]:
    return {
        "logo": organisation.logo.name or "",
        **{name: getattr(organisation, name) for name in PROFILE_FIELDS[1:]},
    }


@transaction.atomic
def organisation_profile_update(
    *,
    actor: User | None,
    organisation: Organisation,
    logo: UploadedFile | None = None,
    remove_logo: bool = False,
    logo_alt: str = "",
    logo_alt_nn: str = "",
    logo_alt_en: str = "",
) -> Organisation:
    """Set the organisation's logo (a new file, kept, or removed) and its descriptions."""
    candidate = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = _snapshot(candidate)
    if logo is not None:
        _logo_check(logo)
    candidate.logo_alt, candidate.logo_alt_nn, candidate.logo_alt_en = (
        logo_alt.strip(),
        logo_alt_nn.strip(),
        logo_alt_en.strip(),
    )
    will_have_logo = logo is not None or (bool(candidate.logo) and not remove_logo)
    if will_have_logo and not candidate.logo_alt:
        raise ValidationError(
            {"logo_alt": [_("Describe the logo for those who cannot see it, in bokmål at least.")]}
        )
    candidate.full_clean(exclude=["logo", "name", "slug", "kind", "website"])
    if logo is not None:
        candidate.logo.save(logo.name or "logo", logo, save=False)
    elif remove_logo:
        candidate.logo = ""
        candidate.logo_width = candidate.logo_height = None
    changed = diff(before, _snapshot(candidate))
    if changed:
        candidate.save()
        # The header of every page of the organisation's editions shows the logo.
        Edition.objects.filter(award__organisation=candidate).update(
            content_version=new_content_version()
        )
        log_action(
            "organisation.profile_changed",
            actor=actor,
            organisation=candidate,
            target=candidate,
            data=changed,
        )
    return candidate
