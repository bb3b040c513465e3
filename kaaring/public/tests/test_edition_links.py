"""The edition page leads on: to the full result once it is public, and to the nomination form
while a call for nominations is open."""

import datetime as dt
from collections.abc import Callable

import time_machine
from django.test import Client

from kaaring.awards.models import DecisionRule, Edition, VotingMode
from kaaring.nominations.services import call_create
from kaaring.public.tests.test_edition_rules_and_embargo import CEREMONY, baerum_won, edition_2018

__all__ = ["baerum_won", "edition_2018"]  # fixtures used below


def test_the_full_result_is_linked_only_once_it_is_public(client: Client, baerum_won):
    with time_machine.travel(CEREMONY - dt.timedelta(seconds=1), tick=False):
        before = client.get("/en/bosettingsprisen/2018/").content.decode()
    with time_machine.travel(CEREMONY, tick=False):
        after = client.get("/en/bosettingsprisen/2018/").content.decode()

    assert "/en/bosettingsprisen/2018/resultat/" not in before
    assert 'href="/en/bosettingsprisen/2018/resultat/"' in after


def test_the_nomination_form_is_linked_while_the_call_is_open(
    client: Client, make_edition: Callable[..., Edition]
):
    now = dt.datetime.now(dt.UTC)
    edition = make_edition(
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
        voting_opens_at=None,
        voting_closes_at=None,
        announced_at=now - dt.timedelta(days=2),
        nominations_open_at=now - dt.timedelta(days=1),
        nominations_close_at=now + dt.timedelta(days=1),
    )
    page = "/en/bosettingsprisen/2018/"
    assert "/nominer/" not in client.get(page).content.decode()

    call_create(actor=None, edition=edition, who="anyone")
    html = client.get(page).content.decode()
    assert 'href="/en/bosettingsprisen/2018/nominer/"' in html

    with time_machine.travel(edition.nominations_close_at, tick=False):
        assert "/nominer/" not in client.get(page).content.decode()


def test_the_nominee_lists_lead_to_the_vote_only_while_voting_is_open(
    client: Client, make_edition: Callable[..., Edition], make_nominee
):
    edition = make_edition()  # voting open now
    make_nominee(edition, "Stange", "3413")
    vote = 'href="/en/bosettingsprisen/2018/stem/stange/"'

    assert vote in client.get("/en/bosettingsprisen/2018/").content.decode()
    assert vote in client.get("/en/bosettingsprisen/2018/nominerte/").content.decode()
    with time_machine.travel(edition.voting_closes_at, tick=False):
        assert vote not in client.get("/en/bosettingsprisen/2018/").content.decode()
        assert vote not in client.get("/en/bosettingsprisen/2018/nominerte/").content.decode()
