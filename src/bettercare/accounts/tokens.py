"""Personal API tokens: create (the secret is returned once), find by secret, revoke.

A secret is ``bc_`` followed by 32 random bytes (``secrets.token_urlsafe``); the database keeps
only its SHA-256 hash, so a copy of the database does not give access. Tokens expire after at most
a year; a revoked or expired token is refused."""

import hashlib
import secrets
from datetime import timedelta

from django.utils import timezone

from .models import ApiToken

SECRET_PREFIX = "bc_"
EXPIRY_CHOICES = [(30, "30 days"), (90, "90 days"), (365, "1 year")]
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most once a minute per token


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_token(user, name: str, days: int) -> tuple[ApiToken, str]:
    """A new token for ``user`` valid for ``days`` days, and its secret (shown to the user once)."""
    if days not in dict(EXPIRY_CHOICES):
        raise ValueError(f"expiry must be one of {', '.join(str(d) for d, _ in EXPIRY_CHOICES)} days")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "API token",
        prefix=secret[:10],
        key_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, secret


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this secret (not revoked, not expired, owner active), else None.
    Records when it was last used."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(secret)).first()
    now = timezone.now()
    if token is None or token.revoked_at is not None or token.expires_at <= now or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def revoke(user, token_id: int) -> ApiToken | None:
    """Revoke one of ``user``'s own tokens; None if they have no such token."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is not None and token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
