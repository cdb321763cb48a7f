"""URLs of the delivery pages (included at the site root by bettercare.web.urls)."""

from django.urls import path  # noqa: F401

app_name = "delivery"
urlpatterns: list = []
