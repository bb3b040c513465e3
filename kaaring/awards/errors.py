"""Domain errors of awards; interfaces turn them into messages in the user's language."""

from django.utils.translation import gettext_lazy as _


class AwardsError(Exception):
    message = _("The change could not be made.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))


class RulesFrozen(AwardsError):
    message = _(
        "Voting has opened, so the rules of this edition (voting mode, finalists, tie-break, "
        "decision rule and voting period) can no longer be changed."
    )


class NomineeNotInEdition(AwardsError):
    message = _("The nominee does not belong to this edition.")


class NomineeWithdrawn(AwardsError):
    message = _("The nominee has been withdrawn.")
