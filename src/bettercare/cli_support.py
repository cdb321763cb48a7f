"""Helpers every command group of the ``bettercare`` command line shares: Django set-up, the one
way to fail with a message, and finding an HWB by name or code. Imports nothing heavy at module
level, so that ``bettercare --help`` stays fast (each group's module is loaded only when used)."""

from __future__ import annotations

import os
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

console = Console(stderr=True)


def fail(message: str) -> NoReturn:
    """Print ``Error: message`` to standard error and exit with code 2 (a user error)."""
    console.print(Text.assemble(("Error: ", "bold red"), message), soft_wrap=True, highlight=False)
    raise typer.Exit(code=2)


def setup_django() -> None:
    """Configure Django for commands that use the database (no web server needed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bettercare.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def migrate(verbose: bool = False) -> None:
    """Bring the configured database up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def find_area(name_or_code: str):
    """The HWB by ONS GSS code or name (case-insensitive); exits with the known HWBs when unknown."""
    from bettercare.plans.models import Area

    text = name_or_code.strip()
    area = Area.objects.filter(gss_code__iexact=text).first() or Area.objects.filter(name__iexact=text).first()
    if area is None:
        known = ", ".join(f"{a.name} ({a.gss_code})" for a in Area.objects.order_by("name"))
        fail(f"no HWB called or coded {text!r}; known HWBs: {known or 'none (run `bettercare demo` first)'}")
    return area
