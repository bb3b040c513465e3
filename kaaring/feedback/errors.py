from django.utils.translation import gettext_lazy as _


class FeedbackRateLimited(Exception):
    message = _("You have sent many answers in a short time. Please wait a minute and try again.")
