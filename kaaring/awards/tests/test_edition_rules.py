"""Declaring an edition's rules: messages for every mistake, and nothing half-saved."""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from kaaring.audit.models import AuditEntry
from kaaring.awards import services
from kaaring.awards.models import Award, DecisionRule, Edition, VotingMode

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    """Messages are checked by their English msgid; the catalogs translate them."""
    with translation.override("en"):
        yield


def _errors(award: Award, **fields: Any) -> dict[str, list[str]]:
    now = timezone.now()
    values: dict[str, Any] = {
        "year": 2030,
        "announced_at": now + DAY,
        "voting_opens_at": now + 10 * DAY,
        "voting_closes_at": now + 20 * DAY,
        "voting_mode": VotingMode.OPEN,
        "decision_rule": DecisionRule.TOP_N_THEN_JURY,
    }
    values.update(fields)
    with pytest.raises(ValidationError) as caught:
        services.edition_create(actor=None, award=award, **values)
    assert not Edition.objects.filter(year=2030).exists()
    assert not AuditEntry.objects.filter(action="edition.created").exists()
    return caught.value.message_dict


def test_a_public_vote_needs_its_opening_and_closing_times(award: Award) -> None:
    errors = _errors(award, voting_opens_at=None, voting_closes_at=None)
    assert errors["voting_opens_at"] == ["A public vote needs the time voting opens."]
    assert errors["voting_closes_at"] == ["A public vote needs the time voting closes."]


def test_a_public_vote_cannot_be_ignored_by_a_jury_only_rule(award: Award) -> None:
    errors = _errors(award, decision_rule=DecisionRule.JURY_ONLY)
    assert "choose a rule that uses it" in errors["decision_rule"][0]


def test_a_rule_that_counts_votes_needs_a_voting_mode(award: Award) -> None:
    errors = _errors(award, voting_mode=VotingMode.NONE)
    assert "This decision rule needs a public vote: choose a voting mode." in errors["voting_mode"]
    assert any("Voting times are set" in m for m in errors["voting_mode"])


def test_the_weighted_rule_needs_its_weight_and_only_it_has_one(award: Award) -> None:
    errors = _errors(award, decision_rule=DecisionRule.WEIGHTED)
    assert "weight of the public vote" in errors["public_weight_percent"][0]
    errors = _errors(award, public_weight_percent=30)
    assert "applies only to the weighted decision rule" in errors["public_weight_percent"][0]


def test_a_weight_over_100_percent_is_refused(award: Award) -> None:
    errors = _errors(award, decision_rule=DecisionRule.WEIGHTED, public_weight_percent=120)
    assert "public_weight_percent" in errors


def test_voting_must_close_after_it_opens(award: Award) -> None:
    now = timezone.now()
    errors = _errors(award, voting_opens_at=now + 5 * DAY, voting_closes_at=now + 5 * DAY)
    assert errors["voting_closes_at"] == ["“voting closes” must come after “voting opens”."]


def test_results_come_after_voting_closes(award: Award) -> None:
    errors = _errors(award, results_published_at=timezone.now() + 15 * DAY)
    assert errors["results_published_at"] == [
        "“results published” must come after “voting closes”."
    ]


def test_nominations_close_before_voting_opens(award: Award) -> None:
    now = timezone.now()
    errors = _errors(award, nominations_open_at=now + 2 * DAY, nominations_close_at=now + 11 * DAY)
    assert errors["voting_opens_at"] == ["“voting opens” must come after “nominations close”."]


def test_the_edition_is_announced_before_anything_public_happens(award: Award) -> None:
    errors = _errors(award, announced_at=None)
    assert "Set when the edition is shown on the public site" in errors["announced_at"][0]


def test_a_naive_time_is_refused_with_a_message(award: Award) -> None:
    errors = _errors(award, voting_opens_at=dt.datetime(2030, 1, 1, 10, 0))  # noqa: DTZ001
    assert errors["voting_opens_at"] == ["The time must say which time zone it is in."]


def test_an_unknown_choice_is_refused_by_field_validation(award: Award) -> None:
    errors = _errors(award, voting_mode="sms")
    assert "voting_mode" in errors


def test_a_second_edition_for_the_same_year_is_refused(
    make_edition: Callable[..., Edition],
) -> None:
    make_edition(year=2030)
    with pytest.raises(ValidationError) as caught:
        make_edition(year=2030)
    assert caught.value.message_dict["year"] == ["This award already has an edition for 2030."]


def test_a_jury_only_edition_without_a_vote_is_accepted(award: Award) -> None:
    edition = services.edition_create(
        actor=None,
        award=award,
        year=2031,
        announced_at=timezone.now(),
        voting_mode=VotingMode.NONE,
        decision_rule=DecisionRule.JURY_ONLY,
    )
    assert not edition.has_public_vote


def test_an_unknown_field_is_a_programming_error(award: Award) -> None:
    with pytest.raises(TypeError, match="winner_name"):
        services.edition_create(actor=None, award=award, year=2032, winner_name="x")


def test_the_messages_are_translated_to_bokmal(award: Award) -> None:
    with translation.override("nb"):
        errors = _errors(award, voting_opens_at=None)
    assert errors["voting_opens_at"] != ["A public vote needs the time voting opens."]
