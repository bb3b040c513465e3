"""Error pages in the visitor's language, with the site's layout and the right status."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "public/error.html",
        {"status": status, "title": title, "message": message},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        400,
        _("The request could not be understood"),
        _("The address or the form contained something we could not read. Go back and try again."),
    )


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        403,
        _("You do not have access to this page"),
        _("If you work for the organisation that owns this page, log in with your own account."),
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(
        request,
        404,
        _("We could not find the page"),
        _(
            "The address may be mistyped, or the page may have been moved. Check the "
            "address or start from the front page."
        ),
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        _("Something went wrong on our side"),
        _("The error has been logged. Please try again in a little while."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form had expired"),
        _(
            "For your security the form could only be sent once and within a limited "
            "time. Go back, reload the page and send it again."
        ),
    )
