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
