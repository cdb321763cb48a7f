"""Saving metric commentary from the dashboard. Rule: the dashboard posts every row's commentary with the
version each row had when the page was opened; only rows whose text differs from what is stored are
saved, each only if nobody saved it meanwhile (optimistic locking). So saving one row never loses text
typed in another, and a row changed by a colleague is refused with their name, keeping the user's text."""

from dataclasses import dataclass

from django.db import transaction

from bettercare.plans.locking import StaleEdit, create_or_update_versioned, stale_edit
from bettercare.reference.models import Area, Metric

from .models import MetricCommentary

NOUN = "commentary"


@dataclass(frozen=True)
class CommentaryEdit:
    metric: Metric
    text: str
    seen_version: int  # the row's version when the page was opened; 0 = there was no commentary


def save_commentaries(user, area: Area, period: str, edits: list[CommentaryEdit]) -> dict[str, StaleEdit]:
    """Save each changed commentary; return the refused ones by metric code (each already recorded)."""
    refused: dict[str, StaleEdit] = {}
    for edit in edits:
        keys = {"area": area, "metric": edit.metric, "period": period}
        current = MetricCommentary.objects.filter(**keys).first()
        if (current.text if current else "") == edit.text:
            continue  # unchanged: nothing to save, nothing to refuse
        try:
            if edit.text:
                create_or_update_versioned(
                    MetricCommentary, keys, edit.seen_version, {"text": edit.text, "updated_by": user}, user, NOUN
                )
            else:
                remove_commentary(user, current, edit.seen_version)
        except StaleEdit as error:
            refused[edit.metric.code] = error
    return refused


def remove_commentary(user, current: MetricCommentary, seen_version: int) -> None:
    """Clearing the text removes the commentary, if it is still the version the user saw."""
    with transaction.atomic():
        if MetricCommentary.objects.filter(pk=current.pk, version=seen_version).update(version=seen_version):
            current._history_user = user
            current.delete()
            return
    error = stale_edit(MetricCommentary, current, seen_version, {"text": ""}, user, NOUN, str(current))
    error.record()
    raise error
