"""Idempotent writes: create a row, update only the fields that differ, or leave it untouched."""

from typing import Any, Literal

from django.db import models

Outcome = Literal["created", "updated", "unchanged"]


def upsert(
    model: type[models.Model], keys: dict[str, Any], values: dict[str, Any], fill_only: bool = False
) -> tuple[Any, Outcome]:
    """Find the row matching ``keys``; create it with ``values``, or save only when a value changed.

    Saving only on change keeps history free of no-op versions, so loading the same data twice
    changes nothing. With ``fill_only`` an existing row keeps every non-empty value and only blank
    fields are filled: used for rows that several sources describe (areas, organisations), so
    that the order of loading cannot flip them back and forth."""
    obj = model.objects.filter(**keys).first()
    if obj is None:
        obj = model(**keys, **values)
        obj.full_clean(validate_unique=False, validate_constraints=False)
        obj.save()
        return obj, "created"
    given = model(**values)  # the values as the model holds them (a period's text: its typed value)
    changed = {
        name: value
        for name, value in values.items()
        if getattr(obj, name) != getattr(given, name) and not (fill_only and getattr(obj, name) not in (None, ""))
    }
    if not changed:
        return obj, "unchanged"
    for name, value in changed.items():
        setattr(obj, name, value)
    obj.full_clean(validate_unique=False, validate_constraints=False)
    obj.save(update_fields=list(changed))
    return obj, "updated"
