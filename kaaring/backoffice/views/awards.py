from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaaring.awards import services
from kaaring.awards.models import Award, Criterion
from kaaring.awards.selectors import award_for_member, criterion_for_member
from kaaring.backoffice.access import (
    backoffice_view,
    can_change,
    member_user,
    organisation_or_404,
    require_change,
)
from kaaring.backoffice.forms import AwardForm, CriterionForm
from kaaring.backoffice.views.common import form_round


def _award_or_404(request: HttpRequest, slug: str) -> Award:
    award = award_for_member(user=member_user(request), slug=slug)
    if award is None:
        raise Http404
    return award


def _award_url(award: Award) -> str:
    return reverse("backoffice:award", kwargs={"award": award.slug})


@backoffice_view
def award_create(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    require_change(request, org)
    form = AwardForm(request.POST or None)
    return form_round(
        request,
        form=form,
        save=lambda: services.award_create(
            actor=member_user(request), organisation=org, **form.cleaned_data
        ),
        success_message=_("The award is created."),
        success_url=_award_url,
        template="backoffice/award_form.html",
        context={"organisation": org, "award": None, "can_change": True},
    )


@backoffice_view
def award_edit(request: HttpRequest, award: str) -> HttpResponse:
    obj = _award_or_404(request, award)
    allowed = can_change(request, obj.organisation)
    if request.method == "POST":
        require_change(request, obj.organisation)
    initial = {name: getattr(obj, name) for name in services.AWARD_FIELDS}
    form = AwardForm(request.POST or None, initial=initial)
    now = timezone.now()
    return form_round(
        request,
        form=form,
        save=lambda: services.award_update(
            actor=member_user(request), award=obj, **form.cleaned_data
        ),
        success_message=_("The award is saved."),
        success_url=_award_url,
        template="backoffice/award_form.html",
        context={
            "organisation": obj.organisation,
            "award": obj,
            "can_change": allowed,
            "criteria": list(obj.criteria.all()),
            "editions": [(e, e.phase_at(now)) for e in obj.editions.order_by("-year")],
        },
    )


@backoffice_view
def criterion_create(request: HttpRequest, award: str) -> HttpResponse:
    obj = _award_or_404(request, award)
    require_change(request, obj.organisation)
    form = CriterionForm(request.POST or None, initial={"position": obj.criteria.count() + 1})
    return form_round(
        request,
        form=form,
        save=lambda: services.criterion_create(
            actor=member_user(request), award=obj, **form.cleaned_data
        ),
        success_message=_("The criterion is added."),
        success_url=lambda criterion: _award_url(obj),
        template="backoffice/criterion_form.html",
        context={
            "organisation": obj.organisation,
            "award": obj,
            "criterion": None,
            "can_change": True,
        },
    )


@backoffice_view
def criterion_edit(request: HttpRequest, award: str, pk: int) -> HttpResponse:
    criterion: Criterion | None = criterion_for_member(
        user=member_user(request), award_slug=award, pk=pk
    )
    if criterion is None:
        raise Http404
    obj = criterion.award
    allowed = can_change(request, obj.organisation)
    if request.method == "POST":
        require_change(request, obj.organisation)
    initial = {name: getattr(criterion, name) for name in CriterionForm.base_fields}
    form = CriterionForm(request.POST or None, initial=initial)
    return form_round(
        request,
        form=form,
        save=lambda: services.criterion_update(
            actor=member_user(request), criterion=criterion, **form.cleaned_data
        ),
        success_message=_("The criterion is saved."),
        success_url=lambda result: _award_url(obj),
        template="backoffice/criterion_form.html",
        context={
            "organisation": obj.organisation,
            "award": obj,
            "criterion": criterion,
            "can_change": allowed,
        },
    )
