"""Screening nominations in the back office: the call, the list, one nomination, attachments.

Everything is found through the member's own organisations (``edition_or_404`` and the
``*_for_member`` selectors), so another organisation's nomination or attachment is a 404.
Decisions go through ``kaaring.nominations.screening``, which audit-logs them.
"""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kaaring.awards.models import Edition
from kaaring.backoffice.access import backoffice_view, can_change, member_user, require_change
from kaaring.backoffice.forms import BackofficeForm
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.backoffice.views_nomination_call import CallForm
from kaaring.municipal_stats.models import Municipality
from kaaring.municipal_stats.selectors import key_figures
from kaaring.nominations import errors, screening, services
from kaaring.nominations.checks import CONTENT_TYPES
from kaaring.nominations.models import Attachment, Nomination, Status
from kaaring.nominations.selectors import (
    SORTS,
    attachment_for_member,
    call_for_member,
    nomination_for_member,
    nominations_for_call,
    status_counts,
)


class DeclineForm(BackofficeForm):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea)
    notify = forms.BooleanField(label=gettext_lazy("Tell the nominator by e-mail"), required=False)


class WithdrawForm(BackofficeForm):
    reason = forms.CharField(
        label=gettext_lazy("Why is it withdrawn?"),
        widget=forms.Textarea,
        help_text=gettext_lazy("For example: the nominator asked us by e-mail on 3 March."),
    )


class AcceptForm(BackofficeForm):
    notify = forms.BooleanField(label=gettext_lazy("Tell the nominator by e-mail"), required=False)


def _list_url(edition: Edition) -> str:
    return reverse(
        "backoffice:nominations", kwargs={"award": edition.award.slug, "year": edition.year}
    )


def _detail_url(nomination: Nomination) -> str:
    edition = nomination.call.edition
    return reverse(
        "backoffice:nomination",
        kwargs={"award": edition.award.slug, "year": edition.year, "pk": nomination.pk},
    )


def _context(edition: Edition, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": edition.award.organisation,
        "award": edition.award,
        "edition": edition,
        **extra,
    }


def _figures_by_number(numbers: set[str]) -> dict[str, list[Any]]:
    """Key statistics beside each municipality (empty where none are imported yet)."""
    found = {m.number: m for m in Municipality.objects.filter(number__in=numbers)}
    return {number: key_figures(m) for number, m in found.items()}


@backoffice_view
def nomination_list(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    call = call_for_member(user=member_user(request), edition=edition)
    allowed = can_change(request, edition.award.organisation)
    if call is None:
        form = CallForm(request.POST or None)
        if request.method == "POST":
            require_change(request, edition.award.organisation)
            if form.is_valid():
                services.call_create(
                    actor=member_user(request), edition=edition, **form.cleaned_data
                )
                messages.success(request, _("The call for nominations is set up."))
                return redirect(_list_url(edition))
        return render(
            request,
            "backoffice/nominations/call_form.html",
            _context(edition, form=form, can_change=allowed),
            status=400 if form.errors else 200,
        )
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    sort = request.GET.get("sort", "newest")
    sort = sort if sort in SORTS else "newest"
    groups = nominations_for_call(call=call, status=status, sort=sort)
    numbers = {g.nomination.municipality_number for g in groups} - {""}
    figures = _figures_by_number(numbers) if numbers else {}
    rows = [(g, figures.get(g.nomination.municipality_number)) for g in groups]
    statuses = [s for s in Status if s != Status.DRAFT]
    counts = status_counts(call=call)
    return render(
        request,
        "backoffice/nominations/list.html",
        _context(
            edition,
            call=call,
            rows=rows,
            status_rows=[(s, counts.get(s.value, 0)) for s in statuses],
            statuses=statuses,
            status=status,
            sort=sort,
            sorts=[
                ("newest", _("newest first")),
                ("oldest", _("oldest first")),
                ("name", _("by name")),
                ("status", _("by status")),
            ],
            can_change=allowed,
        ),
    )


def _nomination_or_404(request: HttpRequest, edition: Edition, pk: int) -> Nomination:
    nomination = nomination_for_member(user=member_user(request), edition=edition, pk=pk)
    if nomination is None:
        raise Http404
    return nomination


@backoffice_view
def nomination_detail(request: HttpRequest, award: str, year: int, pk: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    nomination = _nomination_or_404(request, edition, pk)
    call = nomination.call
    duplicates = [
        g.nomination
        for g in nominations_for_call(call=call)
        if g.nomination.pk != nomination.pk
        and g.nomination.duplicate_key == nomination.duplicate_key
    ]
    figures = (
        _figures_by_number({nomination.municipality_number}).get(nomination.municipality_number)
        if nomination.municipality_number
        else None
    )
    questions = list(call.questions.all())
    return render(
        request,
        "backoffice/nominations/detail.html",
        _context(
            edition,
            call=call,
            nomination=nomination,
            answers=[(q, nomination.answers.get(str(q.pk), "")) for q in questions],
            merged=[
                (m, [(q, m.answers.get(str(q.pk), "")) for q in questions])
                for m in nomination.merged.all()
            ],
            duplicates=duplicates,
            figures=figures,
            decidable=nomination.status in (Status.RECEIVED, Status.UNDER_REVIEW)
            and nomination.merged_into_id is None,
            accept_form=AcceptForm(),
            decline_form=DeclineForm(),
            withdraw_form=WithdrawForm(),
            can_change=can_change(request, edition.award.organisation),
        ),
    )


@require_POST
@backoffice_view
def nomination_decide(request: HttpRequest, award: str, year: int, pk: int) -> HttpResponse:
    """One decision: review, accept, decline, withdraw, or merge a duplicate into this one."""
    edition = edition_or_404(request, award, year)
    nomination = _nomination_or_404(request, edition, pk)
    require_change(request, edition.award.organisation)
    actor = member_user(request)
    action = request.POST.get("action", "")
    notify = request.POST.get("notify") == "on"
    try:
        if action == "review":
            screening.nomination_review_start(actor=actor, nomination=nomination)
            messages.success(request, _("The nomination is under review."))
        elif action == "accept":
            nominee = screening.nomination_accept(actor=actor, nomination=nomination, notify=notify)
            messages.success(
                request,
                _("%(name)s is a nominee. Edit the profile before it is published.")
                % {"name": nominee.name},
            )
            return redirect("backoffice:nominee", award=award, year=year, pk=nominee.pk)
        elif action == "decline":
            screening.nomination_decline(
                actor=actor,
                nomination=nomination,
                reason=request.POST.get("reason", ""),
                notify=notify,
            )
            messages.success(request, _("The nomination is declined."))
        elif action == "withdraw":
            screening.nomination_withdraw(
                actor=actor, nomination=nomination, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The nomination is withdrawn."))
        elif action == "merge":
            other = request.POST.get("duplicate", "")
            duplicate = (
                _nomination_or_404(request, edition, int(other)) if other.isdigit() else None
            )
            if duplicate is None:
                raise errors.MergeRefused()
            screening.nomination_merge(actor=actor, primary=nomination, duplicate=duplicate)
            messages.success(request, _("The nominations are merged."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except errors.NominationError as error:
        messages.error(request, str(error))
    return redirect(_detail_url(nomination))


@backoffice_view
def attachment_download(request: HttpRequest, award: str, year: int, pk: int) -> HttpResponse:
    """An attachment, to organisers of the award only; always as a download, never inline."""
    edition = edition_or_404(request, award, year)
    attachment = attachment_for_member(user=member_user(request), edition=edition, pk=pk)
    if attachment is None:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES[Attachment.Kind(attachment.kind)],
    )
    response["Cache-Control"] = "private, no-store"
    # A streaming response; the back office's view type names the common case.
    return cast(HttpResponse, response)
