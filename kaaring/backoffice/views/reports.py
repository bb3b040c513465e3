"""What an organisation reads: its page feedback and its audit log."""

from itertools import groupby

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaaring.accounts.selectors import organisation_only
from kaaring.audit.selectors import audit_entries
from kaaring.backoffice.access import backoffice_view, organisation_or_404
from kaaring.backoffice.audit_display import describe
from kaaring.feedback.selectors import feedback_for, feedback_summary

COMMENTS_SHOWN = 500
AUDIT_PAGE_SIZE = 50


@backoffice_view
def feedback(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    scope = organisation_only(organisation=org)
    comments = (
        feedback_for(organisations=scope)
        .exclude(comment="")
        .order_by("path", "language", "-created_at")[:COMMENTS_SHOWN]
    )
    by_page = {
        key: list(group)
        for key, group in groupby(comments, key=lambda answer: (answer.path, answer.language))
    }
    pages = [
        {"summary": summary, "comments": by_page.get((summary.path, summary.language), [])}
        for summary in feedback_summary(organisations=scope)
    ]
    return render(request, "backoffice/feedback.html", {"organisation": org, "pages": pages})


@backoffice_view
def audit_log(request: HttpRequest, organisation: str) -> HttpResponse:
    org = organisation_or_404(request, organisation)
    page = Paginator(audit_entries(organisation=org), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    rows = [describe(entry) for entry in page.object_list]
    return render(
        request, "backoffice/audit_log.html", {"organisation": org, "page": page, "rows": rows}
    )
