import datetime as dt

import time_machine
from django.core.management import call_command

from kaaring.audit.models import AuditEntry
from kaaring.nominations import screening, services
from kaaring.nominations.models import Attachment, Nomination, Status, attachment_root
from kaaring.nominations.tests.conftest import PDF, person_data, save, upload


def test_personal_data_of_nominations_not_accepted_is_deleted_after_the_retention_period(
    call, organiser
):
    declined = save(call, person_data(call), uploads=[upload("cv.pdf", PDF)]).nomination
    services.nomination_link_open(token=services.link_token(declined.links.get()))
    declined.refresh_from_db()
    screening.nomination_decline(actor=organiser, nomination=declined, reason="Nei", notify=False)
    accepted = save(call, person_data(call, nominee_name="Kari Berg")).nomination
    services.nomination_link_open(token=services.link_token(accepted.links.get()))
    accepted.refresh_from_db()
    screening.nomination_accept(actor=organiser, nomination=accepted, notify=False)
    stored = attachment_root() / str(declined.attachments.get().file.name)
    due = call.edition.nominations_close_at + dt.timedelta(days=call.retention_days)

    with time_machine.travel(due - dt.timedelta(milliseconds=1), tick=False):
        call_command("nominations_purge", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Nomination.objects.get(pk=declined.pk).nominator_email == "kari@example.no"

    with time_machine.travel(due, tick=False):
        call_command("nominations_purge", stdout=open("/dev/null", "w"))  # noqa: SIM115

    declined.refresh_from_db()
    assert declined.status == Status.DECLINED
    assert (declined.nominator_name, declined.nominator_email, declined.nominee_name) == (
        "",
        "",
        "",
    )
    assert declined.answers == {}
    assert declined.personal_data_deleted_at is not None
    assert not Attachment.objects.filter(nomination=declined).exists()
    assert not stored.exists()
    accepted.refresh_from_db()
    assert accepted.nominator_email == "kari@example.no"
    assert (
        AuditEntry.objects.get(action="nominations.personal_data_deleted").data["nominations"] == 1
    )
