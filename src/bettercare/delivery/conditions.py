"""National conditions confirmed per quarter (primer s5): the conditions of the plan's policy period
come from the catalogue (``NationalCondition`` rows); each is answered Yes or No per quarter, and a
No needs a narrative saying why and what is being done."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.indicators.periods import Quarter
from bettercare.plans.locking import StaleEdit, create_or_update_versioned
from bettercare.plans.models import Plan
from bettercare.reference.models import NationalCondition

from .freeze import ensure_open
from .models import ConditionConfirmation
from .quarters import ensure_plan_quarter


def conditions_of(plan: Plan) -> list[NationalCondition]:
    return list(NationalCondition.objects.filter(period=plan.period).order_by("number"))


@dataclass
class ConditionAnswer:
    condition: NationalCondition
    confirmation: ConditionConfirmation | None

    @property
    def answer(self) -> str:
        confirmed = getattr(self.confirmation, "confirmed", None)
        return "Not answered" if confirmed is None else ("Yes" if confirmed else "No")


def answers(plan: Plan, quarter: Quarter | str) -> list[ConditionAnswer]:
    """Every condition of the plan's period with its confirmation for ``quarter`` (or None)."""
    found = {
        c.condition_id: c
        for c in ConditionConfirmation.objects.filter(plan=plan, quarter=quarter).select_related("condition")
    }
    return [ConditionAnswer(condition, found.get(condition.id)) for condition in conditions_of(plan)]


def grid(plan: Plan) -> dict:
    """``{"quarters": [...], "rows": [(condition, {quarter: confirmation})]}`` for every quarter
    with at least one confirmation (plan stage "" first)."""
    rows = ConditionConfirmation.objects.filter(plan=plan).select_related("condition")
    quarters = sorted({row.quarter for row in rows}, key=str)
    cells: dict[int, dict[Quarter | str, ConditionConfirmation]] = {}
    for row in rows:
        cells.setdefault(row.condition_id, {})[row.quarter] = row
    return {"quarters": quarters, "rows": [(c, cells.get(c.id, {})) for c in conditions_of(plan)]}


def problems(items: list[ConditionAnswer]) -> dict[str, str]:
    """Rule: every condition answered; a No explained. Keys are form field names."""
    errors = {}
    for item in items:
        confirmation = item.confirmation
        if confirmation is None or confirmation.confirmed is None:
            errors[f"confirmed-{item.condition.code}"] = f"Answer Yes or No for national condition {item.condition}."
        elif confirmation.confirmed is False and not confirmation.narrative.strip():
            errors[f"narrative-{item.condition.code}"] = (
                f"Explain why national condition {item.condition.number} is not met and what is being done."
            )
    return errors


def save_quarter(user, plan: Plan, quarter: Quarter | str, rows: list[dict]) -> None:
    """Save the confirmations of one quarter, all or none.

    Each row: ``condition``, ``version`` (as opened; 0 = none yet), ``confirmed`` (True, False or
    None), ``narrative``. Rules: a No needs a narrative; the quarter must be open (``freeze``); a
    row changed by someone else since the form was opened refuses the whole save (StaleEdit)."""
    require(user, "edit", plan)
    ensure_plan_quarter(plan, quarter)
    ensure_open(plan, quarter)
    errors = {}
    for row in rows:
        if row.get("confirmed") is False and not (row.get("narrative") or "").strip():
            errors[f"narrative-{row['condition'].code}"] = (
                f"Explain why national condition {row['condition'].number} is not met and what is being done."
            )
    if errors:
        raise ValidationError(errors)
    source = f"Entered in bettercare by {user.username} on {timezone.localdate():%d %B %Y}"
    try:
        with transaction.atomic():
            for row in rows:
                keys = {"plan": plan, "condition": row["condition"], "quarter": quarter}
                values = {"confirmed": row.get("confirmed"), "narrative": (row.get("narrative") or "").strip()}
                existing = ConditionConfirmation.objects.filter(**keys).first()
                if existing is None and values["confirmed"] is None and not values["narrative"]:
                    continue
                if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
                    continue
                create_or_update_versioned(
                    ConditionConfirmation,
                    keys,
                    int(row.get("version") or 0),
                    {**values, "source": source},
                    user,
                    f"confirmation of national condition {row['condition'].number}",
                    defer=True,
                )
    except StaleEdit as error:
        error.record()
        raise
