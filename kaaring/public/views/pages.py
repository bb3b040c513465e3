from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from kaaring.awards.selectors import awards_public_with_current_edition


def home(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    awards = [
        {"award": award, "edition": edition, "phase": edition.phase_at(now) if edition else None}
        for award, edition in awards_public_with_current_edition(at=now)
    ]
    return render(request, "public/home.html", {"awards": awards})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/privacy.html")
