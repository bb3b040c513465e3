"""Each check constraint refuses a bad row in the database itself, whatever the code above it.

Rows are written with ``objects.create`` on purpose, bypassing the services' friendly checks.
"""

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from kaaring.accounts.models import Membership, Organisation, User
from kaaring.awards.models import Award, Edition, Nominee

pytestmark = pytest.mark.django_db

NOW = timezone.now()
DAY = dt.timedelta(days=1)


def _valid_edition() -> dict[str, Any]:
    return {
        "year": 2018,
        "announced_at": NOW - 10 * DAY,
        "voting_opens_at": NOW - DAY,
        "voting_closes_at": NOW + DAY,
        "results_published_at": NOW + 5 * DAY,
        "voting_mode": "open",
        "decision_rule": "top_n_then_jury",
        "tie_break": "all_tied_advance",
        "finalist_count": 3,
    }


def test_the_valid_edition_is_accepted(award: Award) -> None:
    Edition.objects.create(award=award, **_valid_edition())


@pytest.mark.parametrize(
    ("name", "changes"),
    [
        ("finalists_range", {"finalist_count": 0}),
        ("finalists_range", {"finalist_count": 51}),
        ("voting_mode_valid", {"voting_mode": "sms"}),
        ("decision_rule_valid", {"decision_rule": "coin_toss"}),
        ("tie_break_valid", {"tie_break": "alphabetical"}),
        ("voting_window", {"voting_closes_at": None}),
        ("voting_window", {"voting_closes_at": NOW - DAY}),
        ("voting_window", {"voting_closes_at": NOW - 2 * DAY}),
        ("rule_matches_mode", {"decision_rule": "jury_only"}),
        (
            "rule_matches_mode",
            {"voting_mode": "none", "voting_opens_at": None, "voting_closes_at": None},
        ),
        ("weight_only_when_weighted", {"decision_rule": "weighted"}),
        ("weight_only_when_weighted", {"public_weight_percent": 50}),
        (
            "weight_only_when_weighted",
            {"decision_rule": "weighted", "public_weight_percent": 101},
        ),
        ("announced_first", {"announced_at": None}),
        ("announced_first", {"announced_at": NOW}),
        (
            "announced_first",
            {"nominations_open_at": NOW - 20 * DAY, "nominations_close_at": NOW - 2 * DAY},
        ),
        (
            "nomination_window",
            {"nominations_open_at": NOW - 3 * DAY, "nominations_close_at": NOW - 3 * DAY},
        ),
        ("results_after_voting", {"results_published_at": NOW}),
        (
            "voting_after_nominations",
            {"nominations_open_at": NOW - 5 * DAY, "nominations_close_at": NOW},
        ),
        (
            "results_after_announced",
            {
                "voting_mode": "none",
                "decision_rule": "jury_only",
                "voting_opens_at": None,
                "voting_closes_at": None,
                "results_published_at": NOW - 20 * DAY,
            },
        ),
    ],
)
def test_the_database_refuses_an_edition_that_breaks(
    award: Award, name: str, changes: dict[str, Any]
) -> None:
    values = {**_valid_edition(), **changes}
    with pytest.raises(IntegrityError, match=f"awards_edition_{name}"), transaction.atomic():
        Edition.objects.create(award=award, **values)


def test_the_database_refuses_a_second_edition_for_the_same_year(award: Award) -> None:
    Edition.objects.create(award=award, **_valid_edition())
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(award=award, **_valid_edition())


def _valid_nominee() -> dict[str, Any]:
    return {
        "slug": "stange",
        "kind": "municipality",
        "name": "Stange",
        "municipality_number": "3413",
    }


def test_the_valid_nominee_is_accepted(edition: Edition) -> None:
    Nominee.objects.create(edition=edition, **_valid_nominee())


@pytest.mark.parametrize(
    "changes",
    [
        {"municipality_number": ""},
        {"municipality_number": "341"},
        {"municipality_number": "34a3"},
        {"kind": "person"},  # a person with a municipality number
        {"kind": "robot", "municipality_number": ""},
        {"image": "nominees/2018/stange.jpg", "image_alt": ""},
    ],
)
def test_the_database_refuses_a_nominee_that_breaks_a_rule(
    edition: Edition, changes: dict[str, Any]
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Nominee.objects.create(edition=edition, **{**_valid_nominee(), **changes})


def test_the_database_refuses_two_nominees_with_one_address(edition: Edition) -> None:
    Nominee.objects.create(edition=edition, **_valid_nominee())
    with pytest.raises(IntegrityError), transaction.atomic():
        Nominee.objects.create(edition=edition, **_valid_nominee())


def test_the_database_refuses_an_unknown_role_or_a_second_membership(imdi: Organisation) -> None:
    user = User.objects.create_user(email="a@imdi.example", password=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=imdi, role="owner")
    Membership.objects.create(user=user, organisation=imdi, role="viewer")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, organisation=imdi, role="organiser")


def test_the_database_refuses_an_unknown_organisation_kind(db: None) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="X", slug="x", kind="club")


def test_the_database_refuses_two_accounts_differing_only_in_case(db: None) -> None:
    User.objects.create_user(email="kari@imdi.example")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create_user(email="Kari@imdi.example")
