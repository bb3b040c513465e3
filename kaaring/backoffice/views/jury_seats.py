"""Removing a juror from an edition's jury (the rest of the jury page is ``jury_admin``)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaaring.backoffice.access import backoffice_view, member_user, require_change
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.backoffice.views.jury_admin import jury_admin
from kaaring.jury import errors
from kaaring.jury.models import Juror
from kaaring.jury.seats import juror_remove


@require_POST
@backoffice_view
def juror_remove_view(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    require_change(request, edition.award.organisation)
    juror = (
        Juror.objects.filter(edition=edition, pk=request.POST.get("juror", "0") or "0")
        .select_related("user", "edition__award__organisation")
        .first()
    )
    if juror is None:
        raise Http404
    try:
        juror_remove(actor=member_user(request), juror=juror)
    except errors.JuryError as error:
        # The jury page again, with the refusal on top and nothing changed.
        messages.error(request, str(error))
        response = jury_admin(request, award, year)
        response.status_code = 409
        return response
    messages.success(request, _("%(juror)s is no longer on the jury.") % {"juror": juror.user})
    return redirect(
        reverse("backoffice:jury_admin", kwargs={"award": edition.award.slug, "year": edition.year})
    )
