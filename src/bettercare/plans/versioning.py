"""Optimistic locking's model side, shared by every app whose rows users edit (the save rules are in
``bettercare.delivery.locking``)."""

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
