"""Actions and milestones: flags, filters and edits.

Definitions (issue 6):
- complete: a completed date is recorded, or the status is one of ``action_complete_statuses`` in
  ``catalogue/rules/delivery.yaml`` (seed 003 writes "Complete");
- overdue: not complete and the day of reckoning (today, or an "as at" date) is after
  ``deadline_end``; an action without a deadline window is never overdue;
- slipped: the deadline moved later, seen in history: the current ``deadline_end`` is later than the
  earliest ``deadline_end`` ever recorded for the action.
Actions stay editable after plan approval: they are tracked through delivery."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.plans.locking import save_versioned
from bettercare.plans.models import Plan

from .models import Action
from .rules import complete_statuses

EDITABLE_FIELDS = [
    "action",
    "change",
    "scheme",
    "priority",
    "owner",
    "deadline_text",
    "deadline_start",
    "deadline_end",
    "status",
    "completed_on",
]
FLAGS = {"overdue": "Overdue", "slipped": "Slipped", "complete": "Complete", "open": "Not complete"}


def is_complete(action: Action) -> bool:
    return action.completed_on is not None or (action.status or "").strip().lower() in complete_statuses()


def is_overdue(action: Action, as_at: date) -> bool:
    return not is_complete(action) and action.deadline_end is not None and as_at > action.deadline_end


@dataclass
class ActionRow:
    action: Action
    complete: bool
    overdue: bool
    slipped: bool
    original_deadline_text: str
    original_deadline_end: date | None

    @property
    def flags(self) -> list[str]:
        names = []
        if self.complete:
            names.append("complete")
        if self.overdue:
            names.append("overdue")
        if self.slipped:
            names.append("slipped")
        return names


def earliest_deadlines(actions: list[Action]) -> dict[int, tuple[date, str]]:
    """Per action id, the earliest deadline_end ever recorded in history and the text it had."""
    earliest: dict[int, tuple[date, str]] = {}
    records = (
        Action.history.filter(id__in=[a.id for a in actions], deadline_end__isnull=False)
        .order_by("history_date", "history_id")
        .values_list("id", "deadline_end", "deadline_text")
    )
    for action_id, end, text in records:
        if action_id not in earliest or end < earliest[action_id][0]:
            earliest[action_id] = (end, text)
    return earliest


def natural_key(action: Action) -> tuple:
    """Order by HICM change, then reference with numbers compared as numbers (C4-2 before C4-10)."""
    parts = tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", action.ref))
    return (action.change.number if action.change_id else 10**6, tuple((isinstance(p, str), p) for p in parts))


def action_rows(actions, as_at: date | None = None) -> list[ActionRow]:
    """Each action with its complete / overdue / slipped flags as at ``as_at`` (default today),
    in ``natural_key`` order."""
    as_at = as_at or timezone.localdate()
    actions = sorted(actions, key=natural_key)
    earliest = earliest_deadlines(actions)
    rows = []
    for action in actions:
        first_end, first_text = earliest.get(action.id, (None, ""))
        slipped = bool(first_end and action.deadline_end and action.deadline_end > first_end)
        rows.append(
            ActionRow(
                action=action,
                complete=is_complete(action),
                overdue=is_overdue(action, as_at),
                slipped=slipped,
                original_deadline_text=first_text if slipped else "",
                original_deadline_end=first_end if slipped else None,
            )
        )
    return rows


def filter_rows(rows: list[ActionRow], change=None, scheme=None, priority=None, status=None, flag=None):
    """Rows matching every given filter: HICM change number, scheme ref, priority code, status as
    written ("" = no status), and flag (overdue, slipped, complete, open)."""
    chosen = []
    for row in rows:
        action = row.action
        if change not in (None, "") and str(getattr(action.change, "number", "")) != str(change):
            continue
        if scheme not in (None, "") and getattr(action.scheme, "ref", None) != scheme:
            continue
        if priority not in (None, "") and getattr(action.priority, "code", None) != priority:
            continue
        if status is not None and status != "*" and (action.status or "") != status:
            continue
        if flag == "open" and row.complete:
            continue
        if flag in ("overdue", "slipped", "complete") and flag not in row.flags:
            continue
        chosen.append(row)
    return chosen


def flag_counts(rows: list[ActionRow]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        for name in row.flags:
            counts[name] += 1
    counts["open"] = sum(1 for row in rows if not row.complete)
    return dict(counts)


def validate_values(plan: Plan, values: dict) -> None:
    """Rules: the deadline window starts no later than it ends; linked change, scheme and priority
    belong to the plan (its HICM model for the change)."""
    errors = {}
    start, end = values.get("deadline_start"), values.get("deadline_end")
    if start and end and start > end:
        errors["deadline_end"] = "The deadline window must end on or after the day it starts."
    if (start or end) and not (values.get("deadline_text") or "").strip():
        errors["deadline_text"] = "Enter the deadline as written, for example March 2018."
    for name, owner in (("scheme", "plan_id"), ("priority", "plan_id")):
        linked = values.get(name)
        if linked is not None and getattr(linked, owner) != plan.id:
            errors[name] = f"Choose a {name} of this plan."
    change = values.get("change")
    if change is not None and change.model.code != plan.period.hicm_model:
        errors["change"] = "Choose a change of the plan's High Impact Change Model."
    if errors:
        raise ValidationError(errors)


def update_action(user, action: Action, expected_version: int, values: dict) -> Action:
    """Save an edit of an action if nobody changed it since ``expected_version`` (else StaleEdit)."""
    require(user, "edit", action)
    changes = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    validate_values(action.plan, {**{n: getattr(action, n) for n in EDITABLE_FIELDS}, **changes})
    return save_versioned(action, expected_version, changes, user, "action")


def create_action(user, plan: Plan, ref: str, values: dict) -> Action:
    """Add an action or milestone to a plan; the reference must be new in the plan."""
    require(user, "edit", plan)
    ref = (ref or "").strip()
    if not ref:
        raise ValidationError({"ref": "Enter a reference for the action, for example C4-15."})
    if Action.objects.filter(plan=plan, ref=ref).exists():
        raise ValidationError({"ref": f"Action {ref} already exists in this plan; choose another reference."})
    validate_values(plan, values)
    with transaction.atomic():
        action = Action(plan=plan, ref=ref, **{n: values.get(n) for n in EDITABLE_FIELDS if n in values})
        for name in ("owner", "deadline_text", "status"):
            setattr(action, name, getattr(action, name) or "")
        action.source = f"Entered in bettercare by {user.username} on {timezone.localdate():%d %B %Y}"
        action.full_clean(validate_unique=False, validate_constraints=False)
        action._history_user = user
        action.save()
    return action
