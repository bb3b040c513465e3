# ruff: noqa: F811 - the nomination fixtures are imported by name and used as arguments
"""Screening through HTTP: only the award's organisation sees nominations and attachments."""

import pytest
from django.urls import reverse

from kaaring.audit.models import AuditEntry
from kaaring.awards.models import Nominee
from kaaring.nominations import services
from kaaring.nominations.models import Call, Nomination, Status
from kaaring.nominations.tests.conftest import (  # noqa: F401 - fixtures
    PDF,
    _attachments_in_tmp,
    call,
    criteria,
    make_call,
    person_data,
    save,
    upload,
)


@pytest.fixture
def received(call):
    def make(name="Ola Hansen", **changes):
        nomination = save(
            call, person_data(call, nominee_name=name, **changes), uploads=[upload("plan.pdf", PDF)]
        ).nomination
        services.nomination_link_open(token=services.link_token(nomination.links.get()))
        nomination.refresh_from_db()
        return nomination

    return make


def url(call, name="nominations", **kwargs):
    return reverse(
        f"backoffice:{name}",
        kwargs={"award": call.edition.award.slug, "year": call.edition.year, **kwargs},
    )


def test_organisers_see_the_nominations_with_status_and_duplicates_together(
    login, organiser, call, received
):
    received()
    received(nominator_email="per@example.no")
    received(name="Kari Berg")

    html = login(organiser).get(url(call)).content.decode()

    assert html.count("Ola Hansen") == 2
    assert "1 other nomination of the same nominee" in html
    assert "Received: 3" in html


def test_the_list_filters_by_status(login, organiser, call, received):
    received()
    declined = received(name="Kari Berg")
    Nomination.objects.filter(pk=declined.pk).update(status=Status.DECLINED, decline_reason="x")

    html = login(organiser).get(url(call), {"status": "declined"}).content.decode()

    assert "Kari Berg" in html
    assert "Ola Hansen" not in html


def test_an_organiser_of_another_organisation_cannot_read_a_nomination(
    login, outsider, call, received
):
    nomination = received()
    client = login(outsider)
    attachment = nomination.attachments.get()

    assert client.get(url(call)).status_code == 404
    assert client.get(url(call, "nomination", pk=nomination.pk)).status_code == 404
    assert client.get(url(call, "nomination_attachment", pk=attachment.pk)).status_code == 404
    response = client.post(url(call, "nomination_decide", pk=nomination.pk), {"action": "accept"})
    assert response.status_code == 404
    nomination.refresh_from_db()
    assert nomination.status == Status.RECEIVED


def test_the_public_cannot_read_an_attachment(client, call, received):
    attachment = received().attachments.get()
    response = client.get(url(call, "nomination_attachment", pk=attachment.pk))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_an_organiser_downloads_an_attachment(login, organiser, call, received):
    attachment = received().attachments.get()

    response = login(organiser).get(url(call, "nomination_attachment", pk=attachment.pk))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="plan.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_accepting_makes_a_nominee_and_opens_it_for_editing(login, organiser, call, received):
    nomination = received()

    response = login(organiser).post(
        url(call, "nomination_decide", pk=nomination.pk), {"action": "accept"}
    )

    nominee = Nominee.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(call, "nominee", pk=nominee.pk)
    assert AuditEntry.objects.filter(action="nomination.accepted", actor=organiser).exists()


def test_declining_without_a_reason_is_refused_with_a_message(login, organiser, call, received):
    nomination = received()
    client = login(organiser)

    response = client.post(
        url(call, "nomination_decide", pk=nomination.pk), {"action": "decline", "reason": ""},
        follow=True,
    )  # fmt: skip

    assert "Say why the nomination is declined." in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.status == Status.RECEIVED


def test_a_viewer_cannot_decide(login, viewer, call, received):
    nomination = received()
    response = login(viewer).post(
        url(call, "nomination_decide", pk=nomination.pk), {"action": "decline", "reason": "x"}
    )
    assert response.status_code == 403


def test_merging_through_the_page(login, organiser, call, received):
    primary = received()
    duplicate = received(nominator_email="per@example.no")
    client = login(organiser)

    client.post(
        url(call, "nomination_decide", pk=primary.pk),
        {"action": "merge", "duplicate": duplicate.pk},
    )

    duplicate.refresh_from_db()
    assert duplicate.merged_into == primary
    html = client.get(url(call, "nomination", pk=primary.pk)).content.decode()
    assert "Merged nominations of the same nominee" in html


def test_an_edition_without_a_call_offers_to_set_one_up(login, organiser, edition):
    client = login(organiser)
    address = reverse(
        "backoffice:nominations", kwargs={"award": edition.award.slug, "year": edition.year}
    )
    assert "has no call for nominations yet" in client.get(address).content.decode()

    client.post(
        address,
        {"who": "self", "max_attachments": 2, "max_attachment_mb": 5, "retention_days": 60},
    )

    assert Call.objects.get(edition=edition).who == Call.Who.SELF
    assert AuditEntry.objects.filter(action="nominations.call_created").exists()
