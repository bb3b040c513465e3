import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from kaaring.mailaddress.outgoing import moment_text
from kaaring.nominations import errors, services
from kaaring.nominations.models import NominationLink, Status
from kaaring.nominations.tasks import nomination_copy_send_task, nomination_link_send_task
from kaaring.nominations.tests.conftest import person_data, save

NOW = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)


def token_of(nomination) -> str:
    return services.link_token(nomination.links.latest("id"))


def test_a_call_asks_one_question_per_criterion_of_the_award(call):
    assert [q.text for q in call.questions.all()] == ["Bosetting", "Arbeid"]
    assert call.questions.first().localized("text", "en").text == "Settlement"


def test_a_submitted_nomination_counts_only_when_its_address_is_confirmed(call):
    result = save(call, person_data(call))

    assert result.link_sent
    assert not result.received
    assert result.nomination.status == Status.DRAFT
    nomination = services.nomination_link_open(token=token_of(result.nomination))
    assert nomination.status == Status.RECEIVED
    assert nomination.email_confirmed_at is not None


@pytest.mark.parametrize(
    ("offset", "accepted"),
    [
        (dt.timedelta(milliseconds=-1), True),
        (dt.timedelta(0), False),
        (dt.timedelta(milliseconds=1), False),
    ],
)
def test_the_deadline_is_decided_by_the_clock_at_submission(make_call, offset, accepted):
    call = make_call(now=NOW, opens=dt.timedelta(days=-5), closes=dt.timedelta(days=5))
    deadline = call.edition.nominations_close_at
    with time_machine.travel(deadline + offset, tick=False):
        if accepted:
            assert save(call, person_data(call)).nomination.submitted_at < deadline
        else:
            with pytest.raises(errors.CallClosed):
                save(call, person_data(call))


@pytest.mark.parametrize(
    ("offset", "accepted"), [(dt.timedelta(milliseconds=-1), False), (dt.timedelta(0), True)]
)
def test_the_form_opens_at_the_declared_instant(make_call, offset, accepted):
    call = make_call(now=NOW)
    with time_machine.travel(call.edition.nominations_open_at + offset, tick=False):
        if accepted:
            save(call, person_data(call))
        else:
            with pytest.raises(errors.CallNotOpen):
                save(call, person_data(call))


def test_a_nomination_sent_in_time_may_be_confirmed_after_the_deadline(make_call):
    call = make_call(now=NOW)
    deadline = call.edition.nominations_close_at
    with time_machine.travel(deadline - dt.timedelta(minutes=1), tick=False):
        nomination = save(call, person_data(call)).nomination
    with time_machine.travel(deadline + dt.timedelta(hours=1), tick=False):
        assert services.nomination_link_open(token=token_of(nomination)).status == Status.RECEIVED


def test_a_link_works_once(call):
    nomination = save(call, person_data(call)).nomination
    token = token_of(nomination)
    services.nomination_link_open(token=token)

    with pytest.raises(errors.LinkUsed):
        services.nomination_link_open(token=token)


def test_a_link_expires(call, settings):
    settings.NOMINATION_LINK_HOURS = 2
    nomination = save(call, person_data(call)).nomination
    link = nomination.links.get()
    token = token_of(nomination)

    with time_machine.travel(link.expires_at - dt.timedelta(milliseconds=1), tick=False):
        services.nomination_link_find(token=token)
    with time_machine.travel(link.expires_at, tick=False), pytest.raises(errors.LinkExpired):
        services.nomination_link_open(token=token)


def test_an_unknown_token_is_refused(call):
    with pytest.raises(errors.LinkInvalid):
        services.nomination_link_open(token="not-a-token")


def test_the_token_is_not_stored(call):
    nomination = save(call, person_data(call)).nomination
    link = nomination.links.get()
    token = token_of(nomination)
    assert token not in (link.token_hash, link.token_nonce)


def test_a_draft_is_kept_and_finished_later(call):
    draft = save(call, person_data(call, answers={}), submit=False).nomination
    assert draft.status == Status.DRAFT
    assert draft.submitted_at is None
    services.nomination_link_open(token=token_of(draft))

    result = save(call, person_data(call), nomination=draft)

    assert result.received
    assert not result.link_sent
    assert result.nomination.pk == draft.pk
    assert result.nomination.status == Status.RECEIVED


def test_changing_the_address_of_a_draft_asks_for_a_new_confirmation(call):
    draft = save(call, person_data(call), submit=False).nomination
    services.nomination_link_open(token=token_of(draft))

    result = save(call, person_data(call, nominator_email="ny@example.no"), nomination=draft)

    assert result.link_sent
    assert not result.received


def test_a_sent_nomination_can_no_longer_be_changed(call):
    nomination = save(call, person_data(call)).nomination
    with pytest.raises(errors.NominationLocked):
        save(call, person_data(call), nomination=nomination)


def test_a_missing_required_answer_is_named_by_its_field(call):
    first = call.questions.first()
    answers = {str(q.pk): "svar" for q in call.questions.all() if q.pk != first.pk}

    with pytest.raises(ValidationError) as caught:
        save(call, person_data(call, answers=answers))

    assert set(caught.value.message_dict) == {f"answer_{first.pk}"}


def test_nominating_a_person_needs_consent(call):
    with pytest.raises(ValidationError) as caught:
        save(call, person_data(call, consent=False))
    assert "consent" in caught.value.message_dict


def test_a_self_nomination_needs_the_municipality(self_call):
    data = person_data(self_call, nominee_kind="", nominee_name="", nominator_role="rådgiver")
    with pytest.raises(ValidationError) as caught:
        save(self_call, data)
    assert "municipality" in caught.value.message_dict


def test_mails_are_enqueued_after_commit_with_ids_only(call, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        nomination = save(call, person_data(call)).nomination

    stored = DBTaskResult.objects.get()
    assert stored.task_path == "kaaring.nominations.tasks.nomination_link_send_task"
    assert stored.args_kwargs == {"args": [nomination.links.get().pk], "kwargs": {}}


def test_the_link_mail_is_sent_once_and_the_copy_after_confirmation(call):
    nomination = save(call, person_data(call)).nomination
    link = NominationLink.objects.get(nomination=nomination)

    assert nomination_link_send_task.call(link.pk) is True
    assert nomination_link_send_task.call(link.pk) is False
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["kari@example.no"]
    assert f"/en/bosettingsprisen/2030/nominer/lenke/{token_of(nomination)}/" in mail.outbox[0].body

    services.nomination_link_open(token=token_of(nomination))
    assert nomination_copy_send_task.call(nomination.pk) is True
    assert nomination_copy_send_task.call(nomination.pk) is False
    copy = mail.outbox[1]
    assert "has been received" in copy.subject
    assert "Ola Hansen" in copy.body
    assert "Svar på Bosetting" in copy.body


def test_nomination_mails_come_from_the_organisation_and_write_dates_as_the_pages_do(
    call, settings
):
    settings.DEFAULT_FROM_EMAIL = "Kåring <nominasjon@kaaring.example>"
    nomination = save(call, person_data(call)).nomination
    link = NominationLink.objects.get(nomination=nomination)

    nomination_link_send_task.call(link.pk)

    [message] = mail.outbox
    organisation = "Integrerings- og mangfoldsdirektoratet"
    assert message.from_email == f"{organisation} <nominasjon@kaaring.example>"
    with translation.override("en"):  # the nominator wrote in English
        expires = moment_text(link.expires_at)
    assert f"until {expires} (Norwegian time)" in message.body
    assert " at " in expires


def test_resending_links_mails_only_drafts_of_that_address(call):
    save(call, person_data(call), submit=False)
    assert services.nomination_links_resend(call=call, email="KARI@example.no") == 1
    assert services.nomination_links_resend(call=call, email="other@example.no") == 0


def test_submission_time_is_aware(call):
    nomination = save(call, person_data(call)).nomination
    assert nomination.submitted_at is not None
    assert timezone.is_aware(nomination.submitted_at)
