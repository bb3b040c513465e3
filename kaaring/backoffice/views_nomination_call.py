"""The call's settings and its questions in the back office (screening is in
``views_nominations``).

The window (open and close) is the edition's own, edited on the edition; here organisers change
who may nominate, the attachment limits, the retention period, and the questions beyond the
criteria's. Found through the member's organisations, so another organisation's call is a 404;
a viewer reads the forms disabled and a change from one is a 403. The services audit-log.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaaring.awards.models import Edition
from kaaring.backoffice.access import backoffice_view, can_change, member_user, require_change
from kaaring.backoffice.forms import BackofficeForm
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.nominations import services
from kaaring.nominations.models import Call, Question
from kaaring.nominations.selectors import call_for_member


class CallForm(BackofficeForm):
    who = forms.ChoiceField(label=gettext_lazy("Who may nominate"), choices=Call.Who.choices)
    max_attachments = forms.IntegerField(
        label=gettext_lazy("Attachments per nomination (0: none)"), min_value=0, max_value=10,
        initial=0,
    )  # fmt: skip
    max_attachment_mb = forms.IntegerField(
        label=gettext_lazy("Largest attachment (MB)"), min_value=1, max_value=100, initial=10
    )
    retention_days = forms.IntegerField(
        label=gettext_lazy(
            "Days after the deadline to keep personal data of nominations not accepted"
        ),
        min_value=1, max_value=3650, initial=90,
    )  # fmt: skip


class QuestionForm(BackofficeForm):
    text = forms.CharField(label=gettext_lazy("Question (bokmål)"), max_length=300)
    text_nn = forms.CharField(
        label=gettext_lazy("Question (nynorsk)"), max_length=300, required=False
    )
    text_en = forms.CharField(
        label=gettext_lazy("Question (English)"), max_length=300, required=False
    )
    help = forms.CharField(
        label=gettext_lazy("Help text (bokmål)"), widget=forms.Textarea, required=False
    )
    help_nn = forms.CharField(
        label=gettext_lazy("Help text (nynorsk)"), widget=forms.Textarea, required=False
    )
    help_en = forms.CharField(
        label=gettext_lazy("Help text (English)"), widget=forms.Textarea, required=False
    )
    required = forms.BooleanField(label=gettext_lazy("An answer is required"), required=False)
    max_length = forms.IntegerField(
        label=gettext_lazy("Longest answer (characters)"), min_value=100, max_value=20000,
        initial=3000,
    )  # fmt: skip
    position = forms.IntegerField(
        label=gettext_lazy("Position (lower comes first)"), min_value=0, max_value=999, initial=50
    )


def _context(edition: Edition, request: HttpRequest, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": edition.award.organisation,
        "award": edition.award,
        "edition": edition,
        "can_change": can_change(request, edition.award.organisation),
        **extra,
    }


def _call_or_404(request: HttpRequest, award: str, year: int) -> tuple[Edition, Call]:
    edition = edition_or_404(request, award, year)
    call = call_for_member(user=member_user(request), edition=edition)
    if call is None:
        raise Http404
    return edition, call


def _settings_url(edition: Edition) -> str:
    return reverse(
        "backoffice:nomination_call", kwargs={"award": edition.award.slug, "year": edition.year}
    )


def _errors_onto(form: forms.Form, error: ValidationError) -> None:
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


@backoffice_view
def call_edit(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition, call = _call_or_404(request, award, year)
    initial = {name: getattr(call, name) for name in services.CALL_FIELDS}
    form = CallForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require_change(request, edition.award.organisation)
        if form.is_valid():
            try:
                services.call_update(actor=member_user(request), call=call, **form.cleaned_data)
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                messages.success(request, _("The call for nominations is saved."))
                return redirect(_settings_url(edition))
    return render(
        request,
        "backoffice/nominations/call_edit.html",
        _context(edition, request, call=call, form=form, questions=list(call.questions.all())),
        status=400 if form.errors else 200,
    )


@backoffice_view
def question_edit(
    request: HttpRequest, award: str, year: int, pk: int | None = None
) -> HttpResponse:
    """Add a question (``pk`` is None) or change one."""
    edition, call = _call_or_404(request, award, year)
    question: Question | None = None
    if pk is not None:
        question = call.questions.filter(pk=pk).first()
        if question is None:
            raise Http404
    initial = (
        {name: getattr(question, name) for name in services.QUESTION_FIELDS}
        if question
        else {"required": True}
    )
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST":
        require_change(request, edition.award.organisation)
        if form.is_valid():
            actor = member_user(request)
            try:
                if question is None:
                    services.question_create(actor=actor, call=call, **form.cleaned_data)
                else:
                    services.question_update(actor=actor, question=question, **form.cleaned_data)
            except ValidationError as error:
                _errors_onto(form, error)
            else:
                messages.success(request, _("The question is saved."))
                return redirect(_settings_url(edition))
    return render(
        request,
        "backoffice/nominations/question_form.html",
        _context(edition, request, call=call, form=form, question=question),
        status=400 if form.errors else 200,
    )
