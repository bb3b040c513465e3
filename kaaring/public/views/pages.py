from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kaaring.awards.selectors import awards_public


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"awards": awards_public()})


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "public/privacy.html")
