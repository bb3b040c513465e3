"""Times entered and shown in Norwegian time (Europe/Oslo), whatever the server's zone.

An organiser types a date and a wall-clock time. Twice a year that is not enough to name an
instant: on the last Sunday of March the clocks jump from 02:00 to 03:00, so 02:30 never
happens; on the last Sunday of October they go back from 03:00 to 02:00, so 02:30 happens
twice. We refuse the first and ask which one is meant for the second, instead of guessing.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

OSLO = ZoneInfo("Europe/Oslo")

# "First" is the earlier instant of an ambiguous wall-clock time (still summer time).
FOLD_FIRST = "summer"
FOLD_SECOND = "winter"

_DATE_NORWEGIAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
# Anything that looks like a zone or an offset: Z, UTC, GMT, +01:00, -0500, CET …
_OFFSET = re.compile(r"(?i)(z|utc|gmt|cet|cest|[+-]\d{1,2}(:?\d{2})?)\s*$")


class WallClock:
    """What Europe/Oslo makes of a date and a wall-clock time."""

    def __init__(self, naive: dt.datetime) -> None:
        self.naive = naive
        first = naive.replace(tzinfo=OSLO, fold=0)
        second = naive.replace(tzinfo=OSLO, fold=1)
        self.first, self.second = first, second
        round_trip = first.astimezone(dt.UTC).astimezone(OSLO).replace(tzinfo=None)
        self.missing = round_trip != naive
        self.ambiguous = not self.missing and first.utcoffset() != second.utcoffset()


def parse_date(text: str) -> dt.date:
    text = text.strip()
    match = _DATE_NORWEGIAN.match(text)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return dt.date(year, month, day)
        if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date that exists.") % {"value": text}, code="invalid_date"
        ) from None
    raise ValidationError(
        _("Write the date as day.month.year, for example 08.02.2019."), code="invalid_date"
    )


def parse_time(text: str) -> dt.time:
    text = text.strip()
    if _OFFSET.search(text) and not _TIME.match(text):
        raise ValidationError(
            _(
                "Write the time in Norwegian time, without a time zone or offset, for example "
                "12:00."
            ),
            code="offset",
        )
    match = _TIME.match(text)
    if not match:
        raise ValidationError(
            _("Write the time as hours and minutes, for example 12:00."), code="invalid_time"
        )
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValidationError(
            _("“%(value)s” is not a time of day. Use 00:00 to 23:59.") % {"value": text},
            code="invalid_time",
        )
    return dt.time(hour, minute)


def format_oslo(value: dt.datetime | None) -> str:
    """``8. februar 2019 kl. 12:00 (norsk tid, UTC+01:00)`` in the active language."""
    if value is None:
        return ""
    local = value.astimezone(OSLO)
    offset = local.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}"
    return _("%(date)s at %(time)s (Norwegian time, UTC%(offset)s)") % {
        "date": formats.date_format(local, "DATE_FORMAT"),
        "time": local.strftime("%H:%M"),
        "offset": offset,
    }


class OsloDateTimeWidget(forms.MultiWidget):
    """A date input, a time input and, only when needed, the choice between two instants."""

    template_name = "backoffice/widgets/oslo_datetime.html"

    def __init__(self, attrs: dict[str, str] | None = None) -> None:
        widgets = (
            forms.DateInput(attrs={"type": "date", "class": "ds-input"}, format="%Y-%m-%d"),
            forms.TimeInput(attrs={"type": "time", "class": "ds-input"}, format="%H:%M"),
            # Rendered by hand in the template, and only for an ambiguous time.
            forms.HiddenInput(),
        )
        super().__init__(widgets, attrs)

    def decompress(self, value: dt.datetime | None) -> list[object]:
        if not value:
            return [None, None, ""]
        local = value.astimezone(OSLO)
        fold = ""
        if WallClock(local.replace(tzinfo=None)).ambiguous:
            fold = FOLD_SECOND if local.fold else FOLD_FIRST
        return [local.date(), local.time().replace(second=0, microsecond=0), fold]

    def get_context(self, name: str, value: object, attrs: dict[str, object] | None) -> dict:
        context = super().get_context(name, value, attrs)
        date_value, time_value, fold = (
            context["widget"]["subwidgets"][i]["value"] for i in range(3)
        )
        context["widget"]["fold_choices"] = None
        naive = _naive_or_none(date_value, time_value)
        if naive is not None:
            wall = WallClock(naive)
            if wall.ambiguous or fold:
                context["widget"]["fold_choices"] = _fold_choices(wall) if wall.ambiguous else None
        context["widget"]["fold_value"] = fold or ""
        return context


def _naive_or_none(date_value: object, time_value: object) -> dt.datetime | None:
    try:
        date = parse_date(str(date_value)) if date_value else None
        time = parse_time(str(time_value)) if time_value else None
    except ValidationError:
        return None
    if date is None or time is None:
        return None
    return dt.datetime.combine(date, time)


def _fold_choices(wall: WallClock) -> list[tuple[str, str]]:
    def label(instant: dt.datetime) -> str:
        return format_oslo(instant)

    return [
        (FOLD_FIRST, _("the first time, in summer time: %(when)s") % {"when": label(wall.first)}),
        (
            FOLD_SECOND,
            _("the second time, in winter time: %(when)s") % {"when": label(wall.second)},
        ),
    ]


class OsloDateTimeField(forms.MultiValueField):
    """An aware datetime from a date and a wall-clock time in Europe/Oslo."""

    widget = OsloDateTimeWidget
    default_error_messages = {
        "incomplete": gettext_lazy("Give both a date and a time."),
    }

    def __init__(self, **kwargs: object) -> None:
        fields = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)  # type: ignore[arg-type]

    def compress(self, data_list: list[str]) -> dt.datetime | None:
        if not data_list:
            return None
        date_text, time_text, fold = [*data_list, "", "", ""][:3]
        if not date_text and not time_text:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if not date_text:
            raise ValidationError(_("Give the date too."), code="incomplete")
        if not time_text:
            raise ValidationError(_("Give the time too, for example 12:00."), code="incomplete")
        naive = dt.datetime.combine(parse_date(date_text), parse_time(time_text))
        wall = WallClock(naive)
        if wall.missing:
            raise ValidationError(
                _(
                    "%(time)s on %(date)s does not exist in Norwegian time: the clocks jump "
                    "from 02:00 to 03:00 that night. Choose a time before 02:00 or from 03:00."
                )
                % {
                    "time": naive.strftime("%H:%M"),
                    "date": formats.date_format(naive.date(), "DATE_FORMAT"),
                },
                code="missing_time",
            )
        # In UTC: Python's == between zones is always False for an ambiguous local time.
        if wall.ambiguous:
            if fold == FOLD_FIRST:
                return wall.first.astimezone(dt.UTC)
            if fold == FOLD_SECOND:
                return wall.second.astimezone(dt.UTC)
            raise ValidationError(
                _(
                    "%(time)s on %(date)s happens twice in Norwegian time: the clocks go back "
                    "from 03:00 to 02:00 that night. Choose which one you mean, or choose "
                    "another time."
                )
                % {
                    "time": naive.strftime("%H:%M"),
                    "date": formats.date_format(naive.date(), "DATE_FORMAT"),
                },
                code="ambiguous_time",
            )
        return wall.first.astimezone(dt.UTC)

    def clean(self, value: object) -> dt.datetime | None:
        # Parse the parts ourselves, so each message names what is wrong with which part.
        if isinstance(value, dt.datetime):
            return value
        if not isinstance(value, list | tuple):
            value = ["", "", ""]
        parts = [str(part).strip() if part is not None else "" for part in value]
        result = self.compress(parts)
        self.validate(result)
        self.run_validators(result)
        return result
