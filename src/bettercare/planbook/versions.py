"""Plan versions: a submitted or approved plan is frozen; changing it means copying it, with all
its rows, to the next version as a draft. ``compare`` shows what changed between any two versions.

Rules: only the plan's HWB editors may copy it; the copy is a draft with no submission or approval
dates and no sign-offs (a sign-off approves the version it was given for)."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db import transaction

from bettercare.accounts.access import require
from bettercare.catalogue.glossary import term
from bettercare.plans.models import Plan
from bettercare.reference.fields import MoneyField

from .formatting import money as pounds
from .restore import next_version, write_plan
from .sections import model_of
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


def field_label(model, name: str) -> str:
    """A column's name as the forms show it ("Funding stream", not "funding_stream")."""
    try:
        return str(model._meta.get_field(name).verbose_name).capitalize()
    except Exception:  # a column the snapshot keeps that is no longer a model field
        return name.replace("_", " ").capitalize()


def value_text(model, name: str, value: Any) -> str:
    """A snapshot value in words and figures: money as pounds, catalogue codes by their title,
    other numbers with thousands separators, nothing as "(blank)"."""
    if value is None or value == "":
        return "(blank)"
    try:
        column = model._meta.get_field(name)
    except Exception:
        column = None
    if isinstance(column, MoneyField):
        return pounds(Decimal(str(value)))
    if column is not None and column.is_relation and isinstance(value, str):
        return term(value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, (int, Decimal, float)) or (isinstance(value, str) and _is_number(value)):
        return f"{Decimal(str(value)).normalize():,f}"
    return str(value)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return text.strip() not in ("NaN", "Infinity", "-Infinity") and any(c.isdigit() for c in text)


def _plan_value(name: str, value: Any) -> str:
    choices = dict(getattr(Plan._meta.get_field(name), "choices", None) or []) if name in _plan_fields() else {}
    return str(choices.get(value, value_text(Plan, name, value)))


def _plan_fields() -> set[str]:
    return {column.name for column in Plan._meta.get_fields()}


def _row_text(model, section, row: dict) -> str:
    """An added or removed row: its key in words, then every other filled column and its value."""
    key = " / ".join(value_text(model, name, row.get(name)) for name in section.keys if row.get(name) not in (None, ""))
    rest = [f"{field_label(model, name)} {value_text(model, name, row[name])}"
            for name in section.fields if name not in section.keys and row.get(name) not in (None, "", 0, "0")]
    return key + (f": {'; '.join(rest)}" if rest else "")


def compare(old: Plan, new: Plan) -> dict[str, Any]:
    """What changed from ``old`` to ``new``: money totals per year, and per section the rows added,
    removed and changed (with each changed field's old and new value)."""
    before, after = dump_plan(old), dump_plan(new)
    plan_changes = [
        {"field": field_label(Plan, name), "old": _plan_value(name, before["plan"][name]),
         "new": _plan_value(name, after["plan"][name])}
        for name in before["plan"]
        if name not in ("area", "period") and before["plan"][name] != after["plan"][name]
    ]
    sections = []
    for section in SECTIONS:
        model = model_of(section)
        old_rows = {row_key(section.name, row): row for row in before[section.name]}
        new_rows = {row_key(section.name, row): row for row in after[section.name]}
        added = [_row_text(model, section, new_rows[key]) for key in new_rows if key not in old_rows]
        removed = [_row_text(model, section, old_rows[key]) for key in old_rows if key not in new_rows]
        changed = []
        for key in old_rows.keys() & new_rows.keys():
            fields = [
                {"field": field_label(model, name), "old": value_text(model, name, old_rows[key][name]),
                 "new": value_text(model, name, new_rows[key][name])}
                for name in section.fields
                if old_rows[key][name] != new_rows[key][name]
            ]
            if fields:
                row = new_rows[key]
                words = [value_text(model, name, row.get(name))
                         for name in section.keys if row.get(name) not in (None, "")]
                changed.append({"key": " / ".join(words), "fields": fields})
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
