"""The rules are said plainly with Oslo dates, and the winner stays hidden until the ceremony."""

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from kaaring.awards.models import Award, DecisionRule, Edition, Nominee, VotingMode
from kaaring.awards.services import edition_set_winner

OSLO = ZoneInfo("Europe/Oslo")


def text(html: str) -> str:
    """The page as a reader hears it: tags out, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split()).replace(" .", ".")


CLOSES = dt.datetime(2019, 2, 8, 12, 0, tzinfo=OSLO)
OPENS = dt.datetime(2019, 1, 14, 9, 0, tzinfo=OSLO)
CEREMONY = dt.datetime(2019, 2, 13, 10, 0, tzinfo=OSLO)


@pytest.fixture
def edition_2018(award: Award) -> Edition:
    """IMDi's 2018 edition with its real dates (built before the clock is moved)."""
    from kaaring.awards.services import edition_create

    return edition_create(
        actor=None,
        award=award,
        year=2018,
        announced_at=dt.datetime(2018, 12, 1, 9, 0, tzinfo=OSLO),
        voting_opens_at=OPENS,
        voting_closes_at=CLOSES,
        results_published_at=CEREMONY,
        voting_mode=VotingMode.OPEN,
        finalist_count=3,
        tie_break="all_tied_advance",
        decision_rule=DecisionRule.TOP_N_THEN_JURY,
        ceremony_note="IMDis integreringskonferanse",
    )


@pytest.fixture
def baerum_won(edition_2018: Edition, make_nominee: Callable[..., Nominee]) -> Nominee:
    make_nominee(edition_2018, "Stange", "3413", position=1)
    baerum = make_nominee(edition_2018, "Bærum", "3201", position=2)
    edition_set_winner(
        actor=None,
        edition=edition_2018,
        winner=baerum,
        rationale="Bærum har bosatt mange og fått dem i arbeid.",
        rationale_en="Bærum settled many and helped them into work.",
    )
    return baerum


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("", "fredag 8. februar 2019 kl. 12.00"),
        ("/nn", "fredag 8. februar 2019 kl. 12.00"),
        ("/en", "Friday 8 February 2019 at 12:00"),
    ],
)
def test_the_rules_give_dates_in_oslo_time_with_weekday(
    client: Client, edition_2018: Edition, prefix: str, expected: str
) -> None:
    with time_machine.travel(dt.datetime(2019, 1, 1, tzinfo=OSLO), tick=False):
        html = client.get(f"{prefix}/bosettingsprisen/2018/").content.decode()

    assert expected in html
    assert '<time datetime="2019-02-08T12:00:00+01:00">' in html


def test_the_rules_say_plainly_that_the_jury_picks_the_winner_among_the_top_three(
    client: Client, edition_2018: Edition
) -> None:
    with time_machine.travel(dt.datetime(2019, 1, 1, tzinfo=OSLO), tick=False):
        html = client.get("/en/bosettingsprisen/").content.decode()

    assert "The 3 nominees with the most valid votes become finalists." in html
    assert "A jury chooses the winner among the finalists." in html
    assert "If nominees are tied for the last finalist place, all of them go through." in html
    assert "Running vote totals are not shown while the vote is open." in html
    assert "IMDis integreringskonferanse" in html


def test_a_jury_only_edition_says_there_is_no_public_vote(
    client: Client, make_edition: Callable[..., Edition]
) -> None:
    make_edition(
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
        voting_opens_at=None,
        voting_closes_at=None,
    )

    html = client.get("/en/bosettingsprisen/2018/").content.decode()

    assert "There is no public vote in this edition." in html
    assert "A jury decides the winner alone." in html


def test_the_winner_is_hidden_one_second_before_the_results_are_published(
    client: Client, baerum_won: Nominee
) -> None:
    with time_machine.travel(CEREMONY - dt.timedelta(seconds=1), tick=False):
        edition_page = client.get("/bosettingsprisen/2018/").content.decode()
        archive = client.get("/bosettingsprisen/arkiv/").content.decode()
        nominee_page = client.get("/bosettingsprisen/2018/nominerte/baerum/").content.decode()

    assert "Vinner:" not in edition_page
    assert "fått dem i arbeid" not in edition_page
    assert "Vinneren kunngjøres onsdag 13. februar 2019 kl. 10.00." in text(edition_page)
    assert "Bærum" not in archive
    assert "fått dem i arbeid" not in nominee_page


@pytest.mark.parametrize("after", [dt.timedelta(0), dt.timedelta(days=400)])
def test_the_winner_and_rationale_are_shown_from_the_moment_of_publication(
    client: Client, baerum_won: Nominee, after: dt.timedelta
) -> None:
    with time_machine.travel(CEREMONY + after, tick=False):
        edition_page = client.get("/bosettingsprisen/2018/").content.decode()
        english = client.get("/en/bosettingsprisen/2018/").content.decode()
        archive = client.get("/bosettingsprisen/arkiv/").content.decode()

    assert "Vinner: Bærum" in edition_page
    assert "Bærum har bosatt mange og fått dem i arbeid." in edition_page
    assert "Bærum settled many and helped them into work." in english
    assert "Bærum" in archive
    assert 'href="/bosettingsprisen/2018/"' in archive


def test_the_archive_shows_the_year_as_written(
    client: Client, award: Award, make_nominee: Callable[..., Nominee]
) -> None:
    from kaaring.awards.services import edition_create

    sunndal_year = edition_create(
        actor=None,
        award=award,
        year=2019,
        year_label="2019/2020",
        announced_at=dt.datetime(2019, 9, 1, tzinfo=OSLO),
        results_published_at=dt.datetime(2020, 11, 1, tzinfo=OSLO),
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
    )
    edition_set_winner(
        actor=None, edition=sunndal_year, winner=make_nominee(sunndal_year, "Sunndal", "1563")
    )

    html = client.get("/en/bosettingsprisen/arkiv/").content.decode()

    assert "2019/2020" in html
    assert "Sunndal" in html


# --- The voting state on the nominee page ---------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (OPENS - dt.timedelta(seconds=1), "Avstemningen åpner mandag 14. januar 2019 kl. 09.00."),
        (OPENS, "Stem innen fredag 8. februar 2019 kl. 12.00."),
        (CLOSES - dt.timedelta(seconds=1), "Stem innen fredag 8. februar 2019 kl. 12.00."),
        (CLOSES, "Avstemningen er avsluttet."),
    ],
)
def test_the_vote_box_says_the_voting_state_around_opening_and_closing(
    client: Client, baerum_won: Nominee, moment: dt.datetime, expected: str
) -> None:
    with time_machine.travel(moment, tick=False):
        html = client.get("/bosettingsprisen/2018/nominerte/stange/").content.decode()

    assert expected in text(html)


def test_the_vote_box_has_no_vote_button_before_voting_opens(
    client: Client, baerum_won: Nominee
) -> None:
    with time_machine.travel(OPENS - dt.timedelta(days=1), tick=False):
        html = client.get("/bosettingsprisen/2018/nominerte/stange/").content.decode()

    assert "/stem/stange/" not in html
    assert 'class="ds-button" data-variant="primary"' not in html


def test_the_vote_box_says_when_there_is_no_public_vote(
    client: Client, make_edition: Callable[..., Edition], make_nominee: Callable[..., Nominee]
) -> None:
    edition = make_edition(
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
        voting_opens_at=None,
        voting_closes_at=None,
    )
    make_nominee(edition, "Stange", "3413")

    html = client.get("/en/bosettingsprisen/2018/nominerte/stange/").content.decode()

    assert "There is no public vote in this edition." in html


def test_the_vote_box_links_to_the_vote_and_the_statistics_while_voting_is_open(
    client: Client, baerum_won: Nominee
) -> None:
    with time_machine.travel(OPENS + dt.timedelta(days=1), tick=False):
        html = client.get("/bosettingsprisen/2018/nominerte/stange/").content.decode()

    assert 'href="/bosettingsprisen/2018/stem/stange/"' in html
    assert 'href="/kommuner/3413/"' in html
