"""Bearer tokens for the organiser API (``Authorization: Bearer kaaring_…``)."""

from typing import cast

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from kaaring.api.envelope import ApiError
from kaaring.api.models import ApiToken, TokenScope
from kaaring.api.services import token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        # Header values arrive as latin-1 text; a secret is ASCII, so anything else is unknown.
        if not token.isascii():
            return None
        return token_authenticate(token.strip())


def token_of(request: HttpRequest) -> ApiToken:
    return cast(ApiToken, request.auth)  # type: ignore[attr-defined]


def require_write(request: HttpRequest) -> ApiToken:
    token = token_of(request)
    if token.scope != TokenScope.WRITE:
        raise ApiError(
            "forbidden",
            _("This token may only read; make a token with write access for changes."),
        )
    if not token.may_write:
        raise ApiError(
            "forbidden",
            _("The person who made this token may no longer change the organisation's things."),
        )
    return token
