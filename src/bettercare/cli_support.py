"""Helpers every command group of the ``bettercare`` command line shares: Django set-up, the one
way to fail with a message, the author of every change the command makes, and finding an HWB by name
or code. Imports nothing heavy at module
level, so that ``bettercare --help`` stays fast (each group's module is loaded only when used)."""

from __future__ import annotations

import os
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

console = Console(stderr=True)

ACTOR_ENVIRONMENT = "BETTERCARE_USER"
SYSTEM_ACTOR_PREFIX = "cli-"
_requested_actor: str | None = None


def fail(message: str) -> NoReturn:
    """Print ``Error: message`` to standard error and exit with code 2 (a user error)."""
    say_error(message)
    raise typer.Exit(code=2)


def say_error(message: str) -> None:
    """Print ``Error: message`` to standard error."""
    console.print(Text.assemble(("Error: ", "bold red"), message), soft_wrap=True, highlight=False)


def setup_django() -> None:
    """Configure Django for commands that use the database (no web server needed)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bettercare.web.settings")
    import django
    from django.conf import settings

    django.setup()
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)


def request_actor(username: str | None) -> None:
    """Remember who runs this command (the root's ``--as``); ``None`` falls back to
    ``BETTERCARE_USER``, then to the operating-system user as a system actor."""
    global _requested_actor
    _requested_actor = username


def system_actor(os_user: str):
    """The named system actor for an operating-system user: ``cli-<os user>``, "Command line (<os
    user>)", unable to sign in. Created on first use."""
    from django.contrib.auth import get_user_model

    actor, created = get_user_model().objects.get_or_create(
        username=f"{SYSTEM_ACTOR_PREFIX}{os_user}"[:150],
        defaults={"first_name": "Command line", "last_name": f"({os_user})", "is_active": False},
    )
    if created:
        actor.set_unusable_password()
        actor.save(update_fields=["password"])
    return actor


def command_actor():
    """The author of the changes this command makes: ``--as USER``, else ``BETTERCARE_USER``, else the
    operating-system user as a system actor. An unknown user named by ``--as`` or the environment is
    an error, never silently replaced."""
    import getpass

    from django.contrib.auth import get_user_model

    name = _requested_actor or os.environ.get(ACTOR_ENVIRONMENT) or None
    if name is None:
        return system_actor(getpass.getuser())
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        source = "--as" if _requested_actor else ACTOR_ENVIRONMENT
        fail(f"{source} {name}: there is no such user (create one with `bettercare manage createsuperuser`)")
    return user


def record_changes_as(user) -> None:
    """Every history row written from now on in this thread names ``user`` as its author
    (django-simple-history reads the user of the current request; the command line has none)."""
    from types import SimpleNamespace

    from simple_history.models import HistoricalRecords

    HistoricalRecords.context.request = SimpleNamespace(user=user)


def stop_recording_changes() -> None:
    """Forget the command's author (after the command, so an in-process caller is not affected)."""
    from simple_history.models import HistoricalRecords

    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


def record_command_actor():
    """For a command that changes data (after ``setup_django`` and any migration): resolve the
    command's author and name it on every history row the command writes; returns the author."""
    actor = command_actor()
    record_changes_as(actor)
    return actor


def migrate(verbose: bool = False) -> None:
    """Bring the configured database up to date."""
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def find_area(name_or_code: str):
    """The HWB by ONS GSS code or name (case-insensitive); exits with the known HWBs when unknown."""
    from bettercare.reference.models import Area

    text = name_or_code.strip()
    area = Area.objects.filter(gss_code__iexact=text).first() or Area.objects.filter(name__iexact=text).first()
    if area is None:
        known = ", ".join(f"{a.name} ({a.gss_code})" for a in Area.objects.order_by("name"))
        fail(f"no HWB called or coded {text!r}; known HWBs: {known or 'none (run `bettercare demo` first)'}")
    return area
