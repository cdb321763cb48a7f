"""Deployment checks added to `manage check --deploy`."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs, **kwargs) -> list[Error]:
    """bettercare.E001: the signing key must come from BETTERCARE_SECRET_KEY, not a built-in or per-process
    value (sessions and CSRF tokens would not survive a restart, or would be forgeable)."""
    if getattr(settings, "SECRET_KEY_FROM_ENVIRONMENT", False):
        return []
    return [
        Error(
            "BETTERCARE_SECRET_KEY is not set.",
            hint="Set BETTERCARE_SECRET_KEY to a long random value, e.g. the output of "
            "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`.",
            id="bettercare.E001",
        )
    ]
