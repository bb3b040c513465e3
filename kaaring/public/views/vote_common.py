"""Steps every verification mode shares: find what is voted on, cast, confirm or refuse.

A mode's view verifies the voter its own way (proof of work, e-mail link, e-ID), builds the
voter key with ``kaaring.voting.services.voter_key`` and calls ``cast_and_confirm``. The
receipt reaches the confirmation page in a signed, short-lived, HttpOnly cookie rather than in
the address, so it is not left in browser history, proxies or server logs.

Review signals: a vote form carries ``loaded``, the time the server rendered it, signed and
bound to that form (its submission key, or the e-mail link), so "seconds from page load to
vote" cannot be forged; a value that fails the check is dropped (the signal is then empty),
never trusted and never a reason to refuse the vote.
"""

import datetime as dt
import hashlib
import re
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kaaring.awards import selectors
from kaaring.awards.models import Edition, Nominee
from kaaring.voting import errors
from kaaring.voting.memory import Recent
from kaaring.voting.review_signals import user_agent_family
from kaaring.voting.services import CastResult, ballot_cast

RECEIPT_COOKIE = "kaaring_receipt"
RECEIPT_COOKIE_MAX_AGE = 60 * 60
SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
LOADED_SALT = "kaaring.vote.loaded"
# Beyond this, "seconds to vote" says nothing useful (and the stamp may have been kept aside).
LOADED_MAX_AGE = 24 * 60 * 60


@dataclass(frozen=True)
class VoteTarget:
    edition: Edition
    nominee: Nominee


def vote_target_or_404(award: str, year: int, nominee: str) -> VoteTarget:
    """The public edition and the (not withdrawn) nominee, or 404."""
    edition = selectors.edition_public_by_slug(award_slug=award, year=year)
    if edition is None:
        raise Http404
    found = selectors.nominee_public(edition=edition, slug=nominee)
    if found is None:
        raise Http404
    return VoteTarget(edition=edition, nominee=found)


# What a vote address points at, kept by each process for a moment: the ballot-committing
# request then needs no query to find it. This is only a hint: the ballot's own INSERT checks
# again, by the database, that the nominee stands in the edition and is not withdrawn, that the
# edition is announced, voted on in this mode and inside its voting window.
_targets: Recent[tuple[str, int, str], VoteTarget] = Recent(seconds=2.0)


def vote_target_recent(award: str, year: int, nominee: str) -> VoteTarget:
    """``vote_target_or_404``, answered from this process's memory if it was looked up less
    than two seconds ago."""
    return _targets.get((award, year, nominee), lambda: vote_target_or_404(award, year, nominee))


def submission_key_new() -> str:
    """A one-time token for a vote form: a retry of the same form gets the same receipt."""
    return secrets.token_urlsafe(24)


def submission_key_from(request: HttpRequest) -> str | None:
    value = request.POST.get("submission", "")
    return value if SUBMISSION_KEY.match(value) else None


def _binding(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def loaded_stamp(*, binding: str) -> str:
    """The signed "form rendered now" value for a form identified by ``binding``."""
    return signing.dumps({"b": _binding(binding), "t": time.time()}, salt=LOADED_SALT)


def seconds_to_vote(value: str, *, binding: str) -> int | None:
    """Whole seconds since the form with this stamp was rendered, or None if the stamp is
    missing, forged, for another form, from the future or too old."""
    if not value or len(value) > 200:
        return None
    try:
        data = signing.loads(value, salt=LOADED_SALT, max_age=LOADED_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("b") != _binding(binding):
        return None
    loaded = data.get("t")
    if not isinstance(loaded, float | int) or isinstance(loaded, bool):
        return None
    seconds = time.time() - loaded
    return int(seconds) if 0 <= seconds <= LOADED_MAX_AGE else None


def user_agent_family_of(request: HttpRequest) -> str | None:
    return user_agent_family(request.META.get("HTTP_USER_AGENT", ""))


# Refusals: (status, message). 409 for a state of the edition or of the voter, 404 for a
# nominee that cannot be voted for, 400 for a form that does not fit the edition.
def _refusal(error: errors.VotingError, edition: Edition) -> tuple[int, str]:
    if isinstance(error, errors.VotingNotOpen):
        return 409, _("Voting has not opened yet.")
    if isinstance(error, errors.VotingClosed):
        return 409, _("Voting has closed.")
    if isinstance(error, errors.AlreadyVoted):
        return 409, _(
            "You have already voted in this edition. Only your first vote counts, and it has "
            "not been changed."
        )
    if isinstance(error, errors.NomineeNotAvailable):
        return 404, _("This nominee cannot be voted for.")
    if isinstance(error, errors.WrongVotingMode):
        return 400, _("This edition is not voted on this way.")
    if isinstance(error, errors.ProofOfWorkReused):
        return 400, _("The check did not succeed. Tick the box again.")
    return 400, _("The form was incomplete. Go back to the vote page and try again.")


def refuse(
    request: HttpRequest,
    *,
    target: VoteTarget,
    message: str,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "public/vote/refused.html",
        {
            "award": target.edition.award,
            "edition": target.edition,
            "nominee": target.nominee,
            "message": message,
        },
        status=status,
    )


def refuse_error(
    request: HttpRequest, *, target: VoteTarget, error: errors.VotingError
) -> HttpResponse:
    status, message = _refusal(error, target.edition)
    return refuse(request, target=target, message=message, status=status)


def cast_and_confirm(
    request: HttpRequest,
    *,
    target: VoteTarget,
    mode: str,
    voter_key: str,
    submission_key: str,
    subnet_key: str | None = None,
    proof_of_work_ms: int | None = None,
    seconds_to_vote: int | None = None,
    proof_of_work_claim: str | None = None,
    claim_expires_at: dt.datetime | None = None,
) -> HttpResponse:
    """Cast the ballot and send the voter to the confirmation page, or say why not."""
    try:
        result = ballot_cast(
            edition=target.edition,
            nominee_id=target.nominee.pk,
            mode=mode,
            voter_key=voter_key,
            submission_key=submission_key,
            subnet_key=subnet_key,
            proof_of_work_ms=proof_of_work_ms,
            user_agent_family=user_agent_family_of(request),
            seconds_to_vote=seconds_to_vote,
            proof_of_work_claim=proof_of_work_claim,
            claim_expires_at=claim_expires_at,
        )
    except errors.VotingError as error:
        return refuse_error(request, target=target, error=error)
    return confirm(request, target=target, result=result)


def confirm(request: HttpRequest, *, target: VoteTarget, result: CastResult) -> HttpResponse:
    response = HttpResponseRedirect(
        reverse(
            "voting:done",
            kwargs={"award": target.edition.award.slug, "year": target.edition.year},
        )
    )
    value = signing.dumps(
        {"e": target.edition.pk, "n": target.nominee.pk, "r": result.receipt},
        salt=RECEIPT_COOKIE,
    )
    response.set_cookie(
        RECEIPT_COOKIE,
        value,
        max_age=RECEIPT_COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return response


def done(request: HttpRequest, award: str, year: int) -> HttpResponse:
    """The confirmation page: the voter's own choice and receipt, read from the signed cookie."""
    edition = selectors.edition_public_by_slug(award_slug=award, year=year)
    if edition is None:
        raise Http404
    try:
        data = signing.loads(
            request.COOKIES.get(RECEIPT_COOKIE, ""),
            salt=RECEIPT_COOKIE,
            max_age=RECEIPT_COOKIE_MAX_AGE,
        )
    except signing.BadSignature:
        data = None
    nominee = None
    if isinstance(data, dict) and data.get("e") == edition.pk and isinstance(data.get("n"), int):
        nominee = selectors.nominees_public(edition=edition).filter(pk=data["n"]).first()
    if nominee is None:
        return HttpResponseRedirect(
            reverse("public:nominees", kwargs={"award": award, "year": year})
        )
    return render(
        request,
        "public/vote/done.html",
        {
            "award": edition.award,
            "edition": edition,
            "nominee": nominee,
            "receipt": data["r"],
            "now": timezone.now(),
        },
    )
