"""An organisation's team: its members and their roles, invitations, role changes, removals.

Every member sees the list; members who may change the organisation invite colleagues by
e-mail (as organiser or viewer), change roles and remove members. The services audit-log each
change and refuse the one that would leave the organisation without an organiser.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaaring.accounts.models import Membership, Organisation
from kaaring.backoffice.access import (
    backoffice_view,
    can_change,
    member_user,
    organisation_or_404,
    require_change,
)
from kaaring.backoffice.forms import BackofficeForm
from kaaring.team import errors, services

_ROLE_CHOICES = [(role.value, role.label) for role in services.INVITABLE_ROLES]


class InviteForm(BackofficeForm):
    email = forms.EmailField(label=gettext_lazy("The colleague's e-mail address"), max_length=254)
    full_name = forms.CharField(
        label=gettext_lazy("Full name (optional)"),
        help_text=gettext_lazy("Used for a new account; an existing account keeps its name."),
        max_length=200,
        required=False,
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=_ROLE_CHOICES,
        initial=Membership.Role.ORGANISER,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "An organiser runs awards, editions and the team; a viewer reads and changes nothing."
        ),
    )


def _page(
    request: HttpRequest,
    organisation: Organisation,
    form: InviteForm,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    members = (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )
    return render(
        request,
        "backoffice/team.html",
        {
            "organisation": organisation,
            "members": members,
            "roles": _ROLE_CHOICES,
            "form": form,
            "error": error,
            "can_change": can_change(request, organisation),
            "me": member_user(request),
        },
        status=status,
    )


def _membership_or_404(organisation: Organisation, pk: int) -> Membership:
    membership = (
        Membership.objects.filter(organisation=organisation, pk=pk).select_related("user").first()
    )
    if membership is None:
        raise Http404
    return membership


@backoffice_view
def team(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    if request.method != "POST":
        return _page(request, org, InviteForm())
    require_change(request, org)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return _page(request, org, form, status=400)
    try:
        invitation = services.member_invite(
            actor=member_user(request),
            organisation=org,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            full_name=form.cleaned_data["full_name"],
            site_url=f"{request.scheme}://{request.get_host()}",
        )
    except errors.AlreadyMember as error:
        form.add_error("email", str(error))
        return _page(request, org, form, status=409)
    except errors.TeamError as error:
        form.add_error(None, str(error))
        return _page(request, org, form, status=400)
    user = invitation.membership.user
    messages.success(
        request,
        _("%(member)s is on the team and has been sent an e-mail.") % {"member": user},
    )
    return redirect("backoffice:team", organisation=org.slug)


@require_POST
@backoffice_view
def member_role(request: HttpRequest, organisation: str, pk: int) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    require_change(request, org)
    membership = _membership_or_404(org, pk)
    role = request.POST.get("role", "")
    try:
        services.member_role_change(actor=member_user(request), membership=membership, role=role)
    except errors.LastOrganiser as error:
        return _page(request, org, InviteForm(), error=str(error), status=409)
    except errors.TeamError as error:
        return _page(request, org, InviteForm(), error=str(error), status=400)
    membership.refresh_from_db()
    messages.success(
        request,
        _("%(member)s is now %(role)s.")
        % {"member": membership.user, "role": membership.get_role_display()},
    )
    return redirect("backoffice:team", organisation=org.slug)


@require_POST
@backoffice_view
def member_remove(request: HttpRequest, organisation: str, pk: int) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    require_change(request, org)
    membership = _membership_or_404(org, pk)
    try:
        services.member_remove(actor=member_user(request), membership=membership)
    except errors.TeamError as error:
        return _page(request, org, InviteForm(), error=str(error), status=409)
    messages.success(
        request,
        _("%(member)s is no longer on the team of %(organisation)s.")
        % {"member": membership.user, "organisation": org},
    )
    if membership.user_id == member_user(request).pk:
        return redirect("backoffice:dashboard")
    return redirect("backoffice:team", organisation=org.slug)
