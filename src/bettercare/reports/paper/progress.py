"""Progress by theme and scheme: the plan's priorities (themes) with their schemes (spend in the
year) and their actions and milestones (deadline, status and flags as at the meeting date).

Grouping rule: an action belongs to its own priority, else to its scheme's priority; schemes and
actions with neither are listed after the themes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bettercare.delivery.models import Action
from bettercare.indicators.presentation import pounds
from bettercare.plans.models import Plan, Scheme

from ..sources import actions_with_flags

FLAG_NAMES = {"complete": "Complete", "overdue": "Overdue", "slipped": "Slipped"}


@dataclass
class SchemeLine:
    ref: str
    name: str
    lead: str
    spend: str
    source: str


@dataclass
class ActionLine:
    ref: str
    text: str
    owner: str
    deadline: str
    status: str
    flags: list[str]
    source: str


@dataclass
class Theme:
    code: str
    name: str
    description: str
    source: str
    schemes: list[SchemeLine] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)


def _spend(scheme: Scheme, financial_year: str) -> str:
    rows = [f for f in scheme.finances.all() if f.kind == "spend" and f.financial_year == financial_year]
    if not rows:
        return "–"
    return pounds(sum((f.recurrent + f.non_recurrent for f in rows), Decimal(0)))


def _action_line(row) -> ActionLine:
    action: Action = row.action
    flags = [FLAG_NAMES[f] for f in row.flags if f in FLAG_NAMES]
    if row.slipped and row.original_deadline_text:
        flags[-1] = f"Slipped (was {row.original_deadline_text})"
    return ActionLine(
        ref=action.ref,
        text=action.action,
        owner=action.owner or "not recorded",
        deadline=action.deadline_text or "none recorded",
        status=action.status or "not recorded",
        flags=flags,
        source=action.source or "not recorded",
    )


def themes(plan: Plan, financial_year: str, as_at: date) -> tuple[list[Theme], Theme | None]:
    """The plan's themes in code order, and the leftovers (None when there are none)."""
    by_code = {
        p.id: Theme(p.code, p.name, p.description, p.source or "not recorded") for p in plan.priorities.order_by("code")
    }
    other = Theme("", "Other schemes, actions and milestones", "", "")
    scheme_priority: dict[int, int | None] = {}
    grouped: dict[int | None, list[SchemeLine]] = defaultdict(list)
    for scheme in plan.schemes.select_related("priority").prefetch_related("finances").order_by("ref"):
        scheme_priority[scheme.id] = scheme.priority_id
        grouped[scheme.priority_id].append(
            SchemeLine(
                scheme.ref,
                scheme.name,
                scheme.lead_provider or "not recorded",
                _spend(scheme, financial_year),
                scheme.source or "not recorded",
            )
        )
    actions = list(plan.actions.select_related("priority", "scheme", "change").order_by("ref"))
    for row in actions_with_flags(actions, as_at):
        action = row.action
        priority_id = action.priority_id or scheme_priority.get(action.scheme_id)
        (by_code.get(priority_id) or other).actions.append(_action_line(row))
    for priority_id, lines in grouped.items():
        (by_code.get(priority_id) or other).schemes.extend(lines)
    return list(by_code.values()), (other if other.schemes or other.actions else None)
