"""The vote's start page, the open mode's form, and the public receipt check.

The open mode's rules (rate limits, honeypot, one vote per browser cookie, the proof-of-work
claim) live in ``kaaring.voting.modes.open``; this view reads the request into an
``OpenBallotRequest`` (the cookie, the client's address, the form and its ALTCHA solution,
verified only when the service asks), calls ``open_ballot_cast`` and renders the answer.
"""

import base64
import binascii
import json
import math
import re
import secrets
from typing import Any

from altcha_django import AltchaField, AltchaMixin, ErrorCode, VerificationResult
from altcha_django.widgets import AltchaWidget
from django import forms
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kaaring.public.client_ip import client_ip, subnet_of
from kaaring.public.rules import voting_state
from kaaring.public.views import ballotlog
from kaaring.public.views.vote_common import (
    VoteTarget,
    confirm,
    loaded_stamp,
    refuse,
    refuse_error,
    seconds_to_vote,
    submission_key_from,
    submission_key_new,
    user_agent_family_of,
    vote_target_or_404,
    vote_target_recent,
)
from kaaring.ratelimits.services import ratelimit_hit
from kaaring.voting import selectors
from kaaring.voting.errors import VotingError
from kaaring.voting.modes import mode_of
from kaaring.voting.modes import open as open_mode

BROWSER_COOKIE = "kaaring_browser"
BROWSER_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
BROWSER_ID = re.compile(r"^[A-Za-z0-9_-]{32,64}$")
HONEYPOT = "website"


class NamelessAltchaWidget(AltchaWidget):
    """The widget's element without a ``name`` attribute, which HTML does not allow on a custom
    element; the widget names its hidden input "altcha", the field's name, by default."""

    template_name = "public/vote/altcha_widget.html"


class OpenVoteForm(AltchaMixin, forms.Form):
    submission = forms.CharField(widget=forms.HiddenInput, max_length=64)
    # A field people never see; scripts that fill every field fill it too.
    website = forms.CharField(required=False, max_length=200)
    altcha = AltchaField(
        widget=NamelessAltchaWidget,
        # The claim is made by the view, bound to the submission (see the module docstring).
        replay_protection=False,
        return_result=True,
        configuration={"hideFooter": True, "hideLogo": True},
        error_messages={
            ErrorCode.REQUIRED.value: gettext_lazy(
                "Tick “I am not a robot” and wait until it says the check is done."
            ),
            ErrorCode.EXPIRED.value: gettext_lazy(
                "The check took too long and has expired. Tick the box again."
            ),
            **{
                code.value: gettext_lazy("The check did not succeed. Tick the box again.")
                for code in (
                    ErrorCode.MALFORMED,
                    ErrorCode.INVALID_SIGNATURE,
                    ErrorCode.INVALID_SOLUTION,
                    ErrorCode.REPLAYED,
                    ErrorCode.UNVERIFIED,
                )
            },
        },
    )


def altcha_config() -> dict[str, Any]:
    """The widget's worker address and its labels in the page's language."""
    return {
        "workerUrl": static("public/vote/altcha-worker-pbkdf2.js"),
        "language": get_language(),
        "strings": {
            "label": _("I am not a robot"),
            "verify": _("Check"),
            "verifying": _("Checking …"),
            "waitAlert": _("Checking … please wait."),
            "verified": _("Check done"),
            "verificationRequired": _("The check is needed before you vote."),
            "error": _("The check failed. Try again later."),
            "expired": _("The check has expired. Tick the box again."),
            "loading": _("Loading …"),
            "reload": _("Start again"),
            "cancel": _("Cancel"),
            "footer": "",
            "ariaLinkLabel": "ALTCHA",
            "enterCode": _("Enter the code"),
            "enterCodeAria": _("Enter the code you hear. Press Space to play the sound."),
            "enterCodeFromImage": _("To go on, enter the code from the picture below."),
            "getAudioChallenge": _("Get the code as sound"),
        },
    }


def _browser_id(request: HttpRequest) -> str | None:
    value = request.COOKIES.get(BROWSER_COOKIE, "")
    return value if BROWSER_ID.match(value) else None


def _remember_browser(response: HttpResponse, browser: str) -> HttpResponse:
    response.set_cookie(
        BROWSER_COOKIE,
        browser,
        max_age=BROWSER_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,  # not DEBUG; the same as the receipt cookie
        httponly=True,
        samesite="Lax",
    )
    return response


def _start_page(
    request: HttpRequest,
    target: VoteTarget,
    *,
    form: OpenVoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    edition, nominee = target.edition, target.nominee
    state = voting_state(edition, nominee, timezone.now())
    mode = mode_of(edition.voting_mode)
    if state.state == "none" or mode is None:
        raise Http404
    # Told before solving the check, not after: this browser's ballot is already counted.
    already_voted = state.state == "open" and open_mode.browser_has_voted(
        edition=edition, browser=_browser_id(request)
    )
    submission = submission_key_new()
    if form is None and edition.voting_mode == "open" and not already_voted:
        form = OpenVoteForm(initial={"submission": submission}, request=request)
    return render(
        request,
        "public/vote/start.html",
        {
            "award": edition.award,
            "edition": edition,
            "nominee": nominee,
            "voting": state,
            "already_voted": already_voted,
            "verify_template": mode.start_template,
            "submission": submission,
            "loaded": loaded_stamp(binding=submission),
            "form": form,
            "altcha_config": altcha_config(),
        },
        status=status,
    )


def _too_many(request: HttpRequest, target: VoteTarget, retry_after: int) -> HttpResponse:
    minutes = max(1, math.ceil(retry_after / 60))
    response = refuse(
        request,
        target=target,
        status=429,
        message=_(
            "There have been too many voting attempts from your browser or your network. "
            "Wait %(minutes)s minutes and try again."
        )
        % {"minutes": minutes},
    )
    response["Retry-After"] = str(retry_after)
    return response


def _solve_time_ms(payload: str) -> int | None:
    """The solve time the widget reports in its payload (v2 ``solution.time``, v1 ``took``)."""
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (binascii.Error, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    solution = data.get("solution")
    value = solution.get("time") if isinstance(solution, dict) else data.get("took")
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 2**31:
        return round(value)
    return None


def _proof_of(form: OpenVoteForm, payload: str) -> open_mode.ProofOfWork | None:
    """The verified solution of a valid form, or None (the form then carries the error)."""
    if not form.is_valid():
        return None
    result: VerificationResult = form.cleaned_data["altcha"]
    if not result.replay_id:
        form.add_error("altcha", _("The check did not succeed. Tick the box again."))
        return None
    return open_mode.ProofOfWork(
        challenge_id=result.replay_id,
        expires_at=result.expires_at,
        solve_ms=_solve_time_ms(payload),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def start(request: HttpRequest, award: str, year: int, nominee: str) -> HttpResponse:
    # The vote itself is the hot path: what it votes on may come from this process's memory
    # (the ballot's INSERT checks again). The page is rendered from a fresh lookup.
    lookup = vote_target_recent if request.method == "POST" else vote_target_or_404
    target = lookup(award, year, nominee)
    browser = _browser_id(request)
    if request.method == "POST":
        if target.edition.voting_mode != "open":
            raise Http404  # the other modes post to their own addresses
        response = _open_vote(request, target, browser)
    else:
        response = _start_page(request, target)
    if browser is None and target.edition.voting_mode == "open":
        _remember_browser(response, secrets.token_urlsafe(24))
    return response


def _open_vote(request: HttpRequest, target: VoteTarget, browser: str | None) -> HttpResponse:
    ip = client_ip(request)
    submission = submission_key_from(request)
    form = OpenVoteForm(request.POST, request=request)
    payload = request.POST.get("altcha", "")
    parsed = open_mode.OpenBallotRequest(
        edition=target.edition,
        nominee_id=target.nominee.pk,
        browser=browser,
        ip=ip,
        subnet=subnet_of(ip),
        submission_key=submission,
        honeypot_filled=bool(request.POST.get(HONEYPOT)),
        verify=lambda: _proof_of(form, payload),
        user_agent_family=user_agent_family_of(request),
        seconds_to_vote=seconds_to_vote(request.POST.get("loaded", ""), binding=submission or ""),
    )
    try:
        result = open_mode.open_ballot_cast(parsed)
    except open_mode.TooManyAttempts as limited:
        return _too_many(request, target, limited.retry_after)
    except open_mode.HoneypotFilled:
        return refuse(
            request,
            target=target,
            status=400,
            message=_("The form was incomplete. Go back to the vote page and try again."),
        )
    except open_mode.BrowserUnknown:
        # The response sets the cookie, so trying again works.
        return refuse(
            request,
            target=target,
            status=400,
            message=_(
                "Your browser did not send the cookie that keeps to one vote per browser. "
                "Allow cookies for this site, go back and vote again."
            ),
        )
    except open_mode.ProofOfWorkMissing:
        return _start_page(request, target, form=form, status=400)
    except VotingError as error:
        return refuse_error(request, target=target, error=error)
    return confirm(request, target=target, result=result)


def altcha_challenge_allowed(request: HttpRequest) -> bool:
    """For ``ALTCHA_CHALLENGE_ENDPOINT_RATELIMIT``: challenges are cheap to issue but each one
    is a try at voting, so the endpoint shares the vote's per-IP budget idea."""
    ip = client_ip(request)
    return not ip or ratelimit_hit(purpose="altcha_challenge_per_ip", identifier=ip).allowed


@require_safe
def check(request: HttpRequest) -> HttpResponse:
    """Is the ballot with this receipt recorded? Never says whom it was for."""
    code = request.GET.get("receipt", "").strip()[:40]
    context: dict[str, Any] = {"code": code, "searched": bool(code)}
    status = 200
    if code:
        verdict = ratelimit_hit(purpose="receipt_check_per_ip", identifier=client_ip(request))
        if not verdict.allowed:
            context["too_many"] = True
            response = render(request, "public/vote/check.html", context, status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        context["valid"] = selectors.receipt_normalised(code) is not None
        context["recorded_at"] = selectors.receipt_recorded_at(receipt=code)
        if context["recorded_at"] is not None:
            # Whether the ballot is in its edition's public log, with the proof.
            context.update(ballotlog.inclusion_context(code))
        status = 200 if context["valid"] else 400
    return render(request, "public/vote/check.html", context, status=status)
