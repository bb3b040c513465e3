"""The audit log in the Django admin: read-only, like everywhere else."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kaaring.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "organisation", "action", "target_label"]
    list_filter = ["action", "organisation"]
    search_fields = ["action", "target_label", "actor_label"]
    date_hierarchy = "at"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
