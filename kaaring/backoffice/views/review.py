"""The review of a vote: ballots grouped by signal, proposals to invalidate, and approvals.

Organisers of the award's organisation see it (anyone else: 404); viewers read it but cannot
propose or approve. An invalidation counts only once a second organiser approves it; the
service refuses the proposer, and the page says why. Only ballot ids, times, nominees and modes
are shown, never voter keys or receipts.
"""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kaaring.awards.models import Edition
from kaaring.backoffice.access import backoffice_view, can_change, member_user, require_change
from kaaring.backoffice.views.editions import edition_or_404
from kaaring.jury import errors as jury_errors
from kaaring.jury import services as jury_services
from kaaring.results import errors, gates, review, services


def _url(edition: Edition) -> str:
    return reverse("backoffice:review", kwargs={"award": edition.award.slug, "year": edition.year})


def _ids(values: list[str]) -> list[int]:
    return [int(v) for v in values if v.isdigit()]


def _render(
    request: HttpRequest, edition: Edition, *, status: int = 200, **extra: Any
) -> HttpResponse:
    organisation = edition.award.organisation
    data = review.review(edition=edition)
    me = member_user(request).pk
    group_errors: dict[str, str] = extra.pop("group_errors", {})
    posted: dict[str, Any] = extra.pop("posted", {})
    groups = [
        {
            "group": g,
            "error": group_errors.get(g.slug, ""),
            "reason": posted.get("reason", "") if posted.get("group") == g.slug else "",
            # Nothing is ticked until the organiser ticks it; a refused form keeps their ticks.
            "checked": posted.get("ballots", set()) if posted.get("group") == g.slug else set(),
        }
        for g in data.groups
    ]
    context = {
        "organisation": organisation,
        "award": edition.award,
        "edition": edition,
        "can_change": can_change(request, organisation),
        "review": data,
        "pending": [(i, i.proposed_by_id == me) for i in data.pending],
        "can_approve_any": any(i.proposed_by_id != me for i in data.pending),
        "stage": gates.stage(edition),
        "review_finished": edition.has_public_vote and gates.review_finished(edition),
        "stage_error": "",
        "burst_min": review.BURST_MIN_BALLOTS,
        "fast_ms": review.FAST_PROOF_OF_WORK_MS,
        "domain_min": review.DOMAIN_CLUSTER_MIN_BALLOTS,
        "groups": groups,
        "errors": [(slug, e) for slug, e in group_errors.items() if e],
        "approve_error": "",
        **extra,
    }
    response = render(request, "backoffice/review.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@backoffice_view
def review_page(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = edition_or_404(request, award, year)
    if request.method != "POST":
        return _render(request, edition)
    require_change(request, edition.award.organisation)
    action = request.POST.get("action")
    if action == "approve":
        return _approve(request, edition)
    if action in ("finish", "reopen"):
        return _stage(request, edition, action)
    return _propose(request, edition)


def _stage(request: HttpRequest, edition: Edition, action: str) -> HttpResponse:
    actor = member_user(request)
    try:
        if action == "finish":
            jury_services.review_finish(actor=actor, edition=edition)
            messages.success(
                request,
                _("The review is declared finished. The finalists stand and the jury can score."),
            )
        else:
            jury_services.review_reopen(
                actor=actor, edition=edition, reason=request.POST.get("reason", "")
            )
            messages.success(
                request, _("The review is reopened. The jury room says why until it is finished.")
            )
    except jury_errors.ReasonRequired as refused:
        return _render(request, edition, status=400, stage_error=str(refused))
    except jury_errors.JuryError as refused:
        return _render(request, edition, status=409, stage_error=str(refused))
    return redirect(_url(edition))


def _propose(request: HttpRequest, edition: Edition) -> HttpResponse:
    group = request.POST.get("group", "")
    reason = request.POST.get("reason", "").strip()
    ballots = review.edition_ballots(edition=edition, ids=_ids(request.POST.getlist("ballot")))
    error = ""
    if not ballots:
        error = _("Choose at least one ballot.")
    elif not reason:
        error = str(errors.ReasonRequired.message)
    if not error:
        try:
            proposed = services.invalidations_propose(
                actor=member_user(request), ballots=ballots, reason=reason
            )
        except errors.ResultsError as refused:
            error = str(refused)
        else:
            if proposed:
                messages.success(
                    request,
                    ngettext(
                        "Proposed to invalidate %(count)d ballot. It counts once a second "
                        "organiser approves it.",
                        "Proposed to invalidate %(count)d ballots. They count once a second "
                        "organiser approves them.",
                        len(proposed),
                    )
                    % {"count": len(proposed)},
                )
            else:
                messages.info(
                    request, _("These ballots are already invalidated or waiting for approval.")
                )
            return redirect(_url(edition))
    return _render(
        request,
        edition,
        status=400,
        group_errors={group: error},
        posted={"group": group, "reason": reason, "ballots": {b.pk for b in ballots}},
    )


def _approve(request: HttpRequest, edition: Edition) -> HttpResponse:
    chosen = review.pending_invalidations_chosen(
        edition=edition, ids=_ids(request.POST.getlist("invalidation"))
    )
    if not chosen:
        return _render(
            request, edition, status=400, approve_error=_("Choose at least one proposal.")
        )
    try:
        approved, tally = services.invalidations_approve(
            actor=member_user(request), invalidations=chosen
        )
    except errors.ResultsError as refused:
        return _render(request, edition, status=409, approve_error=str(refused))
    message = ngettext(
        "%(count)d ballot is invalidated.", "%(count)d ballots are invalidated.", len(approved)
    ) % {"count": len(approved)}
    if tally is not None:
        message += " " + _("The tally is now at version %(version)d.") % {"version": tally.version}
    messages.success(request, message)
    return redirect(_url(edition))
