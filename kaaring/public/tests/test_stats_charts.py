"""The statistics charts' geometry: a line never crosses a year without a figure."""

from decimal import Decimal

from kaaring.public.stats_display import _axis, _line_chart


def chart(values: dict[str, Decimal | None]):
    return _line_chart("Bosatte", [("municipality", "Stange", values)], sorted(values), 0)


def test_a_year_not_published_breaks_the_line():
    drawn = chart({"2012": Decimal(22), "2013": Decimal(30), "2015": Decimal(40)})

    line = drawn.lines[0]
    assert len(line.segments) == 1
    assert len(line.segments[0].split()) == 2  # 2012-2013 joined, 2015 a point of its own
    assert len(line.dots) == 3
    # 2015 stands where a year's gap leaves it: three quarters of the way across.
    assert [tick.label for tick in drawn.x_ticks] == ["2012", "2013", "2015"]


def test_a_suppressed_value_is_a_gap_not_a_zero():
    drawn = chart({"2012": Decimal(22), "2013": None, "2014": Decimal(39)})

    line = drawn.lines[0]
    assert line.segments == []
    assert len(line.dots) == 2
    bottom = max(float(t.y) for t in drawn.y_ticks)
    assert all(float(dot.y) < bottom for dot in line.dots)


def test_coordinates_are_written_with_a_full_stop_whatever_the_language():
    drawn = chart({"2012": Decimal("22.5"), "2013": Decimal("30.25")})

    assert "," not in drawn.lines[0].dots[0].x + drawn.lines[0].dots[0].y
    assert all("," not in tick.y for tick in drawn.y_ticks)


def test_the_value_axis_ends_on_a_round_number_at_or_above_the_largest_value():
    for largest in ["0.3", "3.7", "39", "90", "116.67", "5425270"]:
        step, top = _axis(Decimal(largest))
        assert top >= Decimal(largest)
        assert top / step <= 5
        assert step.normalize().as_tuple().digits[0] in (1, 2, 5)
