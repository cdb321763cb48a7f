"""An object's history for people: every recorded save (who, when, which fields changed from what
to what) and every refused stale save, newest first."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import models
from django.utils import timezone

from bettercare.plans.locking import model_label
from bettercare.plans.versioning import RefusedEdit


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    kind: str  # "Created", "Changed", "Deleted", "Refused (stale)"
    version: int | None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)
    note: str = ""
    subject: str = ""


def _text(value) -> str:
    """A field's value in words and figures: nothing is "–", a missing related object (which
    django-simple-history shows as "Deleted user (pk=None)") is "–", yes/no for booleans, dates
    as "3 May 2018", money and counts with thousands separators, a mapping as "key: value" pairs."""
    if value is None or value == "" or value == {} or value == []:
        return "–"
    if type(value).__name__ == "DeletedObject":
        return "–" if getattr(value, "pk", None) is None else f"a deleted record (no. {value.pk})"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return uk_time(value)
    if isinstance(value, date):
        return f"{value.day} {value:%B %Y}"
    if isinstance(value, (int, Decimal)):
        return f"{value:,}"
    if isinstance(value, dict):
        return "; ".join(f"{str(key).replace('_', ' ').capitalize()}: {_text(item)}" for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return ", ".join(_text(item) for item in value)
    return str(value)


def uk_time(moment: datetime) -> str:
    """UK local time to the minute, as people write it: "29 November 2026, 19:14"."""
    local = timezone.localtime(moment, ZoneInfo("Europe/London")) if timezone.is_aware(moment) else moment
    return f"{local.day} {local:%B %Y, %H:%M}"


def _user(user) -> str:
    return getattr(user, "username", None) or "not recorded"


def _verbose(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a field removed since the attempt was recorded
        return name


def history_entries(obj: models.Model, subject: str = "") -> list[HistoryEntry]:
    """Saves recorded by django-simple-history and refused attempts, merged newest first."""
    entries: list[HistoryEntry] = []
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    previous = None
    for record in records:
        changes: list[tuple[str, str, str]] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            for change in delta.changes:
                if change.field in ("version", "history_change_reason"):
                    continue  # the save counter used for conflict checks, not a version users know
                verbose = record._meta.get_field(change.field).verbose_name
                changes.append((str(verbose).capitalize(), _text(change.old), _text(change.new)))
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=_user(record.history_user),
                kind=record.get_history_type_display(),
                version=getattr(record, "version", None),
                changes=changes,
                note=record.history_change_reason or "",
                subject=subject,
            )
        )
        previous = record
    refused = RefusedEdit.objects.filter(model=model_label(type(obj)), object_id=obj.pk).select_related("user")
    for attempt in refused:
        entries.append(
            HistoryEntry(
                when=attempt.attempted_at,
                who=_user(attempt.user),
                kind="Refused (stale)",
                version=attempt.seen_version,
                changes=[(_verbose(type(obj), name), "", _text(v)) for name, v in sorted(attempt.changes.items())
                         if name != "version"],
                note=attempt.message,
                subject=subject,
            )
        )
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries
