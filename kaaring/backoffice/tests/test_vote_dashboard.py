"""The organisers' live view of incoming votes: per minute, per nominee and mode, members only."""

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client

from kaaring.accounts.models import User
from kaaring.awards.models import Edition, Nominee
from kaaring.backoffice.views.votes import sparkline_points
from kaaring.voting.models import Ballot
from kaaring.voting.selectors import vote_rates
from kaaring.voting.services import ballot_cast, voter_key

URL = "/en/backoffice/pris/bosettingsprisen/2018/stemmer/"


def _cast(edition: Edition, nominee: Nominee, voter: str) -> None:
    ballot_cast(
        edition=edition,
        nominee_id=nominee.pk,
        mode="open",
        voter_key=voter_key(edition_id=edition.pk, kind="open", identity=voter),
        submission_key=f"form-{voter}",
    )


def test_it_counts_ballots_per_minute_per_nominee(edition: Edition, nominees: list[Nominee]):
    # Ballots take the database's clock (fixed through a PostgreSQL test's transaction), so
    # the test moves the dashboard's "now" instead of the ballots.
    _cast(edition, nominees[0], "a")
    _cast(edition, nominees[0], "b")
    _cast(edition, nominees[1], "c")
    cast_at = min(Ballot.objects.values_list("cast_at", flat=True))

    rates = vote_rates(edition=edition, now=cast_at + dt.timedelta(minutes=3))
    later = vote_rates(edition=edition, now=cast_at + dt.timedelta(minutes=60))

    by_name = {row.nominee.name: row for row in rates.rows}
    assert len(by_name["Stange"].per_minute) == 60
    assert by_name["Stange"].per_minute[-4] == 2
    assert by_name["Stange"].total == 2
    assert by_name["Stange"].last_10 == 2
    assert by_name["Asker"].total == 1
    assert by_name["Bodø"].total == 0
    assert rates.peak == 2
    assert {row.mode for row in rates.rows} == {"open"}
    assert later.peak == 0  # an hour on, they have left the window


def test_organisers_see_the_dashboard_with_a_sparkline_per_nominee(
    login: Callable[..., Client], organiser: User, edition: Edition, nominees: list[Nominee]
):
    _cast(edition, nominees[0], "a")
    client = login(organiser)

    response = client.get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert html.count("<polyline") == 3
    assert 'hx-trigger="every 10s"' in html
    assert re.search(r"<th scope=\"row\">Stange</th>\s*<td>open vote</td>\s*<td>1</td>", html)


def test_htmx_gets_only_the_table(
    login: Callable[..., Client], viewer: User, edition: Edition, nominees: list[Nominee]
):
    response = login(viewer).get(URL, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="vote-rates"')
    assert "<html" not in html


def test_other_organisations_and_the_public_do_not_see_it(
    login: Callable[..., Client], outsider: User, edition: Edition, nominees: list[Nominee]
):
    assert login(outsider).get(URL).status_code == 404
    anonymous = Client().get(URL)
    assert anonymous.status_code == 302
    assert "/konto/" in anonymous["Location"]


def test_the_sparkline_scales_to_the_peak():
    assert sparkline_points([0, 2, 1], 2) == "0.0,23.0 60.0,1.0 120.0,12.0"
    assert sparkline_points([0, 0], 0) == "0.0,23.0 120.0,23.0"
