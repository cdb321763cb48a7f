from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The API holds no models; it is an app so that its pages' templates are found."""

    name = "bettercare.api"
    label = "api"
