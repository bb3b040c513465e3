import pytest
from django.core.exceptions import ValidationError

from kaaring.audit.models import AuditEntry
from kaaring.nominations import errors, screening, services
from kaaring.nominations.models import Status
from kaaring.nominations.tasks import nomination_decision_send_task
from kaaring.nominations.tests.conftest import person_data, save


@pytest.fixture
def received(call):
    def make(name="Ola Hansen", **changes):
        nomination = save(call, person_data(call, nominee_name=name, **changes)).nomination
        services.nomination_link_open(token=services.link_token(nomination.links.get()))
        nomination.refresh_from_db()
        return nomination

    return make


def test_accepting_makes_a_nominee_whose_profile_starts_from_the_answers(received, organiser):
    nomination = received()

    nominee = screening.nomination_accept(actor=organiser, nomination=nomination, notify=False)

    nomination.refresh_from_db()
    assert nomination.status == Status.ACCEPTED
    assert nomination.nominee == nominee
    assert nominee.name == "Ola Hansen"
    assert nominee.kind == "person"
    assert nominee.slug == "ola-hansen"
    assert "Bosetting\n\nSvar på Bosetting" in nominee.profile
    entry = AuditEntry.objects.get(action="nomination.accepted")
    assert entry.actor == organiser
    assert entry.data["nominee"] == nominee.pk


def test_a_decision_is_made_once(received, organiser):
    nomination = received()
    screening.nomination_accept(actor=organiser, nomination=nomination, notify=False)

    with pytest.raises(errors.DecisionRefused):
        screening.nomination_decline(
            actor=organiser, nomination=nomination, reason="Nei", notify=False
        )


def test_declining_needs_a_reason_and_is_logged_with_it(received, organiser):
    nomination = received()
    with pytest.raises(ValidationError):
        screening.nomination_decline(
            actor=organiser, nomination=nomination, reason=" ", notify=False
        )

    screening.nomination_decline(
        actor=organiser, nomination=nomination, reason="Utenfor kriteriene", notify=False
    )

    assert AuditEntry.objects.get(action="nomination.declined").reason == "Utenfor kriteriene"


def test_the_nominator_may_be_told_the_decision_by_mail_once(
    received, organiser, mailoutbox, django_capture_on_commit_callbacks
):
    nomination = received()
    screening.nomination_decline(
        actor=organiser, nomination=nomination, reason="Utenfor kriteriene", notify=True
    )
    assert nomination_decision_send_task.call(nomination.pk) is True
    assert nomination_decision_send_task.call(nomination.pk) is False
    decision = [m for m in mailoutbox if "About your nomination" in m.subject]
    assert len(decision) == 1
    assert "Utenfor kriteriene" in decision[0].body


def test_a_merge_puts_the_duplicate_under_the_primary_and_it_follows_the_decision(
    received, organiser
):
    primary = received()
    duplicate = received(nominator_email="per@example.no")

    screening.nomination_merge(actor=organiser, primary=primary, duplicate=duplicate)
    nominee = screening.nomination_accept(actor=organiser, nomination=primary, notify=False)

    duplicate.refresh_from_db()
    assert duplicate.merged_into == primary
    assert duplicate.status == Status.ACCEPTED
    assert duplicate.nominee == nominee
    assert AuditEntry.objects.get(action="nomination.merged").data["duplicate"] == duplicate.pk


def test_a_decided_or_merged_nomination_cannot_be_merged(received, organiser):
    first, second, third = received(), received(), received()
    screening.nomination_decline(actor=organiser, nomination=third, reason="Nei", notify=False)
    screening.nomination_merge(actor=organiser, primary=first, duplicate=second)

    with pytest.raises(errors.MergeRefused):
        screening.nomination_merge(actor=organiser, primary=first, duplicate=third)
    with pytest.raises(errors.MergeRefused):
        screening.nomination_merge(actor=organiser, primary=second, duplicate=first)
    with pytest.raises(errors.MergeRefused):
        screening.nomination_merge(actor=organiser, primary=first, duplicate=first)


def test_a_municipality_nominee_carries_its_number(self_call, organiser):
    data = person_data(
        self_call, nominee_kind="municipality", nominee_name="Stange",
        municipality_number="3413", nominator_role="rådgiver", consent=False,
    )  # fmt: skip
    nomination = save(self_call, data).nomination
    services.nomination_link_open(token=services.link_token(nomination.links.get()))
    nomination.refresh_from_db()

    nominee = screening.nomination_accept(actor=organiser, nomination=nomination, notify=False)

    assert (nominee.kind, nominee.municipality_number) == ("municipality", "3413")
