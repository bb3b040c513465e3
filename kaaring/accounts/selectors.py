from django.db.models import QuerySet

from kaaring.accounts.models import Organisation, User


def organisations_for_user(*, user: User) -> QuerySet[Organisation]:
    """The organisations whose data ``user`` may see in the back office."""
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")
