from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "bettercare.delivery"
    label = "delivery"
