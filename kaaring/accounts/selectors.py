from django.db.models import QuerySet

from kaaring.accounts.models import Organisation, User


def organisation_only(*, organisation: Organisation) -> QuerySet[Organisation]:
    """One organisation, as the reads that take a set of organisations want it."""
    return Organisation.objects.filter(pk=organisation.pk)


def organisations_for_user(*, user: User) -> QuerySet[Organisation]:
    """The organisations whose data ``user`` may see in the back office."""
    return Organisation.objects.filter(memberships__user=user).distinct().order_by("name")
