"""Domain errors of the jury; interfaces turn each into a message in the user's language."""

from django.utils.translation import gettext_lazy as _


class JuryError(Exception):
    message = _("The change could not be made.")

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or str(self.message))


class NotAllowed(JuryError):
    message = _("Only an organiser of the award's organisation may do this.")


class NotChair(JuryError):
    message = _("Only the chair of the jury records the verdict.")


class Recused(JuryError):
    message = _(
        "You have declared a conflict of interest with this nominee, so you cannot score it."
    )


class NotAFinalist(JuryError):
    message = _("Only a finalist can be scored or named the winner.")


class OutOfScale(JuryError):
    def __init__(self, low: int, high: int) -> None:
        super().__init__(
            str(_("A score must be a whole number from %(low)s to %(high)s."))
            % {"low": low, "high": high}
        )


class UnknownCriterion(JuryError):
    message = _("This criterion is not one of the award's criteria.")


class ScaleFixed(JuryError):
    message = _("The scale is fixed once the first score is in.")


class ScaleRange(JuryError):
    message = _("The highest score must be above the lowest.")


class NoCriteria(JuryError):
    message = _(
        "The award has no criteria yet. Add the criteria the jury judges by, then the scale."
    )


class NoScale(JuryError):
    message = _("The organiser has not declared the jury's scale yet.")


class RationaleRequired(JuryError):
    message = _("Write the jury's rationale.")


class AlreadyDecided(JuryError):
    message = _("The verdict has already been recorded.")


class NotReady(JuryError):
    message = _("The votes are not counted yet, so there are no finalists.")


class TooManyInvitations(JuryError):
    message = _("You have sent many invitations in a short time. Try again in an hour.")


class ReviewNotFinished(JuryError):
    message = _(
        "The review of the vote is not declared finished yet, so the finalists do not stand "
        "and the jury cannot score or decide."
    )


class VotingNotClosed(JuryError):
    message = _("The review can be declared finished only after voting has closed.")


class PendingInvalidations(JuryError):
    message = _(
        "Some proposed invalidations are still waiting for a second organiser. Approve them "
        "or leave the review open."
    )


class ReviewAlreadyFinished(JuryError):
    message = _("The review is already declared finished.")


class ReviewNotReopenable(JuryError):
    message = _("The verdict is recorded, so the review can no longer be reopened.")


class ReasonRequired(JuryError):
    message = _("Write the reason.")


class ScoringClosed(JuryError):
    message = _("The verdict is recorded, so scoring is closed.")


class ConfirmRequired(JuryError):
    message = _("Tick the box to confirm the verdict. It cannot be changed afterwards.")


class ScoresMissing(JuryError):
    def __init__(self, missing: int) -> None:
        super().__init__(
            str(
                _(
                    "%(n)s scores are not in yet. Wait for them, or give the reason for "
                    "deciding without them."
                )
            )
            % {"n": missing}
        )
