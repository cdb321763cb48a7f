"""Admin pages for every model of this app (history-aware where the model keeps history). A submitted
quarterly return is read-only here too: it is an immutable snapshot (a resubmission is a new version)."""

from django.apps import apps
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import QuarterlyReturn, ReturnMetricStatus


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(SimpleHistoryAdmin):
    list_display = ["area", "quarter", "revision", "status"]
    list_filter = ["status", "area"]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == "submitted":
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.status == "submitted":
            return False
        return super().has_delete_permission(request, obj)


@admin.register(ReturnMetricStatus)
class ReturnMetricStatusAdmin(SimpleHistoryAdmin):
    """Read-only once its return has left draft (what was signed off cannot change)."""

    list_display = ["quarterly_return", "metric", "proposed_status", "chosen_status"]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.quarterly_return.status != "draft":
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.quarterly_return.status != "draft":
            return False
        return super().has_delete_permission(request, obj)


for model in apps.get_app_config("delivery").get_models():
    if model.__name__.startswith("Historical") or model in (QuarterlyReturn, ReturnMetricStatus):
        continue
    admin.site.register(model, SimpleHistoryAdmin if hasattr(model, "history") else admin.ModelAdmin)
