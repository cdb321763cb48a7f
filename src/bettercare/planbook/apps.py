from django.apps import AppConfig


class PlanbookConfig(AppConfig):
    name = "bettercare.planbook"
    label = "planbook"
    verbose_name = "Plan aggregate"
