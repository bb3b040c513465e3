"""The e-mail mode of the public vote (the flow is told in ``kaaring/voting/email_votes.py``).

``voting:email_request`` takes the address from the start page and answers "check your
e-mail"; ``voting:email_confirm`` is the link in the mail: GET shows a button (mail scanners
open links on their own), and only the POST counts the ballot.
"""

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kaaring.awards.models import VotingMode
from kaaring.public.client_ip import client_ip
from kaaring.public.views.vote_common import (
    VoteTarget,
    confirm,
    loaded_stamp,
    refuse_error,
    seconds_to_vote,
    submission_key_from,
    submission_key_new,
    user_agent_family_of,
    vote_target_or_404,
)
from kaaring.voting import email_votes, errors
from kaaring.voting.models import EmailConfirmation

# Long enough for any real token (43 characters), short enough to refuse junk before hashing.
TOKEN_MAX_LENGTH = 100


class EmailVoteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Write your e-mail address."),
            "invalid": gettext_lazy(
                "Write the e-mail address in the form name@example.no, without spaces."
            ),
            "max_length": gettext_lazy(
                "An e-mail address can be at most %(limit_value)d characters long; this one "
                "has %(show_value)d."
            ),
        },
    )


def _form_page(
    request: HttpRequest,
    target: VoteTarget,
    form: EmailVoteForm,
    *,
    status: int,
    submission: str,
    message: str = "",
) -> HttpResponse:
    return render(
        request,
        "public/vote/email_start.html",
        {
            "award": target.edition.award,
            "edition": target.edition,
            "nominee": target.nominee,
            "submission": submission,
            "form": form,
            "form_message": message,
        },
        status=status,
    )


@require_POST
def email_request(request: HttpRequest, award: str, year: int, nominee: str) -> HttpResponse:
    target = vote_target_or_404(award, year, nominee)
    if target.edition.voting_mode != VotingMode.EMAIL:
        return refuse_error(request, target=target, error=errors.WrongVotingMode())
    submission = submission_key_from(request) or submission_key_new()
    form = EmailVoteForm(request.POST)
    if not form.is_valid():
        return _form_page(request, target, form, status=400, submission=submission)
    address = form.cleaned_data["email"]
    try:
        email_votes.email_confirmation_request(
            edition=target.edition,
            nominee=target.nominee,
            address=address,
            submission_key=submission,
            site_url=f"{request.scheme}://{request.get_host()}",
            language=translation.get_language() or "nb",
            client_ip=client_ip(request),
        )
    except errors.VotingError as error:
        return refuse_error(request, target=target, error=error)
    except email_votes.DisposableAddress:
        form.add_error(
            "email",
            _(
                "Addresses from throw-away mail services cannot be used to vote. Use an "
                "address you keep."
            ),
        )
        return _form_page(request, target, form, status=400, submission=submission)
    except ValueError:
        form.add_error(
            "email",
            _("Write the e-mail address in the form name@example.no, without spaces."),
        )
        return _form_page(request, target, form, status=400, submission=submission)
    except email_votes.ConfirmationRateLimited as limited:
        response = _form_page(
            request,
            target,
            form,
            status=429,
            submission=submission,
            message=_(
                "We have sent too many confirmation e-mails to this address or from your "
                "network. Wait an hour and try again, or look for the e-mail we sent."
            ),
        )
        response["Retry-After"] = str(limited.retry_after)
        return response
    return render(
        request,
        "public/vote/email_sent.html",
        {
            "award": target.edition.award,
            "edition": target.edition,
            "nominee": target.nominee,
            "address": address,
            "hours": settings.VOTE_EMAIL_CONFIRMATION_HOURS,
        },
    )


def _link_page(
    request: HttpRequest,
    *,
    status: int,
    state: str,
    confirmation: EmailConfirmation | None = None,
) -> HttpResponse:
    context: dict[str, object] = {"state": state}
    if confirmation is not None:
        context.update(
            award=confirmation.edition.award,
            edition=confirmation.edition,
            nominee=confirmation.nominee,
        )
    return render(request, "public/vote/email_link.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if len(token) > TOKEN_MAX_LENGTH:
        return _link_page(request, status=404, state="unknown")
    try:
        if request.method == "POST":
            confirmed = email_votes.email_vote_confirm(
                token=token,
                user_agent_family=user_agent_family_of(request),
                # From opening the link's page to pressing its button.
                seconds_to_vote=seconds_to_vote(request.POST.get("loaded", ""), binding=token),
            )
        else:
            confirmation = email_votes.email_confirmation_by_token(token=token)
    except email_votes.ConfirmationUnknown:
        return _link_page(request, status=404, state="unknown")
    except email_votes.ConfirmationExpired as expired:
        return _link_page(request, status=410, state="expired", confirmation=expired.confirmation)
    except email_votes.ConfirmationUsed as used:
        state = "used_counted" if used.counted else "used"
        return _link_page(request, status=410, state=state, confirmation=used.confirmation)
    except email_votes.ConfirmationRefused as refused:
        target = VoteTarget(refused.confirmation.edition, refused.confirmation.nominee)
        return refuse_error(request, target=target, error=refused.error)
    if request.method == "POST":
        target = VoteTarget(confirmed.confirmation.edition, confirmed.confirmation.nominee)
        return confirm(request, target=target, result=confirmed.result)
    return render(
        request,
        "public/vote/email_confirm.html",
        {
            "award": confirmation.edition.award,
            "edition": confirmation.edition,
            "nominee": confirmation.nominee,
            "expires_at": confirmation.expires_at,
            "loaded": loaded_stamp(binding=token),
        },
    )
