"""Dated notes and rebases on an area's SPC charts: the service that records them (permission
checked first, author kept, history by django-simple-history), called by the web form and usable
from the CLI or the API. How notes are drawn and how a rebase restarts the limits:
:mod:`.spc_series`."""

from __future__ import annotations

from datetime import date

from bettercare.accounts.access import require
from bettercare.plans.models import Area, Metric

from .models import SpcNote

MAX_TEXT = 200


class NoteError(ValueError):
    """A note that cannot be recorded, with the field and the rule broken."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def add_spc_note(user, area: Area, metric_code: str, on: date | str, text: str, rebase: bool = False) -> SpcNote:
    """Record a dated note (with ``rebase``, new limits from that date, the note being the reason)
    on the area's SPC chart of a metric; ``user`` must be allowed to edit the area's data."""
    require(user, "edit", area)
    if not Metric.objects.filter(code=metric_code).exists():
        raise NoteError("metric", f"there is no metric {metric_code!r}")
    if isinstance(on, str):
        try:
            on = date.fromisoformat(on.strip())
        except ValueError:
            raise NoteError("date", f"{on!r} is not a date like 2024-04-01") from None
    words = (text or "").strip()
    if not words:
        raise NoteError("text", "say what happened (it is the reason for a rebase)")
    if len(words) > MAX_TEXT:
        raise NoteError("text", f"at most {MAX_TEXT} characters ({len(words)} given)")
    return SpcNote.objects.create(
        area=area, metric_code=metric_code, on=on, text=words, rebase=bool(rebase), created_by=user
    )
