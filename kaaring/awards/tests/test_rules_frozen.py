"""The rules freeze at the instant voting opens; the database clock has the final word."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.utils import timezone

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards import services
from kaaring.awards.errors import RulesFrozen
from kaaring.awards.models import FROZEN_FIELDS, DecisionRule, Edition

pytestmark = pytest.mark.django_db
MS = dt.timedelta(milliseconds=1)


@pytest.fixture
def opening_soon(make_edition: Callable[..., Edition]) -> Edition:
    """Voting opens in an hour by every clock, the database's included."""
    return make_edition(opens=dt.timedelta(hours=1), closes=dt.timedelta(days=7))


def _updates() -> int:
    return AuditEntry.objects.filter(action="edition.updated").count()


def test_rules_may_change_until_a_millisecond_before_voting_opens(
    opening_soon: Edition, organiser: User
) -> None:
    assert opening_soon.voting_opens_at is not None
    with time_machine.travel(opening_soon.voting_opens_at - MS, tick=False):
        services.edition_update(actor=organiser, edition=opening_soon, finalist_count=5)
    opening_soon.refresh_from_db()
    assert opening_soon.finalist_count == 5


@pytest.mark.parametrize("after", [dt.timedelta(0), MS, dt.timedelta(days=3)])
def test_rules_are_refused_from_the_instant_voting_opens(
    opening_soon: Edition, organiser: User, after: dt.timedelta
) -> None:
    assert opening_soon.voting_opens_at is not None
    before = _updates()
    with (
        time_machine.travel(opening_soon.voting_opens_at + after, tick=False),
        pytest.raises(RulesFrozen),
    ):
        services.edition_update(actor=organiser, edition=opening_soon, finalist_count=5)
    assert opening_soon.finalist_count == 3
    assert Edition.objects.get(pk=opening_soon.pk).finalist_count == 3
    assert _updates() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("voting_mode", "email"),
        ("finalist_count", 4),
        ("tie_break", "jury_decides"),
        ("voting_closes_at", "later"),
        ("voting_opens_at", "later"),
    ],
)
def test_every_frozen_rule_is_refused_once_voting_is_open(
    edition: Edition, field: str, value: object
) -> None:
    assert field in FROZEN_FIELDS
    if value == "later":
        value = getattr(edition, field) + dt.timedelta(hours=1)
    with pytest.raises(RulesFrozen):
        services.edition_update(actor=None, edition=edition, **{field: value})


def test_a_switch_to_the_weighted_rule_is_refused_once_voting_is_open(edition: Edition) -> None:
    with pytest.raises(RulesFrozen):
        services.edition_update(
            actor=None,
            edition=edition,
            decision_rule=DecisionRule.WEIGHTED,
            public_weight_percent=50,
        )


def test_the_database_refuses_when_voting_opened_between_the_check_and_the_write(
    make_edition: Callable[..., Edition],
) -> None:
    # Stored opening time: a minute ago by the database's clock. The application's clock is
    # set an hour back, as if it had checked just before the opening; the conditional
    # UPDATE must still refuse.
    edition = make_edition(opens=dt.timedelta(minutes=-1))
    before = _updates()
    with (
        time_machine.travel(timezone.now() - dt.timedelta(hours=1), tick=False),
        pytest.raises(RulesFrozen),
    ):
        services.edition_update(actor=None, edition=edition, finalist_count=7)
    assert Edition.objects.get(pk=edition.pk).finalist_count == 3
    assert _updates() == before


def test_a_stale_copy_cannot_slip_a_rule_change_past_the_opening(
    opening_soon: Edition,
) -> None:
    stale = Edition.objects.get(pk=opening_soon.pk)
    # Someone else moved the opening to a minute ago (e.g. through another worker).
    Edition.objects.filter(pk=opening_soon.pk).update(
        voting_opens_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(RulesFrozen):
        services.edition_update(actor=None, edition=stale, finalist_count=9)


def test_texts_and_the_result_date_may_change_after_voting_opens(
    edition: Edition, organiser: User
) -> None:
    assert edition.voting_closes_at is not None
    publish = edition.voting_closes_at + dt.timedelta(days=5)
    services.edition_update(
        actor=organiser, edition=edition, intro_en="New intro", results_published_at=publish
    )
    edition.refresh_from_db()
    assert edition.intro_en == "New intro"
    assert edition.results_published_at == publish


def test_a_change_is_logged_with_actor_and_before_and_after(
    opening_soon: Edition, organiser: User
) -> None:
    services.edition_update(actor=organiser, edition=opening_soon, finalist_count=4, intro="Hei")
    entry = AuditEntry.objects.filter(action="edition.updated").get()
    assert entry.actor == organiser
    assert entry.organisation == opening_soon.award.organisation
    assert entry.target_id == str(opening_soon.pk)
    assert entry.data["changes"] == {
        "finalist_count": {"before": 3, "after": 4},
        "intro": {"before": "", "after": "Hei"},
    }


def test_saving_without_a_change_writes_nothing(opening_soon: Edition) -> None:
    services.edition_update(actor=None, edition=opening_soon, finalist_count=3)
    assert _updates() == 0


def test_a_refused_change_leaves_the_callers_object_as_it_was(opening_soon: Edition) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.edition_update(actor=None, edition=opening_soon, finalist_count=0)
    assert opening_soon.finalist_count == 3
