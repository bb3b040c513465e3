"""Domain errors of nominations; interfaces turn each into a message in the user's language."""

from django.utils.translation import gettext_lazy as _


class NominationError(Exception):
    message = _("The nomination could not be saved.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))


class CallNotOpen(NominationError):
    message = _("Nominations are not open yet.")


class CallClosed(NominationError):
    message = _("The deadline for nominations has passed, so nothing more can be sent.")


class NominationLocked(NominationError):
    message = _("This nomination has been sent and can no longer be changed.")


class LinkInvalid(NominationError):
    message = _("This link is not valid. Check that you copied the whole address.")


class LinkExpired(NominationError):
    message = _("This link has expired. Open the form again to get a new one.")


class LinkUsed(NominationError):
    message = _("This link has been used already. Each link works once.")


class DecisionRefused(NominationError):
    message = _("This nomination has already been decided on.")


class MergeRefused(NominationError):
    message = _("Only two undecided nominations in the same call can be merged.")


class AttachmentRejected(NominationError):
    """The upload is not an accepted type, is disguised as another, or is too large."""


class LinkRateLimited(NominationError):
    """Too many link mails to this address or from this network; try again after a while."""

    message = _(
        "We have sent too many links to this address or from your network. Use the link we "
        "sent, or wait a while and try again."
    )

    def __init__(self, *, retry_after: int) -> None:
        super().__init__()
        self.retry_after = retry_after
