"""Audit entries are written once and never changed, by the ORM or behind its back."""

import pytest
from django.db import IntegrityError, connection, transaction

from kaaring.accounts.models import Organisation
from kaaring.audit.models import AuditEntry, AuditLogIsAppendOnly
from kaaring.audit.services import log_action

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(imdi: Organisation) -> AuditEntry:
    return log_action("edition.updated", actor=None, organisation=imdi, data={"a": 1})


def test_the_database_refuses_to_update_an_entry(entry: AuditEntry) -> None:
    table = AuditEntry._meta.db_table
    sql = f"UPDATE {table} SET action = 'forged' WHERE id = %s"  # noqa: S608
    with (
        pytest.raises(IntegrityError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.action == "edition.updated"


def test_the_orm_offers_no_way_to_change_or_delete_an_entry(entry: AuditEntry) -> None:
    entry.action = "forged"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get(pk=entry.pk).action == "edition.updated"


def test_an_organisation_with_a_log_cannot_be_deleted(
    entry: AuditEntry, imdi: Organisation
) -> None:
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        imdi.delete()
