"""An organisation's accessibility statement: what the automated checks found, what a check of
its nominee content finds, and what the organiser declares."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kaaring.accounts.models import Organisation
from kaaring.compliance.selectors import organisation_accessibility_statement


def organisation_accessibility(request: HttpRequest, organisation: str) -> HttpResponse:
    found = Organisation.objects.filter(slug=organisation).first()
    if found is None:
        raise Http404
    statement = organisation_accessibility_statement(organisation=found)
    return render(
        request, "public/accessibility_statement.html", {"statement": statement, "org": found}
    )
