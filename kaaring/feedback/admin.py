"""Page feedback in the Django admin: read, and delete an answer that holds personal data."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kaaring.feedback.models import PageFeedback


@admin.register(PageFeedback)
class PageFeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "path", "language", "found", "organisation"]
    list_filter = ["found", "language", "organisation"]
    search_fields = ["path", "comment"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in PageFeedback._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
