"""Nominees: "last updated" moves only with what the public reads; every change is logged."""

import datetime as dt
from collections.abc import Callable

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from kaaring.accounts.models import User
from kaaring.audit.models import AuditEntry
from kaaring.awards import services
from kaaring.awards.errors import NomineeNotInEdition, NomineeWithdrawn
from kaaring.awards.models import Award, Edition, Nominee

pytestmark = pytest.mark.django_db


@pytest.fixture
def stange(edition: Edition, make_nominee: Callable[..., Nominee]) -> Nominee:
    with time_machine.travel(timezone.now() - dt.timedelta(days=30), tick=False):
        return make_nominee(edition, "Stange", "3413")


def test_editing_the_profile_moves_the_last_updated_date(stange: Nominee, organiser: User) -> None:
    created = stange.content_updated_at
    services.nominee_update(actor=organiser, nominee=stange, profile_en="New text")
    stange.refresh_from_db()
    assert stange.content_updated_at > created + dt.timedelta(days=29)


@pytest.mark.parametrize("changes", [{"position": 7}, {"slug": "stange-kommune"}, {}])
def test_moving_or_renaming_the_address_keeps_the_last_updated_date(
    stange: Nominee, changes: dict[str, object]
) -> None:
    created = stange.content_updated_at
    services.nominee_update(actor=None, nominee=stange, **changes)
    stange.refresh_from_db()
    assert stange.content_updated_at == created


def test_saving_the_same_text_again_keeps_the_date_and_logs_nothing(stange: Nominee) -> None:
    created = stange.content_updated_at
    services.nominee_update(actor=None, nominee=stange, profile=stange.profile)
    stange.refresh_from_db()
    assert stange.content_updated_at == created
    assert not AuditEntry.objects.filter(action="nominee.updated").exists()


def test_a_nominee_change_is_logged_with_before_and_after(stange: Nominee, organiser: User) -> None:
    services.nominee_update(actor=organiser, nominee=stange, summary_nn="Ny tekst")
    entry = AuditEntry.objects.get(action="nominee.updated")
    assert entry.actor == organiser
    assert entry.actor_label == str(organiser)
    assert entry.data["changes"] == {
        "summary_nn": {"before": "", "after": "Ny tekst"},
    }


def test_a_municipality_needs_its_number_and_others_have_none(
    edition: Edition, make_nominee: Callable[..., Nominee]
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_nominee(edition, "Asker", kind=Nominee.Kind.MUNICIPALITY)
    assert "municipality_number" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        make_nominee(edition, "Kari", "0301", kind=Nominee.Kind.PERSON)
    assert "municipality_number" in caught.value.message_dict


def test_an_image_needs_a_description(stange: Nominee) -> None:
    with pytest.raises(ValidationError) as caught:
        services.nominee_update(actor=None, nominee=stange, image="nominees/x.jpg")
    assert "image_alt" in caught.value.message_dict
    stange.refresh_from_db()
    assert not stange.image


def test_two_nominees_cannot_share_an_address(
    edition: Edition, stange: Nominee, make_nominee: Callable[..., Nominee]
) -> None:
    with pytest.raises(ValidationError) as caught:
        make_nominee(edition, "Stange", "3413")
    assert "slug" in caught.value.message_dict


def test_a_refused_change_leaves_the_callers_object_as_it_was(stange: Nominee) -> None:
    with pytest.raises(ValidationError):
        services.nominee_update(actor=None, nominee=stange, municipality_number="12")
    assert stange.municipality_number == "3413"


def test_withdrawing_needs_a_reason_and_is_logged(stange: Nominee, organiser: User) -> None:
    with pytest.raises(ValidationError):
        services.nominee_withdraw(actor=organiser, nominee=stange, reason="  ")
    services.nominee_withdraw(actor=organiser, nominee=stange, reason="Asked to be removed")
    assert stange.is_withdrawn
    entry = AuditEntry.objects.get(action="nominee.withdrawn")
    assert entry.reason == "Asked to be removed"


def test_the_winner_must_be_a_nominee_of_the_edition_still_standing(
    edition: Edition,
    stange: Nominee,
    make_edition: Callable[..., Edition],
    make_nominee: Callable[..., Nominee],
) -> None:
    other = make_nominee(make_edition(year=2019), "Bodø", "1804")
    with pytest.raises(NomineeNotInEdition):
        services.edition_set_winner(actor=None, edition=edition, winner=other)
    services.nominee_withdraw(actor=None, nominee=stange, reason="Withdrew")
    with pytest.raises(NomineeWithdrawn):
        services.edition_set_winner(actor=None, edition=edition, winner=stange)


def test_recording_the_winner_logs_the_rationale_in_three_languages(
    edition: Edition, stange: Nominee
) -> None:
    services.edition_set_winner(
        actor=None,
        edition=edition,
        winner=stange,
        rationale="a",
        rationale_nn="b",
        rationale_en="c",
    )
    edition.refresh_from_db()
    assert edition.winner == stange
    assert (edition.rationale, edition.rationale_nn, edition.rationale_en) == ("a", "b", "c")
    entry = AuditEntry.objects.get(action="edition.winner_recorded")
    assert entry.data["changes"]["winner"] == {"before": None, "after": stange.pk}


def test_award_and_criterion_changes_are_logged(award: Award, organiser: User) -> None:
    services.award_update(actor=organiser, award=award, name_en="Settlement Prize")
    criterion = services.criterion_create(actor=organiser, award=award, title="Bolig")
    services.criterion_update(actor=organiser, criterion=criterion, title_en="Housing")
    actions = list(
        AuditEntry.objects.filter(actor=organiser).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["award.updated", "award.criterion_added", "award.criterion_updated"]
    entry = AuditEntry.objects.get(action="award.criterion_updated")
    assert entry.data["changes"] == {"title_en": {"before": "", "after": "Housing"}}
