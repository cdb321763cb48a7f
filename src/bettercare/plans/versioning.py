"""Optimistic locking's model side, shared by every app whose rows users edit (the save rules are in
``bettercare.plans.locking``), and the record of a refused save."""

from django.conf import settings
from django.db import models


class Versioned(models.Model):
    """Optimistic locking: ``version`` starts at 1 and goes up by one on every save of a stored row
    (also when only some fields are saved), so a form can tell whether the row changed since it
    was opened."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

class RefusedEdit(models.Model):
    """A save refused because the row changed after the user opened it (optimistic locking).
    Kept so that the object's history shows who tried to change what, beside who changed it."""

    model = models.CharField(max_length=60, help_text='App label and model, e.g. "delivery.risk"')
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    object_repr = models.CharField(max_length=300)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attempted_at = models.DateTimeField()
    seen_version = models.PositiveIntegerField(help_text="The version the user opened (0 = not yet created)")
    current_version = models.PositiveIntegerField(null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)
    changes = models.JSONField(default=dict, help_text="Field -> the value the user tried to save (as text)")
    message = models.TextField()

    class Meta:
        app_label = "plans"
        db_table = "delivery_refusededit"  # made by delivery's migrations; moved here unchanged
        ordering = ["-attempted_at"]

    def __str__(self) -> str:
        return f"Refused edit of {self.object_repr} by {self.user} at {self.attempted_at:%Y-%m-%d %H:%M}"

