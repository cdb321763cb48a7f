"""Optimistic locking for edit forms.

Rule: a form carries the ``version`` of the row it was opened on. A save is applied only if the
stored row still has that version; otherwise it is refused with the name of the colleague whose
save came first and when, nothing is overwritten, and the refused attempt is kept as a
``RefusedEdit`` so the object's history shows both authors. The version check and the save run in
one transaction after a row-locking UPDATE, so two simultaneous saves cannot both pass."""

from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .versioning import RefusedEdit, Versioned


class StaleEdit(Exception):
    """The row changed since the form was opened; ``message`` says by whom and when.

    ``record()`` keeps the refused attempt; a single save records it at once, a save that is part
    of a larger transaction (``defer=True``) leaves it to the caller, after that transaction has
    rolled back, so the record is not rolled back with it."""

    def __init__(self, message: str, pending: dict):
        super().__init__(message)
        self.message = message
        self.pending = pending
        self.refused: RefusedEdit | None = None

    def record(self) -> RefusedEdit:
        if self.refused is None:
            self.refused = RefusedEdit.objects.create(message=self.message, **self.pending)
        return self.refused


class _Stale(Exception):
    """Internal: the version check failed inside the transaction."""


def model_label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def latest_change(obj: models.Model) -> tuple[Any, Any]:
    """(user, time) of the latest recorded save of ``obj``; (None, None) when none is recorded."""
    history = getattr(obj, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    if record is None:
        return None, None
    return record.history_user, record.history_date


def stale_message(noun: str, user, when) -> str:
    """ "This risk was changed by <user> at <time> since you opened it; your changes were not saved." """
    who = getattr(user, "username", None) or "someone (not recorded)"
    at = f" at {timezone.localtime(when):%d %B %Y %H:%M:%S}" if when else ""
    return f"This {noun} was changed by {who}{at} since you opened it; your changes were not saved."


def _as_text(value: Any) -> str:
    if isinstance(value, models.Model):
        return str(value)
    return "" if value is None else str(value)


def stale_edit(
    model: type[models.Model], obj: models.Model | None, seen_version: int, changes: dict, user, noun: str, label: str
) -> StaleEdit:
    """The StaleEdit for a refused save of ``obj`` (the stored row as it is now, or None)."""
    changed_by, changed_at = latest_change(obj) if obj is not None else (None, None)
    if obj is None:
        message = f"This {noun} was deleted since you opened it; your changes were not saved."
    else:
        message = stale_message(noun, changed_by, changed_at)
    pending = {
        "model": model_label(model),
        "object_id": getattr(obj, "pk", None),
        "object_repr": label[:300],
        "user": user if getattr(user, "is_authenticated", False) else None,
        "attempted_at": timezone.now(),
        "seen_version": seen_version,
        "current_version": getattr(obj, "version", None),
        "changed_by": changed_by,
        "changed_at": changed_at,
        "changes": {name: _as_text(value) for name, value in changes.items()},
    }
    return StaleEdit(message, pending)


def save_versioned(
    obj: Versioned,
    expected_version: int,
    changes: dict[str, Any],
    user,
    noun: str,
    defer: bool = False,
) -> Versioned:
    """Apply ``changes`` to the stored row of ``obj`` if its version is still ``expected_version``
    (the model's own validation runs first). Raises StaleEdit when the row changed since it was
    opened, recorded at once unless ``defer``."""
    model = type(obj)
    try:
        with transaction.atomic():
            claimed = model.objects.filter(pk=obj.pk, version=expected_version).update(version=expected_version)
            if not claimed:
                raise _Stale
            fresh = model.objects.get(pk=obj.pk)
            for name, value in changes.items():
                setattr(fresh, name, value)
            fresh.full_clean(validate_unique=False, validate_constraints=False)
            fresh._history_user = user
            fresh.save()
            return fresh
    except _Stale:
        current = model.objects.filter(pk=obj.pk).first()
        error = stale_edit(model, current, expected_version, changes, user, noun, str(current or obj))
        if not defer:
            error.record()
        raise error from None


def create_or_update_versioned(
    model: type[Versioned],
    keys: dict[str, Any],
    expected_version: int,
    changes: dict[str, Any],
    user,
    noun: str,
    defer: bool = False,
) -> Versioned:
    """Save the row identified by ``keys``: create it when the form saw none (version 0), else
    update it as ``save_versioned``. A row created by someone else meanwhile is a stale edit."""
    existing = model.objects.filter(**keys).first()
    if existing is not None:
        return save_versioned(existing, expected_version, changes, user, noun, defer=defer)
    if expected_version != 0:
        error = stale_edit(model, None, expected_version, changes, user, noun, str(keys))
        if not defer:
            error.record()
        raise error
    try:
        with transaction.atomic():
            obj = model(**keys, **changes)
            obj.full_clean(validate_unique=False, validate_constraints=False)
            obj._history_user = user
            obj.save()
            return obj
    except IntegrityError:
        current = model.objects.filter(**keys).first()
        error = stale_edit(model, current, 0, changes, user, noun, str(current or keys))
        if not defer:
            error.record()
        raise error from None
