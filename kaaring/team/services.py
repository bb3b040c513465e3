"""Writes of an organisation's team: invite a colleague, change a role, remove a member.

Each is one audited transaction, refused for members who may only read. An organisation always
keeps someone who may change it: the last administrator or organiser can neither be demoted nor
removed (not even by themselves). A new colleague's account has no usable password; the mail
sent after commit carries a link to choose one, which also proves the address.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import translation

from kaaring.accounts import permissions
from kaaring.accounts.models import Membership, Organisation, User
from kaaring.audit.services import log_action
from kaaring.team import errors

# The roles an organiser hands out; an administrator stays one until changed here.
INVITABLE_ROLES = (Membership.Role.ORGANISER, Membership.Role.VIEWER)
_MANAGING = (Membership.Role.ADMIN, Membership.Role.ORGANISER)


@dataclass(frozen=True)
class MemberInvitation:
    membership: Membership
    invited: bool  # True: a mail with a set-password link is on its way


def _require_manager(actor: User, organisation: Organisation) -> None:
    if not permissions.can_change_organisation(actor, organisation):
        raise errors.NotAllowed()


def _check_role(role: str) -> None:
    if role not in INVITABLE_ROLES:
        raise errors.UnknownRole()


def _leaves_no_manager(membership: Membership, new_role: str | None) -> bool:
    """Whether giving ``membership`` ``new_role`` (``None``: removing it) leaves none managing."""
    if membership.role not in _MANAGING or new_role in _MANAGING:
        return False
    others = (
        Membership.objects.select_for_update()
        .filter(organisation=membership.organisation, role__in=_MANAGING)
        .exclude(pk=membership.pk)
    )
    return not list(others)


@transaction.atomic
def member_invite(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str,
    full_name: str = "",
    site_url: str = "",
) -> MemberInvitation:
    """Make the person at ``email`` a member with ``role``, creating their account if needed."""
    _require_manager(actor, organisation)
    _check_role(role)
    address = User.objects.normalize_email(email.strip())
    user = User.objects.filter(email__iexact=address).first()
    if user is not None and Membership.objects.filter(user=user, organisation=organisation):
        raise errors.AlreadyMember()
    if user is None:
        user = User.objects.create_user(
            email=address, password=None, full_name=full_name.strip()[:200]
        )
        EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=True)
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    invited = not user.has_usable_password() and user.last_login is None
    log_action(
        "member.invited",
        actor=actor,
        organisation=organisation,
        target=membership,
        data={"user": user.pk, "role": role, "new_account": invited},
    )
    from kaaring.team.tasks import member_welcome_send_task

    ids = {"user_id": user.pk, "organisation_id": organisation.pk, "actor_id": actor.pk}
    language = translation.get_language() or "nb"
    transaction.on_commit(
        lambda: member_welcome_send_task.enqueue(**ids, language=language, site_url=site_url)
    )
    return MemberInvitation(membership=membership, invited=invited)


@transaction.atomic
def member_role_change(*, actor: User, membership: Membership, role: str) -> Membership:
    _require_manager(actor, membership.organisation)
    _check_role(role)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.role == role:
        return membership
    if _leaves_no_manager(membership, role):
        raise errors.LastOrganiser()
    before = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    log_action(
        "member.role_changed",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        data={"user": membership.user_id, "from": before, "to": role},
    )
    return membership


@transaction.atomic
def member_remove(*, actor: User, membership: Membership) -> None:
    _require_manager(actor, membership.organisation)
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if _leaves_no_manager(membership, None):
        raise errors.LastOrganiser()
    log_action(
        "member.removed",
        actor=actor,
        organisation=membership.organisation,
        target=membership,
        data={"user": membership.user_id, "role": membership.role},
    )
    membership.delete()
