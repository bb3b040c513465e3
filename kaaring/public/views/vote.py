"""Public vote: see kaaring/public/views/vote_common.py for the shared steps."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
