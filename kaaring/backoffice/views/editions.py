from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaaring.awards import services
from kaaring.awards.models import Edition
from kaaring.awards.selectors import edition_for_member, nominees_for_edition
from kaaring.backoffice.access import backoffice_view, can_change, member_user, require_change
from kaaring.backoffice.checklist import edition_checklist, frozen_labels
from kaaring.backoffice.forms import EditionForm
from kaaring.backoffice.views.awards import _award_or_404
from kaaring.backoffice.views.common import form_round
from kaaring.jury.services import scale_default


def edition_or_404(request: HttpRequest, award: str, year: int) -> Edition:
    edition = edition_for_member(user=member_user(request), award_slug=award, year=year)
    if edition is None:
        raise Http404
    return edition


def _edition_url(edition: Edition) -> str:
    return reverse("backoffice:edition", kwargs={"award": edition.award.slug, "year": edition.year})


@backoffice_view
def edition_create(request: HttpRequest, award: str) -> HttpResponse:
    obj = _award_or_404(request, award)
    require_change(request, obj.organisation)
    form = EditionForm(request.POST or None)

    @transaction.atomic
    def create() -> Edition:
        # The edition with what its jury needs to start: the default scale (1 to 5).
        actor = member_user(request)
        edition = services.edition_create(actor=actor, award=obj, **form.cleaned_data)
        scale_default(actor=actor, edition=edition)
        return edition

    return form_round(
        request,
        form=form,
        save=create,
        success_message=_(
            "The edition is created. The list on its page shows what it still needs."
        ),
        success_url=_edition_url,
        template="backoffice/edition_form.html",
        context={
            "organisation": obj.organisation,
            "award": obj,
            "edition": None,
            "can_change": True,
            "rules_frozen": False,
            "frozen_labels": frozen_labels(),
        },
    )


@backoffice_view
def edition_edit(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    organisation = edition.award.organisation
    allowed = can_change(request, organisation)
    if request.method == "POST":
        require_change(request, organisation)
    now = timezone.now()
    nominee_count = nominees_for_edition(edition=edition).count()
    form = EditionForm(request.POST or None, edition=edition, nominee_count=nominee_count, now=now)
    return form_round(
        request,
        form=form,
        save=lambda: services.edition_update(
            actor=member_user(request), edition=edition, **form.cleaned_data
        ),
        success_message=_("The edition is saved."),
        success_url=_edition_url,
        template="backoffice/edition_form.html",
        context={
            "organisation": organisation,
            "award": edition.award,
            "edition": edition,
            "phase": edition.phase_at(now),
            "can_change": allowed,
            "rules_frozen": edition.rules_frozen_at(now),
            "nominee_count": nominee_count,
            "checklist": edition_checklist(edition),
            "frozen_labels": frozen_labels(),
        },
    )
