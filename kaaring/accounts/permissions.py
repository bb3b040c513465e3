"""Who may do what. Every interface asks here before it calls a service."""

from django.contrib.auth.models import AnonymousUser

from kaaring.accounts.models import Membership, Organisation, User

_CAN_CHANGE = {Membership.Role.ADMIN, Membership.Role.ORGANISER}


def role_in(user: User | AnonymousUser, organisation: Organisation) -> str | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.filter(user=user, organisation=organisation)
        .values_list("role", flat=True)
        .first()
    )


def can_view_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return role_in(user, organisation) is not None


def can_change_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return role_in(user, organisation) in _CAN_CHANGE
