"""What every API answer goes through: the rate limit, caching headers and conditional GETs.

Applied to the whole API as one Ninja view decorator, so no operation can forget it. The
rate limit counts before authentication, so guessing tokens costs the same as reading.
A successful GET gets an ETag (a digest of the body, unless the operation set its own) and
``Cache-Control``; a request whose ``If-None-Match`` or ``If-Modified-Since`` still holds gets
``304 Not Modified`` without a body. Conditional writes (``If-Match``) are checked by the
operations themselves, against the ETag of the resource as they read it under a lock.
"""

import hashlib
import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

from kaaring.api.envelope import plain_error
from kaaring.ratelimits.client_ip import client_ip
from kaaring.ratelimits.services import ratelimit_hit

# Anonymous reads may be kept by browsers and proxies this long; the embargo is safe with it,
# since a kept copy can only be older (still without the result), never ahead of the clock.
PUBLIC_MAX_AGE = 60


def json_response(data: Any, status: int = 200) -> HttpResponse:
    """``data`` (already JSON-safe, e.g. ``model_dump(mode="json")``) as the API renders it."""
    return HttpResponse(
        json.dumps(data, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def etag_of(data: Any) -> str:
    body = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"))
    return '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'


def api_rules(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        verdict = ratelimit_hit(purpose="api_per_ip", identifier=client_ip(request) or "-")
        if not verdict.allowed:
            response: HttpResponseBase = plain_error("too_many_requests")
            response["Retry-After"] = str(max(verdict.retry_after, 1))
            return response
        response = run(request, *args, **kwargs)
        patch_vary_headers(response, ["Accept-Language", "Authorization"])
        if (
            request.method != "GET"
            or response.status_code != 200
            or not isinstance(response, HttpResponse)
        ):
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = "no-store"
            return response
        if "Authorization" in request.headers:
            response["Cache-Control"] = "private, no-cache"
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
        if not response.has_header("ETag"):
            response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        conditional = get_conditional_response(
            request, etag=response["ETag"], last_modified=last_modified, response=response
        )
        return conditional if conditional is not None else response

    return wrapper


def _language(request: HttpRequest) -> str:
    """The language asked for: the site's language cookie, else ``Accept-Language``, else
    bokmål. (The site's ``LocaleMiddleware`` gives every address without a language prefix
    bokmål, which suits pages, not an API whose addresses carry no language.)"""
    return translation.get_language_from_request(request, check_path=False)


def enveloped(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Every API address: answered in the language asked for, and Ninja's bare 405 for a
    method a route does not take replaced by the envelope."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = _language(request)
        if "\x00" in request.path_info or "%00" in request.META.get("QUERY_STRING", ""):
            # No address or query of ours holds NUL, and PostgreSQL could not look it up.
            with translation.override(language):
                refused = plain_error("bad_request")
            refused["Content-Language"] = language
            return refused
        head = request.method == "HEAD"
        if head:  # answered as the GET, without its body (caches ask for the ETag so)
            request.method = "GET"
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            if isinstance(response, HttpResponseNotAllowed):
                allowed = response.get("Allow", "")
                response = plain_error("method_not_allowed")
                response["Allow"] = allowed
        response["Content-Language"] = language
        if head:
            request.method = "HEAD"
            if isinstance(response, HttpResponse):
                length = len(response.content)
                response.content = b""
                response["Content-Length"] = str(length)
        return response

    return wrapper


@enveloped
def no_route(request: HttpRequest, rest: str = "") -> HttpResponse:
    return plain_error("not_found")
