from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "bettercare.monitoring"
    label = "monitoring"
