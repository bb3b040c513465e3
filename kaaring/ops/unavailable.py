"""A dependency that fails (the database, Redis) gets a 503 with ``Retry-After``, not a 500.

Django hands every exception that escapes a view or a middleware to ``handler500``, from inside
its ``except`` block; ``server_error`` here looks at that exception. A database or Redis that
cannot be reached (or a transaction the database gave up, such as a serialisation failure) is a
state that passes: the visitor is told, in their language, that nothing was saved and to try
again shortly, with ``Retry-After`` for clients and load balancers that read it. Anything else
is the site's own error page (500).

The page is rendered without the request's context processors, any of which might read the
session or the messages from the database that is down.
"""

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from kaaring.ops import metrics

RETRY_AFTER_SECONDS = 15


def _dependency(error: BaseException | None) -> str | None:
    if isinstance(error, OperationalError | InterfaceError):
        return "database"
    try:
        import redis
    except ImportError:  # pragma: no cover - redis is a dependency
        return None
    if isinstance(error, redis.ConnectionError | redis.TimeoutError):
        return "redis"
    return None


def unavailable(
    request: HttpRequest,
    dependency: str,
    *,
    context: Callable[[HttpRequest], dict[str, Any]] | None = None,
) -> HttpResponse:
    metrics.UNAVAILABLE.labels(dependency).inc()
    match = getattr(request, "resolver_match", None)
    if request.method == "POST" and match is not None and match.namespace == "voting":
        metrics.ballot_refused("unavailable")
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "public/error.html",
            {
                "status": 503,
                "title": _("Kåring is unavailable for a moment"),
                "message": _(
                    "We could not reach a service the site depends on, so what you sent may not "
                    "have been saved. If you were voting, send your vote again in a minute: a "
                    "vote is never counted twice, and you get a receipt once it is recorded."
                ),
                **(context(request) if context is not None else {}),
            },
        )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error_handler(
    *,
    fallback: Callable[[HttpRequest], HttpResponse],
    context: Callable[[HttpRequest], dict[str, Any]] | None = None,
) -> Callable[[HttpRequest], HttpResponse]:
    """``handler500``: the 503 page for a failed dependency, else ``fallback``. ``context``
    adds to the page's template context what the layout needs (it must not read the database).
    """

    def server_error(request: HttpRequest) -> HttpResponse:
        dependency = _dependency(sys.exc_info()[1])
        if dependency is not None:
            return unavailable(request, dependency, context=context)
        return fallback(request)

    return server_error
