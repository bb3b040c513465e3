"""Public vote, mode "eid": the voter logs in with electronic ID (OpenID Connect).

The start page's form POSTs here; we remember the login (state, nonce, PKCE verifier, what is
voted for and the form's submission key) in the voter's session under its ``state`` and send
the voter to the provider. The provider sends the voter back to one fixed callback address
(registered with the provider, so without a language prefix); the callback takes the login
out of the session — each state works once — checks it with ``kaaring.voting.oidc``, turns
the identity into a voter key at once and casts the ballot. The identity itself is never
stored, logged or put in the session.

The way to the provider is a small page that navigates on by itself (meta refresh, with a
visible link as fallback) rather than a redirect of the form's POST: browsers apply the start
page's ``form-action 'self'`` to every redirect after a form submission, and would block one
to the provider. See kaaring/public/views/vote_common.py for the steps every mode shares.
"""

import logging
import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from kaaring.awards.models import VotingMode
from kaaring.public.views.vote_common import (
    VoteTarget,
    cast_and_confirm,
    refuse,
    refuse_error,
    seconds_to_vote,
    submission_key_from,
    vote_target_or_404,
    vote_target_recent,
)
from kaaring.voting import errors, oidc
from kaaring.voting.services import voter_key, voting_open_check

logger = logging.getLogger(__name__)

SESSION_KEY = "vote_eid"
# Logins a browser may have under way at once (several tabs); the oldest is forgotten first.
PENDING_MAX = 3
# A login must come back within this many seconds (ID-porten's own session is shorter).
PENDING_MAX_AGE = 30 * 60


@require_POST
@never_cache
def eid_login(request: HttpRequest, award: str, year: int, nominee: str) -> HttpResponse:
    target = vote_target_or_404(award, year, nominee)
    edition = target.edition
    if edition.voting_mode != VotingMode.EID:
        return refuse_error(request, target=target, error=errors.WrongVotingMode())
    submission = submission_key_from(request)
    if submission is None:
        return refuse(
            request,
            target=target,
            message=_("The form was incomplete. Go back to the vote page and try again."),
            status=400,
        )
    # A friendly early word only: the database's clock decides when the ballot is cast.
    try:
        voting_open_check(edition=edition, at=timezone.now())
    except errors.VotingError as error:
        return refuse_error(request, target=target, error=error)
    language = translation.get_language() or "nb"
    try:
        start = oidc.login_start(redirect_uri=_callback_uri(request), ui_locales=language)
    except oidc.EidError as error:
        return _refuse_eid(request, target=target, error=error)
    _pending_put(
        request,
        start.state,
        {
            "nonce": start.nonce,
            "verifier": start.code_verifier,
            "award": edition.award.slug,
            "year": edition.year,
            "nominee": target.nominee.slug,
            "submission": submission,
            "loaded": request.POST.get("loaded", "")[:200],
            "language": language,
            "started": int(time.time()),
        },
    )
    return render(
        request,
        "public/vote/eid_continue.html",
        {"award": edition.award, "edition": edition, "nominee": target.nominee, "url": start.url},
    )


@require_GET
@never_cache
def eid_callback(request: HttpRequest) -> HttpResponse:
    pending = _pending_pop(request, request.GET.get("state", ""))
    if pending is None:
        return _error_page(
            request,
            status=400,
            message=_(
                "This log-in has expired or has already been used. Go back to the nominee's "
                "page and start again."
            ),
        )
    with translation.override(pending["language"]):
        try:
            # A hint kept for a moment (the ballot's INSERT checks the rules again), so that
            # a busy callback does not look the edition and nominee up for every voter.
            target = vote_target_recent(pending["award"], pending["year"], pending["nominee"])
            key = _voter_key_verified(request, target=target, pending=pending)
        except BaseException:
            _session_end(request)
            raise
        if isinstance(key, HttpResponse):  # refused before any ballot
            _session_end(request)
            return key
        # The ballot and the end of the login commit together: one commit (one flush of the
        # database's log) per vote instead of two, and never one without the other.
        with transaction.atomic():
            response = cast_and_confirm(
                request,
                target=target,
                mode="eid",
                voter_key=key,
                submission_key=pending["submission"],
                seconds_to_vote=seconds_to_vote(
                    pending.get("loaded", ""), binding=pending["submission"]
                ),
            )
            _session_end(request)
        return response


def _voter_key_verified(
    request: HttpRequest, *, target: VoteTarget, pending: dict[str, Any]
) -> str | HttpResponse:
    """The voter key of the identity the provider vouches for, or the page that says why
    there is none."""
    reported = request.GET.get("error")
    code = request.GET.get("code", "")
    if reported or not code:
        logger.info("e-ID login ended with error %r", (reported or "no code")[:40])
        failure: oidc.EidError = (
            oidc.LoginCancelled() if reported == "access_denied" else oidc.LoginFailed()
        )
        return _refuse_eid(request, target=target, error=failure)
    try:
        login = oidc.login_finish(
            code=code,
            code_verifier=pending["verifier"],
            nonce=pending["nonce"],
            redirect_uri=_callback_uri(request),
        )
    except oidc.EidError as error:
        return _refuse_eid(request, target=target, error=error)
    return voter_key(edition_id=target.edition.pk, kind="eid", identity=login.identity)


def _callback_uri(request: HttpRequest) -> str:
    # One address whatever the voter's language: the provider only accepts registered ones.
    with translation.override(settings.LANGUAGE_CODE):
        return request.build_absolute_uri(reverse("voting:eid_callback"))


def _refuse_eid(request: HttpRequest, *, target: VoteTarget, error: oidc.EidError) -> HttpResponse:
    status, message = _eid_refusal(error)
    return refuse(request, target=target, message=message, status=status)


def _eid_refusal(error: oidc.EidError) -> tuple[int, str]:
    if isinstance(error, oidc.EidNotConfigured):
        return 503, _("Voting with electronic ID is not available at the moment.")
    if isinstance(error, oidc.ProviderUnavailable):
        return 503, _(
            "We could not reach the electronic ID service. Please try again in a few minutes."
        )
    if isinstance(error, oidc.LoginCancelled):
        return 403, _("The log-in with electronic ID was cancelled.")
    if isinstance(error, oidc.AssuranceTooLow):
        return 403, _(
            "Voting needs a log-in with a higher security level than the one you used. "
            "Log in again with an electronic ID at a higher level, such as BankID."
        )
    if isinstance(error, oidc.IdentityMissing):
        return 403, _("The electronic ID service did not tell us who you are.")
    if isinstance(error, oidc.TokenInvalid):
        return 403, _("We could not verify your log-in with electronic ID. Please try again.")
    return 400, _("The electronic ID service could not log you in. Please try again.")


def _error_page(request: HttpRequest, *, status: int, message: str) -> HttpResponse:
    return render(request, "public/vote/eid_error.html", {"message": message}, status=status)


# The session holds logins under way: {state: {...}}. No identity ever goes in.
def _pending_put(request: HttpRequest, state: str, data: dict[str, Any]) -> None:
    pending = _pending_fresh(request)
    pending[state] = data
    while len(pending) > PENDING_MAX:
        oldest = min(pending, key=lambda s: pending[s]["started"])
        del pending[oldest]
    request.session[SESSION_KEY] = pending


def _pending_pop(request: HttpRequest, state: str) -> dict[str, Any] | None:
    pending = _pending_fresh(request)
    found = pending.pop(state, None) if state else None
    if pending:
        request.session[SESSION_KEY] = pending
    elif SESSION_KEY in request.session:
        del request.session[SESSION_KEY]
    return found


def _pending_fresh(request: HttpRequest) -> dict[str, Any]:
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict):
        return {}
    oldest = time.time() - PENDING_MAX_AGE
    return {
        state: data
        for state, data in stored.items()
        if isinstance(data, dict) and data.get("started", 0) >= oldest
    }


def _session_end(request: HttpRequest) -> None:
    """After a callback: drop a session that held nothing but the login, else give it a new
    key (a logged-in organiser who votes stays logged in)."""
    if not request.session.keys():
        request.session.flush()
    else:
        request.session.cycle_key()
