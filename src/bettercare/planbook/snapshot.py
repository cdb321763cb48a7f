"""A canonical dump of one plan: every row that belongs to the plan, keyed by natural keys (codes,
refs, years) instead of database ids, with values as stable text. Two plans are the same plan
exactly when their dumps are equal, whatever their ids or version numbers: the Excel round trip,
the version copy and the version diff all rest on this one definition.

The sections are those the apps declare in their ``plan_sections.py`` (see ``planbook.sections``);
the first ``keys`` columns identify a row within its section; the plan's own fields are under
``"plan"``."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import models

from bettercare.indicators.periods import FinancialYear, Quarter
from bettercare.plans.models import Plan
from bettercare.reference.sections import PlanSection as Section

from .sections import empty_code, foreign_keys, model_of, plan_head, plan_sections

SECTIONS: list[Section] = list(plan_sections())
SECTION_BY_NAME = {section.name: section for section in SECTIONS}
PLAN_FIELDS = list(plan_head().fields)


def text(value: Any) -> Any:
    """Stable text for a value: Decimal without exponent or trailing zeros, dates ISO, financial
    years and quarters as written ("2018-19", "2018-19-Q1"), None kept."""
    if isinstance(value, (FinancialYear, Quarter)):
        return str(value)
    if isinstance(value, Decimal):
        shown = format(value.normalize(), "f")
        return "0" if shown == "-0" else shown
    if isinstance(value, date):
        return value.isoformat()
    return value


def _value(section: Section, row: models.Model, name: str, relations: dict[str, models.ForeignKey]) -> Any:
    if name in relations:
        target = getattr(row, name)
        return empty_code(section, name) if target is None else getattr(target, section.natural.get(name, "code"))
    value = getattr(row, name)
    if isinstance(row._meta.get_field(name), models.JSONField) and isinstance(value, list | type(None)):
        return sorted(value or [])  # a set of labels (a partner's roles): order carries no meaning
    return value


def section_rows(section: Section, plan: Plan) -> list[dict[str, Any]]:
    """The rows of one section of the plan, as plain values with natural keys (not yet text)."""
    relations = foreign_keys(section)
    query = model_of(section).objects.filter(**{section.plan_lookup: plan}).select_related(*relations)
    return [{name: _value(section, row, name, relations) for name in section.columns} for row in query]


def _rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Every row of the plan, section by section."""
    return {section.name: section_rows(section, plan) for section in SECTIONS}


def _sort_key(section: Section, row: dict[str, Any]) -> tuple:
    return tuple("" if row.get(key) is None else str(row.get(key)) for key in section.keys)


def dump_plan(plan: Plan) -> dict[str, Any]:
    """The plan as ``{"plan": {...}, section: [row, ...]}``, rows sorted by their natural keys."""
    result: dict[str, Any] = {
        "plan": {
            "area": plan.area.gss_code,
            "period": plan.period.code,
            **{name: text(getattr(plan, name)) for name in PLAN_FIELDS},
        }
    }
    for name, rows in _rows(plan).items():
        section = SECTION_BY_NAME[name]
        cleaned = [{key: text(value) for key, value in row.items()} for row in rows]
        result[name] = sorted(cleaned, key=lambda row, s=section: _sort_key(s, row))
    return result


def row_key(section: str, row: dict[str, Any]) -> tuple:
    """A row's natural key within its section."""
    return tuple(row.get(key) for key in SECTION_BY_NAME[section].keys)
