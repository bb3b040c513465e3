"""Refusals of the team services, each with a message for the organiser."""

from django.utils.translation import gettext_lazy as _


class TeamError(Exception):
    message = _("The team could not be changed.")

    def __str__(self) -> str:
        return str(self.message)


class NotAllowed(TeamError):
    message = _("Your role lets you see the team, not change it.")


class AlreadyMember(TeamError):
    message = _("That address already belongs to a member of the organisation.")


class LastOrganiser(TeamError):
    message = _(
        "The organisation needs at least one organiser: make another member an organiser first."
    )


class UnknownRole(TeamError):
    message = _("Choose organiser or viewer.")
