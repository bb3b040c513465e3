"""The organisation's own page in the back office: the logo its awards' public pages show."""

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from kaaring.awards.organisation_profile import organisation_profile_update
from kaaring.backoffice.access import (
    backoffice_view,
    can_change,
    member_user,
    organisation_or_404,
    require_change,
)
from kaaring.backoffice.forms import OrganisationProfileForm
from kaaring.backoffice.views.common import form_round


@backoffice_view
def organisation_profile(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    if request.method == "POST":
        require_change(request, org)
    form = OrganisationProfileForm(request.POST or None, request.FILES or None, organisation=org)
    return form_round(
        request,
        form=form,
        save=lambda: organisation_profile_update(
            actor=member_user(request), organisation=org, **form.service_fields()
        ),
        success_message=_("The logo is saved."),
        success_url=lambda result: reverse(
            "backoffice:organisation", kwargs={"organisation": org.slug}
        ),
        template="backoffice/organisation_form.html",
        context={"organisation": org, "can_change": can_change(request, org)},
    )
