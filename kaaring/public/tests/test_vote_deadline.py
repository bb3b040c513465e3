"""The deadline through HTTP: a vote 1 ms before it counts, 1 ms after it is refused, also on
the nights Oslo's clocks change. The database's clock decides; ``database_clock_at`` moves it.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client

from kaaring.awards.models import Edition, Nominee
from kaaring.public.tests.vote_helpers import (
    open_form,
    post_vote,
    receipt_of,
    solved,
    start_url,
)
from kaaring.voting.models import Ballot
from kaaring.voting.tests.database_clock import database_clock_at

OSLO = ZoneInfo("Europe/Oslo")
MS = dt.timedelta(milliseconds=1)


def _edition_closing_at(make_edition, make_nominee, closes: dt.datetime) -> tuple[Edition, str]:
    edition = make_edition(
        year=2024,
        announced_at=closes - dt.timedelta(days=40),
        voting_opens_at=closes - dt.timedelta(days=10),
        voting_closes_at=closes,
    )
    nominee: Nominee = make_nominee(edition, "Stange", "3413")
    return edition, start_url(edition, nominee)


def _vote_at(moment: dt.datetime, url: str) -> tuple[int, str]:
    """Open the form a second before ``moment`` and send it at ``moment``."""
    client = Client()
    with database_clock_at(moment - dt.timedelta(seconds=1)):
        submission = open_form(client, url)
    with database_clock_at(moment):
        response = post_vote(client, url, submission=submission)
    return response.status_code, response.content.decode()


def test_the_database_clock_can_be_moved_in_these_tests(db: None) -> None:
    moment = dt.datetime(2024, 3, 31, 1, 0, tzinfo=dt.UTC)
    with database_clock_at(moment), connection.cursor() as cursor:
        cursor.execute("SELECT kaaring_now()" if connection.vendor == "sqlite" else "SELECT now()")
        value = cursor.fetchone()[0]
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    assert value == moment


DEADLINES = {
    # Spring: at 02:00 the clocks jump to 03:00; a deadline of 03:00 is 01:00 UTC.
    "spring forward": dt.datetime(2024, 3, 31, 3, 0, tzinfo=OSLO),
    # Autumn: 02:00 to 03:00 happens twice; a deadline at the second 02:30 (CET) is 01:30 UTC.
    "fall back": dt.datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=OSLO),
    "an ordinary night": dt.datetime(2024, 2, 8, 12, 0, tzinfo=OSLO),
}


@pytest.mark.parametrize("night", list(DEADLINES))
@pytest.mark.parametrize(
    ("offset", "accepted"),
    [(-MS, True), (dt.timedelta(0), False), (MS, False)],
    ids=["1 ms before", "at the deadline", "1 ms after"],
)
def test_a_vote_counts_until_one_millisecond_before_the_deadline(
    make_edition, make_nominee, night: str, offset: dt.timedelta, accepted: bool
) -> None:
    closes = DEADLINES[night].astimezone(dt.UTC)
    edition, url = _edition_closing_at(make_edition, make_nominee, closes)

    status, html = _vote_at(closes + offset, url)

    if accepted:
        assert status == 302
        assert Ballot.objects.filter(edition=edition).count() == 1
    else:
        assert status == 409
        assert "Voting has closed." in html
        assert not Ballot.objects.exists()


def test_the_first_half_past_two_of_the_autumn_night_is_an_hour_before_the_deadline(
    make_edition, make_nominee
) -> None:
    closes = DEADLINES["fall back"].astimezone(dt.UTC)
    _, url = _edition_closing_at(make_edition, make_nominee, closes)
    first_half_past_two = dt.datetime(2024, 10, 27, 2, 30, fold=0, tzinfo=OSLO)
    assert closes - first_half_past_two.astimezone(dt.UTC) == dt.timedelta(hours=1)

    status, _ = _vote_at(first_half_past_two, url)

    assert status == 302


def test_the_start_page_states_the_deadline_in_oslo_time(make_edition, make_nominee) -> None:
    closes = DEADLINES["fall back"].astimezone(dt.UTC)
    _, url = _edition_closing_at(make_edition, make_nominee, closes)

    with database_clock_at(closes - dt.timedelta(hours=3)):
        html = Client().get(url).content.decode()

    assert "Voting is open until" in html
    assert "02:30" in html


def test_a_retry_after_the_deadline_still_gets_its_receipt(make_edition, make_nominee) -> None:
    closes = DEADLINES["spring forward"].astimezone(dt.UTC)
    _, url = _edition_closing_at(make_edition, make_nominee, closes)
    client = Client()
    with database_clock_at(closes - MS):
        submission = open_form(client, url)
        payload = solved()
        first = post_vote(client, url, submission=submission, payload=payload)
    with database_clock_at(closes + dt.timedelta(seconds=5)):
        again = post_vote(client, url, submission=submission, payload=payload)

    assert first.status_code == again.status_code == 302
    assert receipt_of(again) == receipt_of(first)
