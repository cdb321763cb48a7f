from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "bettercare.web"
    label = "web"
