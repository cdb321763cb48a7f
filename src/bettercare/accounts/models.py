"""Who may see and change what: a user's membership of an HWB with a role, or of the national team."""

from django.conf import settings
from django.db import models

from bettercare.reference.models import Area


class Membership(models.Model):
    """Roles: viewer (read the HWB), editor (also change its data), approver (also sign off);
    national (read every HWB; ``area`` is empty)."""

    ROLES = [("viewer", "Viewer"), ("editor", "Editor"), ("approver", "Approver"), ("national", "National team")]
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    role = models.CharField(max_length=10, choices=ROLES)

    class Meta:
        unique_together = [("user", "area")]

    def __str__(self) -> str:
        return f"{self.user} - {self.area or 'all HWBs'} ({self.role})"


class ApiToken(models.Model):
    """A personal API token: it acts with its owner's roles. Only the SHA-256 hash of the secret is
    stored (the secret is shown once, when the token is created); ``prefix`` (the secret's first
    characters) lets the owner tell tokens apart. A token is usable until it expires or is revoked."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. 'Power BI report'")
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the secret, hex")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} - {self.name} ({self.prefix}…)"
