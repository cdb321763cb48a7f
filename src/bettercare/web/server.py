"""`bettercare serve`: gunicorn with whitenoise and the production settings, or (``dev=True``) Django's
development server with the development settings."""

from __future__ import annotations

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


def run_development_server(host: str, port: int) -> None:
    from django.core.management import call_command

    call_command("runserver", f"{host}:{port}", use_reloader=False)


def run_production_server(host: str, port: int, workers: int) -> None:
    """gunicorn in this process, serving bettercare.web.wsgi (whitenoise serves the static files)."""
    from gunicorn.app.base import BaseApplication

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
