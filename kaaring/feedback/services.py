from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kaaring.accounts.models import Organisation
from kaaring.feedback.errors import FeedbackRateLimited
from kaaring.feedback.models import PageFeedback
from kaaring.ratelimits.services import ratelimit_hit


def feedback_submit(
    *,
    path: str,
    language: str,
    found: bool,
    comment: str,
    organisation: Organisation | None,
    client_ip: str,
) -> PageFeedback:
    comment = comment.strip() if not found else ""
    if len(comment) > settings.FEEDBACK_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"comment": [_("The comment can be at most %(max)d characters long; it is %(n)d.")
                         % {"max": settings.FEEDBACK_COMMENT_MAX_LENGTH, "n": len(comment)}]}
        )
    if language not in {"nb", "nn", "en"}:
        raise ValidationError({"language": [_("Unknown language.")]})
    for purpose in ("feedback_per_ip", "feedback_per_ip_hour"):
        if not ratelimit_hit(purpose=purpose, identifier=client_ip).allowed:
            raise FeedbackRateLimited()
    return PageFeedback.objects.create(
        path=path[:500], language=language, found=found, comment=comment,
        organisation=organisation,
    )
