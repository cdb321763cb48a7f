"""Admin pages for every reference model (history-aware where the model keeps history)."""

from django.apps import apps
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

for model in apps.get_app_config("reference").get_models():
    if model.__name__.startswith("Historical"):
        continue
    admin.site.register(model, SimpleHistoryAdmin if hasattr(model, "history") else admin.ModelAdmin)
