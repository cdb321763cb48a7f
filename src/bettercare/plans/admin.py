"""Admin pages for every model of this app (history-aware where the model keeps history). A frozen plan
(submitted, approved or assured) is read-only here too: it is a signed-off snapshot."""

from django.apps import apps
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Plan


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["area", "period", "version", "status"]
    list_filter = ["status", "area"]

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_frozen:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_frozen:
            return False
        return super().has_delete_permission(request, obj)


for model in apps.get_app_config("plans").get_models():
    if model.__name__.startswith("Historical") or model is Plan:
        continue
    admin.site.register(model, SimpleHistoryAdmin if hasattr(model, "history") else admin.ModelAdmin)
