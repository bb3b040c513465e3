from django.contrib import admin

from kaaring.compliance.models import Declaration


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "updated_at"]
