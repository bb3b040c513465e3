"""Template helpers for the public site: Oslo dates with weekday, and localized content.

Dates are always shown in Europe/Oslo whatever the server's zone, in the page's language
("fredag 8. februar 2019 kl. 12.00" / "Friday 8 February 2019 at 12:00"), inside a
``<time datetime>`` element so that machines read the exact instant.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django import template
from django.db.models.fields.files import ImageFieldFile
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kaaring.accounts.models import Organisation
from kaaring.awards.localized import Localized, Text, current_language

register = template.Library()

OSLO = ZoneInfo("Europe/Oslo")


def oslo_datetime_text(value: dt.datetime) -> str:
    local = timezone.localtime(value, OSLO)
    day = date_format(local, pgettext("date with weekday, Django date format", "l j F Y"))
    clock = date_format(local, pgettext("time of day, Django date format", "H:i"))
    return _("%(date)s at %(time)s") % {"date": day, "time": clock}


def oslo_date_text(value: dt.datetime) -> str:
    local = timezone.localtime(value, OSLO)
    return date_format(local, pgettext("date without weekday, Django date format", "j F Y"))


@register.filter
def oslo_datetime(value: dt.datetime | None) -> SafeString | str:
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(value, OSLO).isoformat(),
        oslo_datetime_text(value),
    )


@register.filter
def oslo_date(value: dt.datetime | None) -> SafeString | str:
    if value is None:
        return ""
    return format_html(
        '<time datetime="{}">{}</time>',
        timezone.localtime(value, OSLO).date().isoformat(),
        oslo_date_text(value),
    )


@register.simple_tag
def loc(obj: Localized, field: str) -> Text:
    """``{% loc award "name" as name %}``: the field in the page's language, or bokmål."""
    return obj.localized(field)


@register.simple_tag
def logo_alt(organisation: Organisation) -> Text:
    """``{% logo_alt organisation as alt %}``: the logo's description in the page's language,
    or in bokmål."""
    language = current_language()
    text = getattr(organisation, f"logo_alt_{language}", "") if language != "nb" else ""
    return Text(text, language) if text else Text(organisation.logo_alt, "nb")


@register.filter
def lang_attr(value: Text) -> SafeString:
    """` lang="nb"` when the text fell back to another language than the page's, else ``""``."""
    if isinstance(value, Text) and value.lang != current_language():
        return mark_safe(f' lang="{value.lang}"')  # noqa: S308 - lang is one of nb/nn/en
    return mark_safe("")


@register.simple_tag(takes_context=True)
def feedback_thanks(context: template.Context) -> str:
    """The thank-you left by the feedback form's redirect, shown in the feedback section."""
    for message in context.get("messages") or ():
        if "feedback" in message.extra_tags.split():
            return str(message)
    return ""


def _words(text: str) -> str:
    return " ".join(text.split()).casefold()


@register.filter
def without_lead(profile: Text, lead: Text) -> Text:
    """The profile text without its first paragraph when that paragraph says what the lead
    above it already says: a page that shows the same sentences twice reads as an error, and a
    screen reader reads them twice."""
    if not isinstance(profile, Text) or not lead:
        return profile
    first, _sep, rest = str(profile).strip().partition("\n\n")
    if _words(first) == _words(str(lead)):
        return Text(rest.strip(), profile.lang)
    return profile


@register.filter
def size_attrs(image: ImageFieldFile) -> SafeString:
    """` width="…" height="…"` of a stored image, so that the page keeps its room before the
    image arrives; nothing when the file cannot be read (the page still shows)."""
    try:
        width, height = image.width, image.height
    except (OSError, ValueError):
        return mark_safe("")
    return format_html(' width="{}" height="{}"', width, height)
