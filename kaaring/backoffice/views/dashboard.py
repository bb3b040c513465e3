from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from kaaring.accounts import permissions
from kaaring.accounts.models import Membership, User
from kaaring.accounts.selectors import organisations_for_user
from kaaring.awards.selectors import awards_for_organisations
from kaaring.backoffice.access import backoffice_view, member_user
from kaaring.jury.selectors import seats_for_user


def dashboard(request: HttpRequest) -> HttpResponse:
    """Where a login lands: organisers see their organisations; a juror from outside the
    organisation (no membership) is taken to their jury rooms instead of a refusal."""
    user = request.user
    if (
        isinstance(user, User)
        and not organisations_for_user(user=user).exists()
        and seats_for_user(user=user).exists()
    ):
        return redirect("backoffice:jury")
    return _organiser_dashboard(request)


@backoffice_view
def _organiser_dashboard(request: HttpRequest) -> HttpResponse:
    user = member_user(request)
    organisations = organisations_for_user(user=user)
    awards = list(awards_for_organisations(organisations=organisations))
    now = timezone.now()
    rows = []
    for organisation in organisations:
        role = permissions.role_in(user, organisation)
        rows.append(
            {
                "organisation": organisation,
                "role": Membership.Role(role).label if role else "",
                "can_change": permissions.can_change_organisation(user, organisation),
                "awards": [
                    {
                        "award": award,
                        "editions": [
                            (edition, edition.phase_at(now)) for edition in award.editions.all()
                        ],
                    }
                    for award in awards
                    if award.organisation_id == organisation.pk
                ],
            }
        )
    return render(request, "backoffice/dashboard.html", {"rows": rows})
