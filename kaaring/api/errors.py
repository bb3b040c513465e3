"""Domain errors of API tokens; the back office and the API turn them into messages."""

from django.utils.translation import gettext_lazy as _


class TokenError(Exception):
    message = _("The token could not be changed.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))


class TokenNameTaken(TokenError):
    message = _("Another active token of this organisation already has that name.")


class TokenAlreadyRevoked(TokenError):
    message = _("The token has already been revoked.")
