"""Rendering the reports' Django templates.

The documents' templates live in ``reports/templates/reports/``. When ``bettercare.reports`` is in
INSTALLED_APPS Django's own template loaders find them; otherwise a private template backend with
the same options (plus this package's template folder) is used, so the documents render either way."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.template.backends.django import DjangoTemplates

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static" / "reports"


@lru_cache(maxsize=1)
def _private_backend() -> DjangoTemplates:
    from django.conf import settings

    configured = next(
        (t for t in settings.TEMPLATES if t["BACKEND"] == "django.template.backends.django.DjangoTemplates"), {}
    )
    options = {k: v for k, v in configured.get("OPTIONS", {}).items() if k != "loaders"}
    return DjangoTemplates(
        {
            "NAME": "bettercare-reports",
            "DIRS": [str(TEMPLATE_DIR), *configured.get("DIRS", [])],
            "APP_DIRS": True,
            "OPTIONS": options,
        }
    )


def backend():
    """The template backend that can find ``reports/...`` templates."""
    if apps.is_installed("bettercare.reports"):
        return engines["django"]
    return _private_backend()


def render_to_string(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> str:
    """A template of the reports (or any app) rendered to text."""
    return backend().get_template(template).render(context, request)


def render_page(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """A web page (extending ``bettercare/base.html``) rendered with the request's context."""
    return HttpResponse(render_to_string(template, context, request), status=status)


def stylesheet(name: str) -> str:
    """The text of one of the documents' stylesheets (inlined, so a saved HTML file stands alone)."""
    return (STATIC_DIR / name).read_text(encoding="utf-8")
