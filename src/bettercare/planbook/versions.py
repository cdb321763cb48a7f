"""Plan versions: a submitted or approved plan is frozen; changing it means copying it, with all
its rows, to the next version as a draft. ``compare`` shows what changed between any two versions.

Rules: only the plan's HWB editors may copy it; the copy is a draft with no submission or approval
dates and no sign-offs (a sign-off approves the version it was given for)."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction

from bettercare.accounts.access import require
from bettercare.plans.models import Plan

from .restore import next_version, write_plan
from .snapshot import SECTIONS, dump_plan, row_key


@transaction.atomic
def create_new_version(user, plan: Plan) -> Plan:
    """Copy ``plan`` and every row of it to the next free version number, status draft."""
    require(user, "edit", plan)
    data = dump_plan(plan)
    data["plan"].update(status="draft", submitted_on=None, approved_on=None, assured_on=None)
    data["signoffs"] = []
    return write_plan(data, plan.area, plan.period, next_version(plan.area, plan.period), based_on=plan)


def _money_by_year(data: dict[str, Any]) -> dict[str, dict[str, Decimal]]:
    totals: dict[str, dict[str, Decimal]] = {"income": defaultdict(Decimal), "spend": defaultdict(Decimal)}
    for row in data["contributions"]:
        totals["income"][row["financial_year"]] += Decimal(row["amount"] or 0)
    for row in data["scheme_finances"]:
        if row["kind"] == "spend":
            totals["spend"][row["financial_year"]] += Decimal(row["recurrent"] or 0) + Decimal(
                row["non_recurrent"] or 0
            )
    return totals


def compare(old: Plan, new: Plan) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: money totals per year, and per section the rows added,
    removed and changed (with each changed field's old and new value)."""
    before, after = dump_plan(old), dump_plan(new)
    plan_changes = [
        {"field": name, "old": before["plan"][name], "new": after["plan"][name]}
        for name in before["plan"]
        if name not in ("area", "period") and before["plan"][name] != after["plan"][name]
    ]
    sections = []
    for section in SECTIONS:
        old_rows = {row_key(section.name, row): row for row in before[section.name]}
        new_rows = {row_key(section.name, row): row for row in after[section.name]}
        added = [new_rows[key] for key in new_rows if key not in old_rows]
        removed = [old_rows[key] for key in old_rows if key not in new_rows]
        changed = []
        for key in old_rows.keys() & new_rows.keys():
            fields = [
                {"field": name, "old": old_rows[key][name], "new": new_rows[key][name]}
                for name in section.fields
                if old_rows[key][name] != new_rows[key][name]
            ]
            if fields:
                changed.append(
                    {"key": " / ".join(str(part) for part in key if part not in (None, "")), "fields": fields}
                )
        changed.sort(key=lambda item: item["key"])
        if added or removed or changed:
            sections.append(
                {
                    "name": section.name,
                    "title": section.title,
                    "keys": section.keys,
                    "added": added,
                    "removed": removed,
                    "changed": changed,
                }
            )
    money_before, money_after = _money_by_year(before), _money_by_year(after)
    years = sorted(
        set(money_before["income"])
        | set(money_after["income"])
        | set(money_before["spend"])
        | set(money_after["spend"])
    )
    money = [
        {
            "financial_year": year,
            "income_old": money_before["income"].get(year, Decimal(0)),
            "income_new": money_after["income"].get(year, Decimal(0)),
            "spend_old": money_before["spend"].get(year, Decimal(0)),
            "spend_new": money_after["spend"].get(year, Decimal(0)),
        }
        for year in years
    ]
    return {
        "old": old,
        "new": new,
        "plan": plan_changes,
        "sections": sections,
        "money": money,
        "identical": not plan_changes and not sections,
    }
