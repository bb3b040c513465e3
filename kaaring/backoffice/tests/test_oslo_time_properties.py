"""Norwegian time round trips across both clock changes of many years (hypothesis).

Every instant an organiser can enter (a whole minute) is shown by the form as a date, a
wall-clock time and, on the autumn night that has each of 02:00 to 02:59 twice, which of the two;
entering what is shown gives back the same instant. Every wall-clock time either names exactly
one instant, is refused as not existing (spring), or asks which one is meant (autumn).
"""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kaaring.backoffice.oslo_time import (
    FOLD_FIRST,
    FOLD_SECOND,
    OSLO,
    OsloDateTimeField,
    OsloDateTimeWidget,
    format_oslo,
)

YEARS = st.integers(min_value=2000, max_value=2060)


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year, month, 31)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


@st.composite
def instants_near_a_clock_change(draw: st.DrawFn) -> dt.datetime:
    """A whole minute within three hours of a change (01:00 UTC on the last Sunday of March
    or of October), or any minute of the year."""
    year = draw(YEARS)
    month = draw(st.sampled_from([3, 10]))
    change = dt.datetime.combine(_last_sunday(year, month), dt.time(1), tzinfo=dt.UTC)
    near = change + dt.timedelta(minutes=draw(st.integers(-180, 180)))
    anywhere = dt.datetime(year, 1, 1, tzinfo=dt.UTC) + dt.timedelta(
        minutes=draw(st.integers(0, 365 * 24 * 60 - 1))
    )
    return draw(st.sampled_from([near, anywhere]))


def _enter(date: str, time: str, fold: str = "") -> dt.datetime | None:
    return OsloDateTimeField(required=False).clean([date, time, fold])


@given(instants_near_a_clock_change())
def test_what_the_form_shows_gives_back_the_same_instant(instant: dt.datetime) -> None:
    date, time, fold = OsloDateTimeWidget().decompress(instant)
    assert isinstance(date, dt.date)
    assert isinstance(time, dt.time)
    entered = _enter(date.isoformat(), time.strftime("%H:%M"), str(fold))
    assert entered == instant
    # Also in Norwegian notation.
    assert _enter(date.strftime("%d.%m.%Y"), time.strftime("%H.%M"), str(fold)) == instant


@given(instants_near_a_clock_change())
def test_the_shown_time_and_offset_are_oslo_s(instant: dt.datetime) -> None:
    local = instant.astimezone(OSLO)
    offset = "+02:00" if local.utcoffset() == dt.timedelta(hours=2) else "+01:00"
    with translation.override("en"):
        shown = format_oslo(instant)
    assert f"at {local:%H:%M} (Norwegian time, UTC{offset})" in shown
    assert str(local.year) in shown


@given(YEARS, st.sampled_from([3, 10]), st.integers(0, 5), st.integers(0, 59))
def test_every_wall_clock_time_of_a_change_night_names_one_instant_or_says_why_not(
    year: int, month: int, hour: int, minute: int
) -> None:
    date = _last_sunday(year, month).isoformat()
    time = f"{hour:02d}:{minute:02d}"
    if hour == 2 and month == 3:
        with pytest.raises(ValidationError) as error:
            _enter(date, time)
        assert error.value.code == "missing_time"
        return
    if hour == 2 and month == 10:
        with pytest.raises(ValidationError) as error:
            _enter(date, time)
        assert error.value.code == "ambiguous_time"
        first, second = _enter(date, time, FOLD_FIRST), _enter(date, time, FOLD_SECOND)
        assert first is not None
        assert second is not None
        assert second - first == dt.timedelta(hours=1)
        for instant in (first, second):
            assert instant.astimezone(OSLO).strftime("%H:%M") == time
        return
    single = _enter(date, time)
    assert single is not None
    assert single.astimezone(OSLO).strftime("%Y-%m-%d %H:%M") == f"{date} {time}"
