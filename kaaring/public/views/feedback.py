"""POST /tilbakemelding/: the answer to "Fant du det du lette etter?", then an optional comment.

Works as a plain form post (redirect back to the page with a thank-you) and, when htmx sends
it (``HX-Request``), answers with the feedback section only, swapped in place.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from kaaring.accounts.models import Organisation
from kaaring.awards.selectors import award_public
from kaaring.feedback import services
from kaaring.feedback.errors import FeedbackCommentRefused, FeedbackRateLimited
from kaaring.public.client_ip import client_ip
from kaaring.public.forms import FeedbackAnswerForm, FeedbackCommentForm

TOKEN_SALT = "kaaring.public.feedback-comment"  # noqa: S105 - a salt, not a secret
TOKEN_MAX_AGE = 60 * 60  # an hour to write the comment
# Pages that carry the feedback question; anything else is not a page one answers about.
PAGES = {"home", "award", "edition", "nominees", "nominee", "archive", "accessibility", "privacy"}


class NotASitePage(Exception):  # noqa: N818 - reads as the situation
    pass


def _page(path: str, language: str) -> tuple[str, Organisation | None]:
    """The page's address in bokmål (one row per page, languages apart) and its owner.

    Refuses anything that is not one of our public pages: external URLs, ``//host``, paths
    that resolve to nothing or to another kind of view.
    """
    parts = urlsplit(path)
    if parts.scheme or parts.netloc or not path.startswith("/") or "\\" in path:
        raise NotASitePage
    with translation.override(language):
        try:
            match = resolve(parts.path)
        except Resolver404:
            raise NotASitePage from None
    if match.namespace != "public" or match.url_name not in PAGES:
        raise NotASitePage
    organisation = None
    if "award" in match.kwargs:
        award = award_public(slug=match.kwargs["award"])
        if award is None:
            raise NotASitePage
        organisation = award.organisation
    with translation.override("nb"):
        canonical = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
    return canonical, organisation


def _respond(
    request: HttpRequest,
    state: str,
    *,
    status: int = 200,
    path: str = "",
    form: FeedbackCommentForm | None = None,
    message: str = "",
) -> HttpResponse:
    context = {
        "feedback_state": state,
        "feedback_path": path,
        "feedback_form": form,
        "feedback_message": message,
    }
    if request.headers.get("HX-Request") == "true":
        response = render(request, "public/_feedback.html", context, status=status)
    else:
        response = render(request, "public/feedback_page.html", context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _thanks(request: HttpRequest, path: str) -> HttpResponse:
    message = _("Thank you for your answer!")
    if request.headers.get("HX-Request") == "true":
        return _respond(request, "thanks", path=path, message=message)
    messages.success(request, message, extra_tags="feedback")
    return HttpResponseRedirect(f"{path}#feedback")


def _from_another_site(request: HttpRequest) -> bool:
    """Whether a browser sent this POST from a page of another site.

    The answer form carries no CSRF token, so that the pages it sits on are the same for
    every visitor and can be served from the page cache (docs/performance.md). What a token
    would stop, another site making its visitors' browsers answer, is stopped here instead:
    browsers name the page's origin in ``Origin`` on every cross-site POST (or at least in
    ``Referer``). A request naming neither comes from no browser page at all (a script, which
    could post without any token anyway); the answers are anonymous and rate-limited per IP.
    """
    sent = request.META.get("HTTP_ORIGIN") or request.META.get("HTTP_REFERER")
    if not sent:
        return False
    parts = urlsplit(sent)
    origin = f"{parts.scheme}://{parts.netloc}"
    trusted = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    return origin not in trusted


@csrf_exempt  # the origin is checked instead; see _from_another_site
@require_POST
def feedback(request: HttpRequest) -> HttpResponse:
    if _from_another_site(request):
        return _respond(
            request,
            "error",
            status=403,
            message=_("We could not read the answer. Go back to the page and try again."),
        )
    if "token" in request.POST:
        return _comment(request)
    form = FeedbackAnswerForm(request.POST)
    if not form.is_valid():
        return _respond(
            request,
            "error",
            status=400,
            message=_("We could not read the answer. Go back to the page and try again."),
        )
    path, language = form.cleaned_data["path"], form.cleaned_data["language"]
    try:
        canonical, organisation = _page(path, language)
    except NotASitePage:
        return _respond(
            request, "error", status=400, message=_("The answer was not about a page on this site.")
        )
    found = form.cleaned_data["found"] == "yes"
    try:
        answer = services.feedback_submit(
            path=canonical,
            language=language,
            found=found,
            comment="",
            organisation=organisation,
            client_ip=client_ip(request),
        )
    except FeedbackRateLimited as error:
        return _respond(request, "error", status=429, path=path, message=str(error.message))
    if found:
        return _thanks(request, path)
    comment_form = FeedbackCommentForm(
        initial={
            "path": path,
            "language": language,
            "token": signing.dumps(answer.pk, salt=TOKEN_SALT),
        }
    )
    return _respond(request, "comment", path=path, form=comment_form)


def _comment(request: HttpRequest) -> HttpResponse:
    form = FeedbackCommentForm(request.POST)
    form.is_valid()
    if any(form.has_error(field) for field in ("path", "language", "token")):
        return _respond(
            request,
            "error",
            status=400,
            message=_("We could not read the comment. Go back to the page and try again."),
        )
    path, language = form.cleaned_data["path"], form.cleaned_data["language"]
    try:
        _page(path, language)
    except NotASitePage:
        return _respond(
            request, "error", status=400, message=_("The answer was not about a page on this site.")
        )
    if form.has_error("comment"):
        return _respond(request, "comment", status=400, path=path, form=form)
    try:
        feedback_id = signing.loads(
            form.cleaned_data["token"], salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
        services.feedback_comment_add(
            feedback_id=int(feedback_id),
            comment=form.cleaned_data["comment"],
            client_ip=client_ip(request),
        )
    except (signing.BadSignature, FeedbackCommentRefused):
        return _respond(
            request, "error", status=400, path=path, message=str(FeedbackCommentRefused.message)
        )
    except FeedbackRateLimited as error:
        return _respond(
            request, "comment", status=429, path=path, form=form, message=str(error.message)
        )
    except ValidationError as error:
        for message in error.message_dict.get("comment", []):
            form.add_error("comment", message)
        return _respond(request, "comment", status=400, path=path, form=form)
    return _thanks(request, path)
