from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from kaaring.awards import services
from kaaring.awards.models import Edition, Nominee
from kaaring.awards.selectors import nominee_for_member, nominees_for_edition
from kaaring.backoffice.access import backoffice_view, can_change, member_user, require_change
from kaaring.backoffice.forms import NomineeForm, WithdrawForm
from kaaring.backoffice.views.common import form_round
from kaaring.backoffice.views.editions import edition_or_404


def _nominee_or_404(request: HttpRequest, edition: Edition, pk: int) -> Nominee:
    nominee = nominee_for_member(user=member_user(request), edition=edition, pk=pk)
    if nominee is None:
        raise Http404
    return nominee


def _list_url(edition: Edition) -> str:
    return reverse(
        "backoffice:nominees", kwargs={"award": edition.award.slug, "year": edition.year}
    )


def _context(edition: Edition, **extra: object) -> dict[str, object]:
    return {
        "organisation": edition.award.organisation,
        "award": edition.award,
        "edition": edition,
        **extra,
    }


@backoffice_view
def nominee_list(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    return render(
        request,
        "backoffice/nominee_list.html",
        _context(
            edition,
            nominees=list(nominees_for_edition(edition=edition)),
            can_change=can_change(request, edition.award.organisation),
        ),
    )


@backoffice_view
def nominee_create(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    require_change(request, edition.award.organisation)
    form = NomineeForm(request.POST or None, request.FILES or None)
    return form_round(
        request,
        form=form,
        save=lambda: services.nominee_create(
            actor=member_user(request), edition=edition, **form.service_fields()
        ),
        success_message=_("The nominee is added."),
        success_url=lambda nominee: _list_url(edition),
        template="backoffice/nominee_form.html",
        context=_context(edition, nominee=None, can_change=True),
    )


@backoffice_view
def nominee_edit(request: HttpRequest, award: str, year: int, pk: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    nominee = _nominee_or_404(request, edition, pk)
    allowed = can_change(request, edition.award.organisation)
    if request.method == "POST":
        require_change(request, edition.award.organisation)
    form = NomineeForm(request.POST or None, request.FILES or None, nominee=nominee)
    return form_round(
        request,
        form=form,
        save=lambda: services.nominee_update(
            actor=member_user(request), nominee=nominee, **form.service_fields()
        ),
        success_message=_("The nominee is saved."),
        success_url=lambda result: _list_url(edition),
        template="backoffice/nominee_form.html",
        context=_context(edition, nominee=nominee, can_change=allowed),
    )


@backoffice_view
def nominee_withdraw(request: HttpRequest, award: str, year: int, pk: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    nominee = _nominee_or_404(request, edition, pk)
    require_change(request, edition.award.organisation)
    form = WithdrawForm(request.POST or None)
    return form_round(
        request,
        form=form,
        save=lambda: services.nominee_withdraw(
            actor=member_user(request), nominee=nominee, reason=form.cleaned_data["reason"]
        ),
        success_message=_("The nominee is withdrawn."),
        success_url=lambda result: _list_url(edition),
        template="backoffice/nominee_withdraw.html",
        context=_context(edition, nominee=nominee, can_change=True),
    )
