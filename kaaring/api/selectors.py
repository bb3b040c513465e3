from django.db.models import QuerySet

from kaaring.accounts.models import Organisation
from kaaring.api.models import ApiToken


def tokens_of(*, organisation: Organisation) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(organisation=organisation).select_related(
        "created_by", "revoked_by"
    )
