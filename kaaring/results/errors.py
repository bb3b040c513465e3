"""Domain errors of results; interfaces turn each into a message in the user's language."""

from django.utils.translation import gettext_lazy as _


class ResultsError(Exception):
    message = _("The change could not be made.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))


class NotAllowed(ResultsError):
    message = _("Only an organiser of the award's organisation may do this.")


class ReasonRequired(ResultsError):
    message = _("Write the reason for invalidating the ballot.")


class AlreadyInvalidated(ResultsError):
    message = _("This ballot has already been invalidated.")


class AlreadyApproved(ResultsError):
    message = _("This invalidation has already been approved.")


class SameOrganiser(ResultsError):
    message = _(
        "An invalidation must be approved by a second organiser, not by the one who proposed it."
    )


class NoVerdict(ResultsError):
    message = _("The results cannot be published before the jury has recorded its verdict.")


class ReviewClosed(ResultsError):
    message = _(
        "The review is declared finished, so the finalists stand. Reopen the review, with a "
        "reason, to change the count."
    )
