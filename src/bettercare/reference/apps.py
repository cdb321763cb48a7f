from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "bettercare.reference"
    label = "reference"
    verbose_name = "Reference data"
