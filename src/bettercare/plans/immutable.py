"""Immutability below the views and the admin: querysets whose ``update()`` and ``delete()`` refuse rows
that are frozen (a submitted, approved or assured plan; a submitted return and its metric statuses).
Bulk ``update()`` skips model ``save()`` and history, so without this guard it could change a signed-off
snapshot without trace. Each model says which of its rows are frozen with ``frozen_rows(queryset)``."""

from django.core.exceptions import ValidationError
from django.db import models


class FrozenRowsError(ValidationError):
    """An update or delete touched rows that are frozen; nothing was changed."""


class GuardedQuerySet(models.QuerySet):
    """A queryset that refuses to ``update()`` or ``delete()`` while any of its rows is frozen."""

    frozen_message = "Frozen records cannot be changed or deleted."

    def frozen_rows(self) -> models.QuerySet:
        return self.none()

    def _refuse_frozen(self, action: str) -> None:
        frozen = self.frozen_rows()
        if frozen.exists():
            example = frozen.first()
            raise FrozenRowsError(f"{self.frozen_message} Refused to {action} {example} (and any others frozen).")

    def update(self, **kwargs) -> int:
        self._refuse_frozen("change")
        return super().update(**kwargs)

    def delete(self):
        self._refuse_frozen("delete")
        return super().delete()

    update.queryset_only = True
    delete.queryset_only = True
