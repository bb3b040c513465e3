"""Page feedback: "Fant du det du lette etter?" and, after "no", an optional comment.

The answer is stored at once, so a visitor who says "no" and leaves is still counted; the
comment is added to that answer in a second step and only once.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kaaring.accounts.models import Organisation
from kaaring.feedback.errors import FeedbackCommentRefused, FeedbackRateLimited
from kaaring.feedback.models import PageFeedback
from kaaring.ratelimits.services import ratelimit_hit


def _check_comment(comment: str) -> str:
    comment = comment.strip()
    if len(comment) > settings.FEEDBACK_COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "comment": [
                    _("The comment can be at most %(max)d characters long; it is %(n)d.")
                    % {"max": settings.FEEDBACK_COMMENT_MAX_LENGTH, "n": len(comment)}
                ]
            }
        )
    return comment


def _check_rate(client_ip: str) -> None:
    for purpose in ("feedback_per_ip", "feedback_per_ip_hour"):
        if not ratelimit_hit(purpose=purpose, identifier=client_ip).allowed:
            raise FeedbackRateLimited()


def feedback_submit(
    *,
    path: str,
    language: str,
    found: bool,
    comment: str,
    organisation: Organisation | None,
    client_ip: str,
) -> PageFeedback:
    comment = _check_comment(comment) if not found else ""
    if language not in {"nb", "nn", "en"}:
        raise ValidationError({"language": [_("Unknown language.")]})
    if not path.startswith("/") or path.startswith("//"):
        raise ValidationError({"path": [_("The page address must be a path on this site.")]})
    _check_rate(client_ip)
    return PageFeedback.objects.create(
        path=path[:500],
        language=language,
        found=found,
        comment=comment,
        organisation=organisation,
    )


def feedback_comment_add(*, feedback_id: int, comment: str, client_ip: str) -> PageFeedback:
    """Add the optional comment to a "no" answer, once; an empty comment changes nothing."""
    comment = _check_comment(comment)
    _check_rate(client_ip)
    if comment:
        # Conditional update: a replayed or second comment finds no row and is refused.
        rows = PageFeedback.objects.filter(pk=feedback_id, found=False, comment="")
        if rows.update(comment=comment) != 1:
            raise FeedbackCommentRefused()
    try:
        return PageFeedback.objects.get(pk=feedback_id, found=False)
    except PageFeedback.DoesNotExist:
        raise FeedbackCommentRefused() from None
