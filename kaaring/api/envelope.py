"""One shape for every error the API answers: ``{"code", "message", "fields"}``.

``code`` is stable and meant for programs (``not_found``, ``rules_frozen``); ``message`` is for
people, in the language the request's ``Accept-Language`` asks for (bokmål, nynorsk or English;
bokmål when it asks for none of them); ``fields`` maps a field (``body.name``, ``query.limit``,
``rows.3.slug``) to its problems. Every refusal, from Ninja's own validation to a domain error
raised by a service, goes through ``ApiError`` or one of the handlers registered here, so no
bad input can reach Django's HTML error pages or a 500.
"""

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]]


MESSAGES: dict[str, Promise] = {
    "bad_request": gettext_lazy("The request could not be read."),
    "invalid": gettext_lazy("Some of what was sent is not valid; see the fields."),
    "unauthorized": gettext_lazy(
        "This needs an API token: send it as “Authorization: Bearer <token>”. "
        "The token may be unknown, revoked or expired."
    ),
    "forbidden": gettext_lazy("The token does not allow this."),
    "not_found": gettext_lazy("Nothing was found at this address."),
    "conflict": gettext_lazy("The change conflicts with what is already saved."),
    "rules_frozen": gettext_lazy(
        "The nominees of this edition can no longer be changed through the API: voting has "
        "opened, or the result is published."
    ),
    "precondition_failed": gettext_lazy(
        "The resource has changed since you read it (If-Match does not match its ETag). "
        "Read it again and repeat the change."
    ),
    "too_many_requests": gettext_lazy("Too many requests. Wait a moment and try again."),
    "too_large": gettext_lazy("The request body is too large."),
    "unsupported_media_type": gettext_lazy(
        "Send the body as application/json (or text/csv where the operation says so)."
    ),
    "method_not_allowed": gettext_lazy("This address does not accept this method."),
}
STATUS_CODES = {
    "bad_request": 400,
    "invalid": 400,
    "unauthorized": 401,
    "forbidden": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "conflict": 409,
    "rules_frozen": 409,
    "precondition_failed": 412,
    "too_large": 413,
    "unsupported_media_type": 415,
    "too_many_requests": 429,
}


class ApiError(Exception):
    def __init__(
        self,
        code: str,
        message: str | None = None,
        *,
        fields: dict[str, list[str]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.code = code
        self.status = STATUS_CODES[code]
        self.message = message
        self.fields = fields or {}
        self.headers = headers or {}
        super().__init__(code)


def error_body(
    code: str, message: str | None = None, fields: dict[str, list[str]] | None = None
) -> dict[str, Any]:
    return {"code": code, "message": message or str(MESSAGES[code]), "fields": fields or {}}


def _respond(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    response = api.create_response(
        request, error_body(error.code, error.message, error.fields), status=error.status
    )
    for name, value in error.headers.items():
        response[name] = value
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="kaaring"'
    return response


def _location(loc: list[Any] | tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc) or "body"


def _pydantic_message(error: dict[str, Any]) -> str:
    """A translated sentence for the common kinds of validation error; pydantic's own words
    (English) only as a last resort, after our sentence."""
    kind = error.get("type", "")
    context = error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "nul_character":
        return _("Text may not contain the NUL character.")
    if kind == "extra_forbidden":
        return _("This field is unknown.")
    if kind in {"string_too_long"}:
        return _("At most %(n)s characters.") % {"n": context.get("max_length", "?")}
    if kind in {"string_too_short"}:
        return _("At least %(n)s characters.") % {"n": context.get("min_length", "?")}
    if kind.startswith(("int_", "float_", "decimal_")) and "parsing" in kind:
        return _("A number is needed here.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("The number is too small.")
    if kind in {"less_than_equal", "less_than"}:
        return _("The number is too large.")
    if kind.startswith(("string_", "str_")):
        return _("Text is needed here.")
    if kind in {"enum", "literal_error"}:
        return _("This value is not one of those allowed.")
    if kind.startswith(("model_", "dict_")):
        return _("An object is needed here.")
    if kind.startswith(("list_", "tuple_")):
        return _("A list is needed here.")
    if kind.startswith("bool_"):
        return _("true or false is needed here.")
    if kind == "json_invalid":
        return _("The body is not valid JSON.")
    return _("This value is not valid.")


def fields_from_ninja(errors: list[dict[str, Any]]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_location(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def fields_from_django(error: DjangoValidationError, prefix: str = "body") -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {
            f"{prefix}.{field}" if field != "__all__" else prefix: [str(m) for m in messages]
            for field, messages in error.message_dict.items()
        }
    return {prefix: [str(m) for m in error.messages]}


def install(api: NinjaAPI) -> None:
    """Register the handlers that put every refusal into the envelope."""

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        return _respond(api, request, exc)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = list(exc.errors)
        if any(e.get("type") == "json_invalid" for e in errors):
            return _respond(api, request, ApiError("bad_request", _("The body is not valid JSON.")))
        return _respond(api, request, ApiError("invalid", fields=fields_from_ninja(errors)))

    @api.exception_handler(DjangoValidationError)
    def domain_validation_error(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _respond(api, request, ApiError("invalid", fields=fields_from_django(exc)))

    @api.exception_handler(AuthenticationError)
    def unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _respond(api, request, ApiError("unauthorized"))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code = {v: k for k, v in reversed(STATUS_CODES.items())}.get(exc.status_code, "bad_request")
        return _respond(api, request, ApiError(code))

    @api.exception_handler(DataError)
    def data_error(request: HttpRequest, exc: DataError) -> HttpResponse:
        # The database refused a value no check above caught (a safety net: never a 500).
        return _respond(api, request, ApiError("bad_request"))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        return _respond(api, request, ApiError("too_large"))

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, ApiError("not_found"))


def error_responses(*codes: int) -> dict[int, type[ErrorOut]]:
    return dict.fromkeys(codes, ErrorOut)


def plain_error(code: str) -> HttpResponse:
    """The envelope outside an operation (no route, a method the route does not take)."""
    return HttpResponse(
        json.dumps(error_body(code), ensure_ascii=False),
        status=STATUS_CODES[code],
        content_type="application/json; charset=utf-8",
    )
