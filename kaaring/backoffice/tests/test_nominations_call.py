# ruff: noqa: F811 - the nomination fixtures are imported by name and used as arguments
"""The call's settings, its questions and withdrawing a nomination, through HTTP."""

import pytest
from django.urls import reverse
from django.utils import translation

from kaaring.audit.models import AuditEntry
from kaaring.nominations import services
from kaaring.nominations.models import Call, Nomination, Status
from kaaring.nominations.tests.conftest import (  # noqa: F401 - fixtures
    _attachments_in_tmp,
    call,
    criteria,
    make_call,
    person_data,
    save,
)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def url(call, name="nomination_call", **kwargs):
    return reverse(
        f"backoffice:{name}",
        kwargs={"award": call.edition.award.slug, "year": call.edition.year, **kwargs},
    )


def settings_post(**changes):
    data = {"who": "anyone", "max_attachments": "3", "max_attachment_mb": "5",
            "retention_days": "30"}  # fmt: skip
    data.update(changes)
    return data


def question_post(**changes):
    data = {"text": "Hvorfor nå?", "text_en": "Why now?", "required": "on",
            "max_length": "2000", "position": "9"}  # fmt: skip
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def received(call):
    nomination = save(call, person_data(call)).nomination
    services.nomination_link_open(token=services.link_token(nomination.links.get()))
    nomination.refresh_from_db()
    return nomination


def test_an_organiser_changes_the_calls_limits_and_retention_and_it_is_logged(
    login, organiser, call
):
    client = login(organiser)
    page = client.get(url(call))
    assert page.status_code == 200
    assert "change them on the edition" in page.content.decode()

    response = client.post(url(call), settings_post())

    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.max_attachments, call.max_attachment_mb, call.retention_days) == (3, 5, 30)
    entry = AuditEntry.objects.get(action="nominations.call_changed")
    assert entry.actor == organiser
    assert entry.data["changed"]["retention_days"] == [90, 30]


def test_bad_settings_come_back_next_to_their_field(login, organiser, call):
    response = login(organiser).post(url(call), settings_post(max_attachment_mb="500"))

    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    call.refresh_from_db()
    assert call.max_attachment_mb == 1


def test_who_may_nominate_is_fixed_once_a_nomination_was_sent(login, organiser, call, received):
    response = login(organiser).post(url(call), settings_post(who="self"))

    assert response.status_code == 400
    assert "who may nominate is fixed" in response.content.decode()
    call.refresh_from_db()
    assert call.who == Call.Who.ANYONE


def test_an_organiser_adds_and_edits_a_question(login, organiser, call):
    client = login(organiser)

    added = client.post(url(call, "nomination_question_create"), question_post())

    assert added.status_code == 302
    question = call.questions.get(text="Hvorfor nå?")
    assert (question.required, question.max_length, question.text_en) == (True, 2000, "Why now?")
    assert AuditEntry.objects.filter(action="nominations.question_added").exists()

    edited = client.post(
        url(call, "nomination_question", pk=question.pk),
        question_post(text="Hvorfor akkurat nå?", required=None),
    )

    assert edited.status_code == 302
    question.refresh_from_db()
    assert question.text == "Hvorfor akkurat nå?"
    assert question.required is False
    entry = AuditEntry.objects.get(action="nominations.question_changed")
    assert entry.data["changed"]["text"] == ["Hvorfor nå?", "Hvorfor akkurat nå?"]
    assert "Hvorfor akkurat nå?" in client.get(url(call)).content.decode()


def test_a_question_without_text_is_refused_by_its_field(login, organiser, call):
    response = login(organiser).post(
        url(call, "nomination_question_create"), question_post(text="")
    )

    assert response.status_code == 400
    assert call.questions.filter(text="").count() == 0


def test_an_organiser_withdraws_a_nomination_with_a_reason(login, organiser, call, received):
    client = login(organiser)
    decide = url(call, "nomination_decide", pk=received.pk)

    without = client.post(decide, {"action": "withdraw", "reason": ""})
    received.refresh_from_db()
    assert without.status_code == 302
    assert received.status == Status.RECEIVED

    client.post(decide, {"action": "withdraw", "reason": "The nominator asked us to."})

    received.refresh_from_db()
    assert received.status == Status.WITHDRAWN
    entry = AuditEntry.objects.get(action="nomination.withdrawn")
    assert (entry.actor, entry.reason) == (organiser, "The nominator asked us to.")


def test_the_detail_page_offers_withdrawal(login, organiser, call, received):
    html = login(organiser).get(url(call, "nomination", pk=received.pk)).content.decode()

    assert "Withdraw on the nominator" in html


def test_an_organiser_of_another_organisation_gets_404_everywhere(login, outsider, call, received):
    client = login(outsider)
    question = call.questions.first()

    assert client.get(url(call)).status_code == 404
    assert client.post(url(call), settings_post()).status_code == 404
    assert client.post(url(call, "nomination_question_create"), question_post()).status_code == 404
    assert client.get(url(call, "nomination_question", pk=question.pk)).status_code == 404
    withdraw = {"action": "withdraw", "reason": "x"}
    assert client.post(url(call, "nomination_decide", pk=received.pk), withdraw).status_code == 404
    received.refresh_from_db()
    assert received.status == Status.RECEIVED
    assert not AuditEntry.objects.filter(actor=outsider).exists()


def test_a_viewer_reads_the_settings_but_cannot_change_them(login, viewer, call, received):
    client = login(viewer)
    question = call.questions.first()

    page = client.get(url(call))
    assert page.status_code == 200
    assert "disabled" in page.content.decode()
    assert client.post(url(call), settings_post()).status_code == 403
    assert client.post(url(call, "nomination_question_create"), question_post()).status_code == 403
    changed = client.post(url(call, "nomination_question", pk=question.pk), question_post())
    assert changed.status_code == 403
    withdraw = {"action": "withdraw", "reason": "x"}
    assert client.post(url(call, "nomination_decide", pk=received.pk), withdraw).status_code == 403
    call.refresh_from_db()
    assert call.retention_days == 90
    assert Nomination.objects.get(pk=received.pk).status == Status.RECEIVED


def test_an_edition_without_a_call_has_no_settings_page(login, organiser, edition):
    client = login(organiser)
    path = reverse(
        "backoffice:nomination_call", kwargs={"award": edition.award.slug, "year": edition.year}
    )
    assert client.get(path).status_code == 404


def test_a_question_of_another_call_is_404(login, organiser, call, make_call):
    other = make_call(year=2032)
    question = other.questions.first()

    assert login(organiser).get(url(call, "nomination_question", pk=question.pk)).status_code == 404
