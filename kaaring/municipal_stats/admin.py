"""Read-mostly admin views: figures come from imports, never from hand edits. Indicator names are
editable, since they are data (nb/nn/en) and an unknown SSB table arrives with its raw label."""

from django.contrib import admin
from django.http import HttpRequest

from kaaring.municipal_stats.models import Indicator, Municipality, MunicipalityCode, Snapshot


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin[Municipality]):
    list_display = ["number", "name", "county_name", "valid_from", "valid_to"]
    search_fields = ["number", "name", "codes__code", "codes__name"]
    readonly_fields = ["number", "name", "county_number", "county_name", "valid_from", "valid_to"]


@admin.register(MunicipalityCode)
class MunicipalityCodeAdmin(admin.ModelAdmin[MunicipalityCode]):
    list_display = ["code", "name", "municipality", "relation", "is_continuation", "valid_to"]
    list_filter = ["relation"]
    search_fields = ["code", "name"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    list_display = ["code", "name_nb", "unit"]
    search_fields = ["code", "name_nb", "name_nn", "name_en"]
    readonly_fields = ["code"]


@admin.register(Snapshot)
class SnapshotAdmin(admin.ModelAdmin[Snapshot]):
    list_display = ["source", "publisher", "snapshot_date", "figure_count", "imported_at"]
    list_filter = ["publisher"]
    readonly_fields = [f.name for f in Snapshot._meta.fields]
