"""`bettercare serve`: gunicorn with whitenoise and the production settings, or (``dev=True``) Django's
development server with the development settings."""

from __future__ import annotations

import gc
import os

PRODUCTION_SETTINGS = "bettercare.web.settings"
DEVELOPMENT_SETTINGS = "bettercare.web.dev_settings"


class ServerRefused(Exception):
    """The production server will not start; the message says why and what to set."""


def choose_settings(dev: bool) -> None:
    """Point Django at the production or development settings (before Django is set up)."""
    os.environ["DJANGO_SETTINGS_MODULE"] = DEVELOPMENT_SETTINGS if dev else PRODUCTION_SETTINGS


def check_production_environment() -> None:
    """Refuse to serve without a signing key from the environment (see the README's production section)."""
    if not os.environ.get("BETTERCARE_SECRET_KEY"):
        raise ServerRefused(
            "BETTERCARE_SECRET_KEY is not set, so the production server will not start. Set it to a long "
            "random value (python -c \"import secrets; print(secrets.token_urlsafe(50))\") and keep it "
            "secret; or run `bettercare serve --dev` for the development server on this machine."
        )


PYTHON_COLLECTOR_THRESHOLDS = (700, 10, 10)  # CPython's defaults (the gc module's documentation)


def collect_as_python_does() -> None:
    """Python's own collector thresholds for the long-lived server: the command line raises them for a
    command's few seconds (``cli.main``), which a server running for weeks should not inherit."""
    gc.set_threshold(*PYTHON_COLLECTOR_THRESHOLDS)


def run_development_server(host: str, port: int) -> None:
    from django.core.management import call_command

    collect_as_python_does()
    call_command("runserver", f"{host}:{port}", use_reloader=False)


def run_production_server(host: str, port: int, workers: int) -> None:
    """gunicorn in this process, serving bettercare.web.wsgi (whitenoise serves the static files)."""
    from gunicorn.app.base import BaseApplication

    collect_as_python_does()

    class BettercareServer(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("accesslog", "-")
            self.cfg.set("forwarded_allow_ips", os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))

        def load(self):
            from bettercare.web.wsgi import application

            return application

    BettercareServer().run()
