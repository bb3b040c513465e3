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


def role_can_change(role: str | None) -> bool:
    """Whether a member with ``role`` may change the organisation's things."""
    return role in _CAN_CHANGE


def can_change_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return role_can_change(role_in(user, organisation))


def organisation_of(obj: object) -> Organisation:
    """The organisation that owns ``obj``: an award, criterion, edition, nominee or the like.

    Found through the object's own links (``organisation``, ``award``, ``edition``), so that
    accounts needs to import nothing from the apps above it.
    """
    for _hop in range(4):
        if isinstance(obj, Organisation):
            return obj
        for attribute in ("organisation", "award", "edition"):
            if hasattr(obj, attribute):
                obj = getattr(obj, attribute)
                break
        else:
            break
    raise TypeError(f"{type(obj).__name__} does not belong to an organisation.")


def can_view(user: User | AnonymousUser, obj: object) -> bool:
    """Whether ``user`` may see ``obj`` in the back office (only their own organisations')."""
    return can_view_organisation(user, organisation_of(obj))


def can_change(user: User | AnonymousUser, obj: object) -> bool:
    return can_change_organisation(user, organisation_of(obj))
