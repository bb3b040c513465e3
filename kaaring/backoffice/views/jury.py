"""The jury room: a juror's editions, the finalists' dossiers, conflicts, scores and the verdict.

A juror need not be a member of the organisation (a jury often has outside experts), so the
room does not use ``backoffice_view``; it asks the same things of the account — logged in, with
two-factor — and then finds everything through the juror's own seat: another edition's room is
a 404, exactly as another organisation's data is in the rest of the back office.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaaring.awards import selectors as award_selectors
from kaaring.awards.models import Nominee
from kaaring.backoffice.access import member_user
from kaaring.jury import errors, selectors, services
from kaaring.jury.models import Juror
from kaaring.municipal_stats import selectors as stats_selectors
from kaaring.municipal_stats.errors import AmbiguousMunicipalityNumber
from kaaring.results import gates
from kaaring.results.selectors import finalist_ids, tally_summary

View = Callable[..., HttpResponse]


def jury_view(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_mfa_enabled(member_user(request)):
            messages.warning(
                request,
                _(
                    "The jury room holds confidential dossiers, so it needs two-factor "
                    "authentication. Set up an authenticator app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def _seat_or_404(request: HttpRequest, award: str, year: int) -> Juror:
    seat = selectors.seat(user=member_user(request), award_slug=award, year=year)
    if seat is None:
        raise Http404
    return seat


def _room_url(seat: Juror) -> str:
    return reverse(
        "backoffice:jury_room", kwargs={"award": seat.edition.award.slug, "year": seat.edition.year}
    )


def _key_figures(nominee: Nominee) -> list[stats_selectors.KeyFigure]:
    if not nominee.municipality_number:
        return []
    try:
        municipality = stats_selectors.municipality_by_any_number(nominee.municipality_number)
    except AmbiguousMunicipalityNumber:
        return []
    return stats_selectors.key_figures(municipality, n=3) if municipality else []


@jury_view
def jury_index(request: HttpRequest) -> HttpResponse:
    seats = selectors.seats_for_user(user=member_user(request)).order_by("-edition__year")
    return render(request, "backoffice/jury/index.html", {"seats": seats})


@jury_view
def jury_room(request: HttpRequest, award: str, year: int) -> HttpResponse:
    seat = _seat_or_404(request, award, year)
    edition = seat.edition
    # Before the review of the vote is declared finished the finalists do not stand yet.
    review_finished = gates.review_finished(edition)
    ids = finalist_ids(edition=edition) if review_finished else ()
    summary = tally_summary(edition=edition)
    votes = {c.nominee.pk: c.valid for c in summary.counts} if summary else {}
    finalists = award_selectors.nominees_by_id(edition=edition, ids=ids)
    criteria = list(edition.award.criteria.all())
    recused = selectors.recused_nominee_ids(juror=seat)
    mine = selectors.scores_of(juror=seat)
    dossiers = [
        {
            "nominee": finalists[pk],
            "votes": votes.get(pk),
            "key_figures": _key_figures(finalists[pk]),
            "recused": pk in recused,
            "scores": [(criterion, mine.get((pk, criterion.pk))) for criterion in criteria],
        }
        for pk in ids
        if pk in finalists
    ]
    scale = getattr(edition, "jury_scale", None)
    progress = (
        selectors.progress(edition=edition, finalists=tuple(ids), criteria=len(criteria))
        if seat.is_chair
        else None
    )
    context = {
        "seat": seat,
        "edition": edition,
        "award": edition.award,
        "dossiers": dossiers,
        "scale": scale,
        "review_finished": review_finished,
        "stage": gates.stage(edition),
        "scores_missing": sum(max(p.expected - p.scored, 0) for p in progress or []),
        "verdict": selectors.verdict_of(edition=edition),
        "progress": progress,
    }
    return render(request, "backoffice/jury/room.html", context)


def _finalist_or_404(seat: Juror, nominee_id: int) -> Nominee:
    nominee = award_selectors.nominees_by_id(edition=seat.edition, ids=[nominee_id]).get(nominee_id)
    if nominee is None:
        raise Http404
    return nominee


def _refused(request: HttpRequest, seat: Juror, error: errors.JuryError) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(_room_url(seat))


@require_POST
@jury_view
def jury_conflict(request: HttpRequest, award: str, year: int, nominee: int) -> HttpResponse:
    seat = _seat_or_404(request, award, year)
    target = _finalist_or_404(seat, nominee)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Say briefly why you have a conflict of interest."))
        return redirect(_room_url(seat))
    services.conflict_declare(juror=seat, nominee=target, reason=reason)
    messages.success(
        request, _("You have recused yourself from %(nominee)s.") % {"nominee": target.name}
    )
    return redirect(_room_url(seat))


@require_POST
@jury_view
def jury_score(request: HttpRequest, award: str, year: int, nominee: int) -> HttpResponse:
    seat = _seat_or_404(request, award, year)
    target = _finalist_or_404(seat, nominee)
    criteria = list(seat.edition.award.criteria.all())
    comment = request.POST.get("comment", "")
    try:
        values = {c: int(request.POST.get(f"criterion-{c.pk}", "")) for c in criteria}
    except ValueError:
        messages.error(request, _("Give a whole number for every criterion."))
        return redirect(_room_url(seat))
    try:
        services.scores_record(juror=seat, nominee=target, values=values, comment=comment)
    except errors.JuryError as error:
        return _refused(request, seat, error)
    messages.success(
        request, _("Your scores for %(nominee)s are saved.") % {"nominee": target.name}
    )
    return redirect(_room_url(seat))


@require_POST
@jury_view
def jury_verdict(request: HttpRequest, award: str, year: int) -> HttpResponse:
    seat = _seat_or_404(request, award, year)
    try:
        winner = _finalist_or_404(seat, int(request.POST.get("winner", "0")))
    except ValueError:
        raise Http404 from None
    try:
        if request.POST.get("confirm") != "yes":
            raise errors.ConfirmRequired()
        services.verdict_record(
            juror=seat,
            winner=winner,
            rationale=request.POST.get("rationale", ""),
            override_reason=request.POST.get("override_reason", ""),
        )
    except errors.JuryError as error:
        return _refused(request, seat, error)
    messages.success(request, _("The verdict is recorded."))
    return redirect(_room_url(seat))
