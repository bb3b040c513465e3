"""The vote's start page, the open mode, and the public receipt check.

Open mode ("one vote per browser, within limits"): the browser's identity is a random id in a
first-party cookie; what keeps a script from voting again and again with fresh cookies is the
proof of work (ALTCHA, verified here, nothing sent to anyone), rate limits per browser, per IP
and per /24 or /48 subnet, and a honeypot field. A solved challenge counts for one ballot: its
claim is inserted by the same statement as the ballot (``kaaring.voting.services.ballot_cast``),
so a retry or double click of that same form (which resends the same solution) still gets its
receipt back, while a use of the solution for any other ballot is refused and stores nothing.
"""

import base64
import binascii
import datetime as dt
import hashlib
import json
import math
import re
import secrets
import time
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

from kaaring.awards.models import Edition
from kaaring.public.client_ip import client_ip, subnet_of
from kaaring.public.rules import voting_state
from kaaring.public.views import ballotlog
from kaaring.public.views.vote_common import (
    VoteTarget,
    cast_and_confirm,
    loaded_stamp,
    refuse,
    seconds_to_vote,
    submission_key_from,
    submission_key_new,
    user_agent_family_of,
    vote_target_or_404,
    vote_target_recent,
)
from kaaring.ratelimits.services import ratelimit_hit, ratelimit_hits
from kaaring.voting import selectors
from kaaring.voting.review_signals import honeypot_hit_record
from kaaring.voting.services import voter_key

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
    if state.state == "none":
        raise Http404
    # Told before solving the check, not after: this browser's ballot is already counted.
    already_voted = state.state == "open" and _browser_has_voted(request, edition)
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
            "submission": submission,
            "loaded": loaded_stamp(binding=submission),
            "form": form,
            "altcha_config": altcha_config(),
        },
        status=status,
    )


def _browser_has_voted(request: HttpRequest, edition: Edition) -> bool:
    browser = _browser_id(request) if edition.voting_mode == "open" else None
    if browser is None:
        return False
    key = voter_key(edition_id=edition.pk, kind="open", identity=browser)
    return selectors.ballot_exists(edition_id=edition.pk, voter_key=key)


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


def _rate_limited(browser: str | None, ip: str, subnet: str) -> int:
    """Count this attempt; seconds to wait if any limit is exceeded, else 0."""
    hits = [("vote_open_per_ip", ip), ("vote_open_per_subnet", subnet)]
    if browser:
        hits.append(("vote_open_per_browser", browser))
    verdicts = ratelimit_hits([(purpose, key) for purpose, key in hits if key])
    return max((v.retry_after for v in verdicts if not v.allowed), default=0)


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


def _claim_of(result: VerificationResult) -> tuple[str, dt.datetime] | None:
    """The claim key of a verified solution (a hash of its challenge) and until when it must
    be kept: while the challenge could still be verified, plus a margin for clock skew."""
    if not result.replay_id:
        return None
    key = hashlib.sha256(result.replay_id.encode()).hexdigest()
    expires = result.expires_at or int(time.time()) + 3600
    return key, dt.datetime.fromtimestamp(expires + 120, tz=dt.UTC)


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
    subnet = subnet_of(ip)
    retry_after = _rate_limited(browser, ip, subnet)
    if retry_after:
        return _too_many(request, target, retry_after)
    if request.POST.get(HONEYPOT):
        honeypot_hit_record(
            edition_id=target.edition.pk,
            subnet_key=_subnet_key(target, subnet),
            user_agent_family=user_agent_family_of(request),
        )
        return refuse(
            request,
            target=target,
            status=400,
            message=_("The form was incomplete. Go back to the vote page and try again."),
        )
    if browser is None:
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
    submission = submission_key_from(request)
    form = OpenVoteForm(request.POST, request=request)
    if submission is None or not form.is_valid():
        return _start_page(request, target, form=form, status=400)
    result: VerificationResult = form.cleaned_data["altcha"]
    claim = _claim_of(result)
    if claim is None:
        form.add_error("altcha", _("The check did not succeed. Tick the box again."))
        return _start_page(request, target, form=form, status=400)
    key = voter_key(edition_id=target.edition.pk, kind="open", identity=browser)
    return cast_and_confirm(
        request,
        target=target,
        mode="open",
        voter_key=key,
        submission_key=submission,
        subnet_key=_subnet_key(target, subnet),
        proof_of_work_ms=_solve_time_ms(request.POST.get("altcha", "")),
        seconds_to_vote=seconds_to_vote(request.POST.get("loaded", ""), binding=submission),
        proof_of_work_claim=claim[0],
        claim_expires_at=claim[1],
    )


def _subnet_key(target: VoteTarget, subnet: str) -> str | None:
    if not subnet:
        return None
    return voter_key(edition_id=target.edition.pk, kind="subnet", identity=subnet)


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
