"""URLs under /api/v1/: the API (and its openapi.json), its docs page and the Python / Power BI guide."""

from django.urls import path

from . import views
from .v1 import api

urlpatterns = [
    path("docs/", views.docs, name="api-docs"),
    path("guide/", views.guide, name="api-guide"),
    path("", api.urls),
]
