from django.db.models import QuerySet

from kaaring.accounts.models import Organisation
from kaaring.audit.models import AuditEntry


def audit_entries(*, organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")
