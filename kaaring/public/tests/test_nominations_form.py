# ruff: noqa: F811 - the nomination fixtures are imported by name and used as arguments
"""The public nomination form through HTTP, in English (texts are translated at the end)."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kaaring.municipal_stats.models import Municipality, MunicipalityCode
from kaaring.nominations import services
from kaaring.nominations.models import Nomination, Status
from kaaring.nominations.tests.conftest import (  # noqa: F401 - fixtures
    PDF,
    _attachments_in_tmp,
    call,
    criteria,
    make_call,
    self_call,
    upload,
)


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def registry(db):
    stange = Municipality.objects.create(
        number="3413", name="Stange", county_number="34", county_name="Innlandet"
    )
    MunicipalityCode.objects.create(
        code="3413", name="Stange", municipality=stange, relation="current"
    )
    MunicipalityCode.objects.create(
        code="0417", name="Stange", municipality=stange, relation="renumbered", is_continuation=True
    )
    bodo = Municipality.objects.create(
        number="1804", name="Bodø", county_number="18", county_name="Nordland"
    )
    MunicipalityCode.objects.create(code="1804", name="Bodø", municipality=bodo, relation="current")


def url(call, name="form"):
    return reverse(
        f"nominations:{name}", kwargs={"award": call.edition.award.slug, "year": call.edition.year}
    )


def person_post(call, **changes):
    data = {
        "nominator_name": "Kari Nordmann",
        "nominator_role": "nabo",
        "nominator_email": "kari@example.no",
        "nominee_kind": "person",
        "nominee_name": "Ola Hansen",
        "consent": "on",
        "action": "submit",
        **{f"answer_{q.pk}": f"Svar {q.pk}" for q in call.questions.all()},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_form_shows_the_questions_and_the_deadline_in_english(client, call):
    response = client.get(url(call))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Settlement" in html
    assert "How it settles refugees." in html
    assert "The deadline is" in html
    assert "If you nominate a person" in html


def test_sending_the_form_asks_for_confirmation_and_the_link_makes_it_count(client, call):
    response = client.post(url(call), person_post(call))

    assert response.status_code == 302
    assert client.get(response["Location"]).content.decode().count("Check your e-mail") >= 1
    nomination = Nomination.objects.get()
    token = services.link_token(nomination.links.get())
    link = reverse(
        "nominations:link",
        kwargs={"award": call.edition.award.slug, "year": call.edition.year, "token": token},
    )
    page = Client().get(link)
    assert page.status_code == 200
    nomination.refresh_from_db()
    assert nomination.status == Status.DRAFT  # a GET (a mail scanner) changes nothing

    confirmed = Client().post(link)
    assert confirmed.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == Status.RECEIVED
    again = Client().post(link)
    assert again.status_code == 410
    assert "used already" in again.content.decode()


def test_a_draft_is_kept_in_the_browser_and_can_be_finished(client, call):
    client.post(url(call), person_post(call, action="draft", nominee_name="Halvferdig"))
    page = client.get(url(call)).content.decode()
    assert 'value="Halvferdig"' in page
    assert "Your draft is saved" in page

    nomination = Nomination.objects.get()
    Client().post(  # the nominator opens the link (on any device); this browser goes on
        reverse(
            "nominations:link",
            kwargs={
                "award": call.edition.award.slug,
                "year": call.edition.year,
                "token": services.link_token(nomination.links.get()),
            },
        )
    )
    client.post(url(call), person_post(call))
    nomination.refresh_from_db()
    assert nomination.status == Status.RECEIVED


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"answer_FIRST": ""}, "answer_FIRST", "Answer this question."),
        (
            {"organisation_number": "974760674", "nominee_kind": "organisation"},
            "organisation_number",
            "not a valid organisation number",
        ),
        ({"nominator_email": "kari@"}, "nominator_email", "name@example.no"),
        ({"consent": None}, "consent", "Confirm that you have read"),
    ],
)
def test_bad_input_gets_a_message_by_its_field_and_the_rest_is_kept(
    client, call, changes, field, message
):
    first = call.questions.first()
    changes = {k.replace("FIRST", str(first.pk)): v for k, v in changes.items()}
    field = field.replace("FIRST", str(first.pk))

    response = client.post(url(call), person_post(call, **changes))

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="ds-error-summary"' in html
    assert f'href="#id_{field}"' in html
    error_block = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    assert error_block is not None
    assert message in error_block.group(1)
    assert 'value="Kari Nordmann"' in html
    assert not Nomination.objects.exists()


def test_a_disguised_attachment_is_refused_next_to_the_field(client, call):
    data = person_post(call)
    data["attachments"] = upload("report.pdf", b"MZ\x90\x00 program")

    response = client.post(url(call), data)

    assert response.status_code == 400
    assert "does not match its name" in response.content.decode()
    assert 'value="Ola Hansen"' in response.content.decode()


def test_an_oversized_attachment_is_refused(client, call):
    data = person_post(call)
    data["attachments"] = upload("big.pdf", PDF + b"0" * (1024 * 1024))
    response = client.post(url(call), data)
    assert response.status_code == 400
    assert "largest file allowed is 1 MB" in response.content.decode()


def test_a_submission_after_the_deadline_is_refused_and_kept_as_typed(client, call):
    with time_machine.travel(call.edition.nominations_close_at, tick=False):
        response = client.post(url(call), person_post(call))

    assert response.status_code == 409
    html = response.content.decode()
    assert "deadline for nominations has passed" in html
    assert 'value="Ola Hansen"' in html
    assert not Nomination.objects.exists()


def test_after_the_deadline_the_form_says_it_is_closed(client, call):
    with time_machine.travel(call.edition.nominations_close_at + dt.timedelta(milliseconds=1)):
        html = client.get(url(call)).content.decode()
    assert "Nominations closed" in html
    assert '<form method="post" enctype' not in html


def test_a_municipality_is_found_by_name_or_former_number(client, self_call, registry):
    base = {
        "nominator_name": "Kari", "nominator_role": "rådgiver",
        "nominator_email": "kari@stange.kommune.no", "action": "submit",
        **{f"answer_{q.pk}": "svar" for q in self_call.questions.all()},
    }  # fmt: skip
    client.post(url(self_call), {**base, "municipality": "0417"})
    Client().post(url(self_call), {**base, "municipality": "stange"})

    numbers = set(Nomination.objects.values_list("municipality_number", "nominee_name"))
    assert numbers == {("3413", "Stange")}


def test_an_unknown_municipality_is_refused_by_its_field(client, self_call, registry):
    response = client.post(url(self_call), {"municipality": "Atlantis", "action": "submit"})

    assert response.status_code == 400
    assert "We found no municipality “Atlantis”" in response.content.decode()


def test_an_edition_without_a_call_has_no_form(client, edition):
    response = client.get(
        reverse("nominations:form", kwargs={"award": edition.award.slug, "year": edition.year})
    )
    assert response.status_code == 404
