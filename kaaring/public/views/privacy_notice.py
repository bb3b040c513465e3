"""An edition's privacy notice: what its vote stores, why and for how long."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaaring.compliance.selectors import edition_privacy_notice
from kaaring.public.views.awards import _edition_or_404


def edition_privacy(request: HttpRequest, award: str, year: int) -> HttpResponse:
    edition = _edition_or_404(award, year)
    notice = edition_privacy_notice(edition=edition)
    return render(
        request,
        "public/privacy_notice.html",
        {"edition": edition, "award": edition.award, "notice": notice},
    )
