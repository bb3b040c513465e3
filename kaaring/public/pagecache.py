"""Rendered edition and nominee pages kept in each worker's memory, and never served stale.

Rendering one of these pages costs a few queries and a template; answering from a kept copy
costs one read of one number. A kept copy is served only while two things still hold, both
checked on every request:

- **No write since.** The copy remembers the ``content_version`` of the edition it shows, as
  read in the same statement as the edition itself, before anything else on the page. Every
  write to what the page shows gives the edition a new version in the writing transaction
  (``kaaring.awards.services.edition_pages_changed``), so the new version becomes visible at the
  very instant the new content does. Each request reads the version now, by primary key, and
  re-renders on any difference, in every worker process, whatever the cache backend (Redis is
  not needed, and not used: the database the write went to is the one place that knows).
- **No deadline since.** The clock alone changes what an edition page says (voting opens or
  closes, the embargo lifts, nominations open or close) at the edition's own timestamps only.
  The copy remembers the first of them after it was rendered (``Edition.changes_after``) and is
  not served from that instant on.

Two layers keep them. The view (``serve``) keeps the rendered page and answers from it; for a
visitor with no session and no messages, ``KeptPagesMiddleware``, first in ``MIDDLEWARE``,
also keeps the whole response the rest of the middleware made from it, and answers the next
such request with it before any other middleware or URL resolution runs (most of what a kept
page cost before). Both check the same copy's freshness on every request.

Only what is the same for every anonymous visitor is kept. These pages carry no per-visitor
part today (the feedback form checks the browser's origin instead of a CSRF token); should a
token come back, the view's copy renders a stand-in and puts each visitor's own token in on
the way out (which also sets the CSRF cookie, as rendering would), and such a response is
never kept whole.
Requests that carry a session (logged-in organisers, a nomination in progress) or a pending
message (the feedback form's thank-you) are rendered afresh and not kept, as are methods other
than GET and HEAD. The copy is per address as asked for (scheme, host, path and query string,
language), because the page contains absolute links built from them.
"""

import dataclasses
import datetime as dt
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import split_header_value
from django.utils.translation import get_language
from psycopg import DatabaseError
from psycopg.pq import DiagnosticField, ExecStatus, TransactionStatus
from psycopg.pq.abc import PGconn

from kaaring.awards.models import Edition

# Kept copies per worker process; the least recently served goes first. A page is about 10 kB.
MAX_PAGES = 256
# Stands in for the visitor's CSRF token in a kept copy; random per process so that no content
# an organiser writes can contain it.
_TOKEN_STAND_IN = "csrf" + secrets.token_hex(16)
_TOKEN_STAND_IN_BYTES = _TOKEN_STAND_IN.encode()


@dataclasses.dataclass(frozen=True)
class Page:
    """What a view renders for a page about ``edition``, decided at one instant."""

    edition: Edition
    template: str
    context: dict[str, Any]
    at: dt.datetime


@dataclasses.dataclass(frozen=True)
class _Copy:
    edition_id: int
    content_version: int
    # None: nothing the clock decides is left to change on this page.
    changes_at: dt.datetime | None
    # The page's bytes, split where the visitor's CSRF token goes.
    parts: tuple[bytes, ...]
    digest: str


_copies: OrderedDict[tuple[str, ...], _Copy] = OrderedDict()
_lock = threading.Lock()


def serve(request: HttpRequest, build: Callable[[dt.datetime], Page]) -> HttpResponse:
    """The page ``build`` renders for the instant it is given, from a kept copy if that copy
    is still right. ``build`` may raise ``Http404``; nothing is kept then."""
    if not _shareable(request):
        page = build(timezone.now())
        return render(request, page.template, page.context)
    key = _key(request)
    with _lock:
        copy = _copies.get(key)
        if copy is not None:
            _copies.move_to_end(key)
    if copy is None or not _still_right(copy):
        try:
            page = build(timezone.now())
        except Http404:
            with _lock:
                _copies.pop(key, None)
            raise
        copy = _render(request, page)
        with _lock:
            _copies[key] = copy
            while len(_copies) > MAX_PAGES:
                _copies.popitem(last=False)
    response = _respond(request, copy)
    if len(copy.parts) == 1:  # nothing of this visitor in it (no token put in)
        response.kept_copy = copy  # type: ignore[attr-defined]  # for KeptPagesMiddleware
    return response


def _key(request: HttpRequest) -> tuple[str, ...]:
    """The page's address (``_address``) and its language: set by ``LocaleMiddleware`` from
    the path prefix, the active language otherwise."""
    return (*_address(request), getattr(request, "LANGUAGE_CODE", None) or get_language())


def forget_all() -> None:
    """Drop every copy this process keeps (tests start from nothing)."""
    with _lock:
        _copies.clear()
        _responses.clear()
        _varies.clear()


# --- Whole responses, answered before the middleware ------------------------------------------


@dataclasses.dataclass(frozen=True)
class _Response:
    """A kept page's whole response, as the middleware made it for a visitor without a
    session, messages or any cookie set for them: the same for every such visitor."""

    copy: _Copy
    headers: tuple[tuple[str, str], ...]
    body: bytes


# Per address (without the language, which the address decides): the request headers the
# response varies on (its Vary header), learnt from the first response kept.
_varies: dict[tuple[str, ...], tuple[str, ...]] = {}
_responses: OrderedDict[tuple[str | None, ...], _Response] = OrderedDict()


class KeptPagesMiddleware:
    """Answers a request for a kept page before any other middleware runs, when nothing in the
    request could change the answer, and keeps the whole response the other middleware made
    for such a request. First in ``MIDDLEWARE``.

    What the rest of the stack would do for such a request is already in the kept response:
    the security, content-security-policy and framing headers, the language (the address
    decides it), ``Vary``. What it would check holds by construction: the host was validated
    (the key holds every header that names it, so a kept response exists only for an allowed
    one), the scheme is part of the key (an http request that the security middleware
    redirects never makes a 200 to keep). A response is kept only if the view marked it as a
    kept copy (``serve``), it is a 200 to a GET, sets no cookie and does not vary on cookies;
    request headers it varies on are part of the key, as in Django's own cache middleware.
    Freshness is the copy's: the version read and the clock, on every request.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD") or _visitor_state(request):
            return self.get_response(request)
        address = _address(request)
        varies = _varies.get(address)
        if varies is not None:
            key = (*address, *(request.META.get(header) for header in varies))
            with _lock:
                kept = _responses.get(key)
                if kept is not None:
                    _responses.move_to_end(key)
            if kept is not None and _still_right(kept.copy):
                return _answer(request, kept)
        response = self.get_response(request)
        copy = getattr(response, "kept_copy", None)
        if copy is not None and request.method == "GET":
            _keep(request, address, copy, response)
        return response


def _visitor_state(request: HttpRequest) -> bool:
    """Whether the request carries a session or messages: the page may then be theirs."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or CookieStorage.cookie_name in cookies


def _address(request: HttpRequest) -> tuple[str, ...]:
    """The page's address, from what the request says it is (the page's absolute links are
    built from it). The host is taken as sent: ``CommonMiddleware`` refuses a host not in
    ``ALLOWED_HOSTS`` before anything is kept, and each header that may name the host or port
    is part of the key whether or not the settings trust it, which can only tell more copies
    apart, never fewer."""
    meta = request.META
    return (
        request.scheme or "",
        meta.get("HTTP_HOST", ""),
        meta.get("SERVER_NAME", ""),
        meta.get("SERVER_PORT", ""),
        meta.get("HTTP_X_FORWARDED_HOST", ""),
        meta.get("HTTP_X_FORWARDED_PORT", ""),
        request.path,
        meta.get("QUERY_STRING", ""),
    )


def _keep(
    request: HttpRequest, address: tuple[str, ...], copy: _Copy, response: HttpResponse
) -> None:
    if response.status_code != 200 or response.streaming or response.cookies:
        return
    names = [name.lower() for name in split_header_value(response.headers.get("Vary", ""))]
    if "*" in names or "cookie" in names:
        return
    varies = tuple("HTTP_" + name.upper().replace("-", "_") for name in names)
    key = (*address, *(request.META.get(header) for header in varies))
    kept = _Response(copy=copy, headers=tuple(response.items()), body=response.content)
    with _lock:
        if len(_varies) >= 4 * MAX_PAGES and address not in _varies:
            _varies.clear()  # addresses are unbounded (query strings): relearn, as after a start
        _varies[address] = varies
        _responses[key] = kept
        while len(_responses) > MAX_PAGES:
            _responses.popitem(last=False)


def _answer(request: HttpRequest, kept: _Response) -> HttpResponse:
    response = HttpResponse(kept.body)
    for name, value in kept.headers:
        response.headers[name] = value
    return _conditional(request, response)


def _shareable(request: HttpRequest) -> bool:
    """Whether the page this request gets is the one every anonymous visitor gets."""
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        return False
    # The messages the page would show (and use up); reading them without a session cookie
    # costs no query.
    return not get_messages(request)


def _still_right(copy: _Copy) -> bool:
    if copy.changes_at is not None and timezone.now() >= copy.changes_at:
        return False
    return _content_version(copy.edition_id) == copy.content_version


# Names from the model, not from input.
_VERSION_SQL = "SELECT {column} FROM {table} WHERE {pk} = %s".format(  # noqa: S608
    column=Edition._meta.get_field("content_version").column,
    table=Edition._meta.db_table,
    pk=Edition._meta.pk.column,
)
_STATEMENT = b"kaaring_pagecache_content_version"
_STATEMENT_SQL = _VERSION_SQL.replace("%s", "$1").encode()
_NOT_PREPARED = b"26000"  # invalid_sql_statement_name: not prepared in this session (yet)


def _content_version(edition_id: int) -> int | None:
    """The edition's ``content_version`` now (``None`` if it is gone), in one round trip.

    This read is most of what a kept page costs, so on PostgreSQL it takes the shortest way the
    profile found: libpq's own connection under the one Django holds open
    (``psycopg.Connection.pgconn``), a statement prepared once per database session, and no
    ``SELECT 1`` before it. That health check (``CONN_HEALTH_CHECKS``) is redundant here: if
    the read succeeds the connection is healthy, and Django is told so; if anything fails,
    Django's own path below checks the connection, reconnects and reads again. Measured in a
    loop on the 2-core bench machine: about 20 µs in the worker and 30 µs in PostgreSQL per
    read, against about 140 µs and 90 µs through a Django cursor after its health check; a
    whole kept-page hit costs about a third less CPU this way (docs/performance.md, "Pages"),
    which is why this path stays beside Django's public one.
    Only outside a transaction (every request, unless it is inside one), where a failed
    statement leaves nothing behind, and not where Django logs queries (DEBUG, tests counting
    them), so that it is seen there.
    """
    database = connections[DEFAULT_DB_ALIAS]
    raw = database.connection
    if raw is not None and database.vendor == "postgresql" and not database.queries_logged:
        status = raw.pgconn.transaction_status
        if status == TransactionStatus.IDLE:
            done, version = _prepared_read(raw.pgconn, edition_id)
            if done:
                database.health_check_done = True  # type: ignore[attr-defined]  # no stub
                return version
        if status in (TransactionStatus.IDLE, TransactionStatus.UNKNOWN):
            # It failed, or the connection is gone: have Django check it and reconnect.
            database.health_check_done = False  # type: ignore[attr-defined]  # no stub
    with database.cursor() as cursor:
        cursor.execute(_VERSION_SQL, [edition_id])
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _prepared_read(pgconn: PGconn, edition_id: int) -> tuple[bool, int | None]:
    """(True, the version or None) if PostgreSQL answered, (False, None) on any failure."""
    try:
        result = pgconn.exec_prepared(_STATEMENT, [b"%d" % edition_id])
        if result.error_field(DiagnosticField.SQLSTATE) == _NOT_PREPARED:
            if pgconn.prepare(_STATEMENT, _STATEMENT_SQL).status != ExecStatus.COMMAND_OK:
                return False, None
            result = pgconn.exec_prepared(_STATEMENT, [b"%d" % edition_id])
    except DatabaseError:  # libpq gave no result at all: a broken connection
        return False, None
    if result.status != ExecStatus.TUPLES_OK:
        return False, None
    value = result.get_value(0, 0) if result.ntuples else None
    return True, None if value is None else int(value)


def _render(request: HttpRequest, page: Page) -> _Copy:
    html = render_to_string(page.template, {**page.context, "csrf_token": _TOKEN_STAND_IN}, request)
    parts = tuple(html.encode().split(_TOKEN_STAND_IN_BYTES))
    return _Copy(
        edition_id=page.edition.pk,
        # Read with the edition's row, before everything else the page shows: a write that
        # lands while the page renders leaves a copy that the next request finds outdated.
        content_version=page.edition.content_version,
        changes_at=page.edition.changes_after(page.at),
        parts=parts,
        digest=hashlib.sha256(b"\0".join(parts)).hexdigest()[:32],
    )


def _respond(request: HttpRequest, copy: _Copy) -> HttpResponse:
    body, etag = copy.parts[0], copy.digest
    if len(copy.parts) > 1:
        token = get_token(request)
        body = token.encode().join(copy.parts)
        # The token changes with the visitor's CSRF cookie; a copy in the browser is reusable
        # only with the cookie it was served with.
        secret = request.META["CSRF_COOKIE"]
        etag += hashlib.sha256(f"{copy.digest}:{secret}".encode()).hexdigest()[:16]
    response = HttpResponse(body)
    # Weak: the bytes differ from visitor to visitor (the masked token), the page does not.
    response.headers["ETag"] = f'W/"{etag}"'
    # The page carries the visitor's own token: no shared cache may keep it, and the browser
    # asks again each time (a 304 when nothing changed).
    response.headers["Cache-Control"] = "private, no-cache"
    return _conditional(request, response)


def _conditional(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """A 304 (or 412) for a conditional request its ``ETag`` answers; else ``response``."""
    if not any(header in request.META for header in _CONDITIONAL):
        return response
    etag = response.headers["ETag"]
    return get_conditional_response(request, etag=etag, response=response) or response


_CONDITIONAL = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_UNMODIFIED_SINCE",
)
