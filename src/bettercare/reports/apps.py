"""Django app configuration for the reports package (templates and static files of the documents)."""

from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "bettercare.reports"
    label = "reports"
    verbose_name = "Reports"
