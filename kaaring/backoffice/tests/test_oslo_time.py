"""Wall-clock times in Europe/Oslo, including the two nights a year that are not ordinary."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kaaring.backoffice.oslo_time import OsloDateTimeField, format_oslo


def clean(date: str, time: str, fold: str = "") -> dt.datetime | None:
    return OsloDateTimeField(required=False).clean([date, time, fold])


def test_a_winter_time_is_one_hour_ahead_of_utc() -> None:
    assert clean("2019-02-08", "12:00") == dt.datetime(2019, 2, 8, 11, tzinfo=dt.UTC)


def test_a_summer_time_is_two_hours_ahead_of_utc() -> None:
    assert clean("2025-06-01", "12:00") == dt.datetime(2025, 6, 1, 10, tzinfo=dt.UTC)


def test_norwegian_date_notation_is_understood() -> None:
    assert clean("08.02.2019", "12.00") == dt.datetime(2019, 2, 8, 11, tzinfo=dt.UTC)


def test_empty_means_no_time() -> None:
    assert clean("", "") is None


def test_the_spring_forward_gap_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        clean("2025-03-30", "02:30")
    assert error.value.code == "missing_time"


def test_the_autumn_fold_needs_a_choice() -> None:
    with pytest.raises(ValidationError) as error:
        clean("2025-10-26", "02:30")
    assert error.value.code == "ambiguous_time"
    assert clean("2025-10-26", "02:30", "summer") == dt.datetime(2025, 10, 26, 0, 30, tzinfo=dt.UTC)
    assert clean("2025-10-26", "02:30", "winter") == dt.datetime(2025, 10, 26, 1, 30, tzinfo=dt.UTC)


def test_the_hours_around_the_change_are_ordinary() -> None:
    assert clean("2025-03-30", "03:00") == dt.datetime(2025, 3, 30, 1, tzinfo=dt.UTC)
    assert clean("2025-10-26", "03:00") == dt.datetime(2025, 10, 26, 2, tzinfo=dt.UTC)


@pytest.mark.parametrize("time", ["12:00+02:00", "12:00 UTC", "12:00Z", "12:00 CET", "12:00-0500"])
def test_a_time_with_an_offset_or_zone_is_refused(time: str) -> None:
    with pytest.raises(ValidationError) as error:
        clean("2025-06-01", time)
    assert error.value.code == "offset"


def test_a_saved_time_is_shown_with_its_oslo_offset() -> None:
    shown = format_oslo(dt.datetime(2019, 2, 8, 11, tzinfo=dt.UTC))
    assert "12:00" in shown
    assert "UTC+01:00" in shown
