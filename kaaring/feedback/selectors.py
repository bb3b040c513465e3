from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from kaaring.accounts.models import Organisation
from kaaring.feedback.models import PageFeedback


@dataclass(frozen=True)
class PageSummary:
    path: str
    language: str
    yes: int
    no: int


def feedback_for(*, organisations: QuerySet[Organisation]) -> QuerySet[PageFeedback]:
    return PageFeedback.objects.filter(organisation__in=organisations)


def feedback_summary(*, organisations: QuerySet[Organisation]) -> list[PageSummary]:
    rows = (
        feedback_for(organisations=organisations)
        .values("path", "language")
        .annotate(yes=Count("id", filter=Q(found=True)), no=Count("id", filter=Q(found=False)))
        .order_by("path", "language")
    )
    return [PageSummary(**row) for row in rows]
