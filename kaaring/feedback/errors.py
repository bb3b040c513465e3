"""Domain errors of page feedback; the public site turns them into messages and statuses."""

from django.utils.translation import gettext_lazy as _


class FeedbackError(Exception):
    message = _("The answer could not be stored.")


class FeedbackRateLimited(FeedbackError):
    message = _("You have sent many answers in a short time. Please wait a minute and try again.")


class FeedbackCommentRefused(FeedbackError):
    """The answer to comment on does not exist, was "yes", or already has its comment."""

    message = _("This answer already has a comment, or the link to comment on it has expired.")
