from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "bettercare.plans"
    label = "plans"
