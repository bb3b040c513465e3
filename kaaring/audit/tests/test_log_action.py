import pytest

from kaaring.accounts.models import Organisation, User
from kaaring.audit.models import AuditEntry
from kaaring.audit.selectors import audit_entries
from kaaring.audit.services import acting_as, diff, log_action
from kaaring.awards.models import Award

pytestmark = pytest.mark.django_db


def test_an_entry_records_who_what_which_object_and_the_details(
    organiser: User, award: Award
) -> None:
    entry = log_action(
        "award.updated",
        actor=organiser,
        organisation=award.organisation,
        target=award,
        data={"changes": {"name": {"before": "A", "after": "B"}}},
        reason="typo",
    )
    entry.refresh_from_db()
    assert entry.actor == organiser
    assert entry.actor_label == str(organiser)
    assert entry.target_type == "awards.award"
    assert entry.target_id == str(award.pk)
    assert entry.target_label == award.name
    assert entry.data["changes"]["name"] == {"before": "A", "after": "B"}
    assert entry.reason == "typo"
    assert entry.at is not None


def test_a_command_without_a_user_names_itself(imdi: Organisation) -> None:
    with acting_as("load_demo"):
        inside = log_action("x.done", actor=None, organisation=imdi)
    outside = log_action("x.done", actor=None, organisation=imdi)
    assert inside.actor_label == "load_demo"
    assert outside.actor_label == ""


def test_dates_in_the_details_are_stored_as_text(imdi: Organisation) -> None:
    import datetime as dt

    at = dt.datetime(2019, 2, 8, 11, tzinfo=dt.UTC)
    entry = log_action("x.done", actor=None, organisation=imdi, data={"at": at})
    entry.refresh_from_db()
    assert entry.data["at"].startswith("2019-02-08T11:00:00")


def test_diff_keeps_only_what_changed() -> None:
    assert diff({"a": 1, "b": 2}, {"a": 1, "b": 3, "c": 4}) == {
        "b": {"before": 2, "after": 3},
        "c": {"before": None, "after": 4},
    }


def test_each_organisation_sees_only_its_own_log(imdi: Organisation, stange: Organisation) -> None:
    log_action("a.imdi", actor=None, organisation=imdi)
    log_action("a.stange", actor=None, organisation=stange)
    assert [e.action for e in audit_entries(organisation=imdi)] == ["a.imdi"]
    assert AuditEntry.objects.count() == 2
