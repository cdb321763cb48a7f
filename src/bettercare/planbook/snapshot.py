"""A canonical dump of one plan: every row that belongs to the plan, keyed by natural keys (codes,
refs, years) instead of database ids, with values as stable text. Two plans are the same plan
exactly when their dumps are equal, whatever their ids or version numbers: the Excel round trip,
the version copy and the version diff all rest on this one definition.

Sections and the fields of each (the first ``keys`` fields identify a row within its section) are
listed in ``SECTIONS``; the plan's own fields are under ``"plan"``."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from bettercare.delivery.models import Action, ConditionConfirmation, HicmAssessment, Risk
from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import (
    ContingencyLine,
    Contribution,
    MetricTarget,
    Plan,
    PlanOrganisation,
    Priority,
    Scheme,
    SchemeFinance,
    SchemeMetricImpact,
    SignOff,
    StatedTotal,
)

PLAN_FIELDS = ["title", "status", "submitted_on", "approved_on", "assured_on", "seed", "notes"]


@dataclass(frozen=True)
class Section:
    name: str
    title: str
    keys: tuple[str, ...]
    fields: tuple[str, ...]

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.fields


SECTIONS: list[Section] = [
    Section("organisations", "Partners and roles", ("organisation",), ("roles",)),
    Section("signoffs", "Sign-off", ("organisation", "role"), ("signatory", "signed_on", "source")),
    Section("priorities", "Priorities and themes", ("code",), ("name", "description", "source")),
    Section(
        "contributions",
        "Income",
        ("organisation", "stream", "financial_year", "locality"),
        ("amount", "actual_amount", "note", "source"),
    ),
    Section(
        "stated_totals", "Stated totals", ("locality", "financial_year", "kind", "label"), ("amount", "note", "source")
    ),
    Section(
        "schemes",
        "Schemes",
        ("ref",),
        (
            "name",
            "locality",
            "priority",
            "scheme_type",
            "area_of_spend",
            "lead_provider",
            "commissioner",
            "funding_stream",
            "new_or_existing",
            "description",
            "source",
        ),
    ),
    Section(
        "scheme_finances",
        "Expenditure",
        ("scheme", "kind", "financial_year"),
        ("recurrent", "non_recurrent", "funding_stream"),
    ),
    Section("scheme_impacts", "Scheme impact on metrics", ("scheme", "metric"), ("score", "score_text", "rationale")),
    Section(
        "contingency",
        "Contingency",
        ("locality", "outcome", "financial_year", "label"),
        ("metric", "planned_savings", "maximum_support", "note", "source"),
    ),
    Section(
        "metric_targets",
        "Metrics",
        ("metric", "locality", "kind", "period", "label", "component"),
        (
            "period_start",
            "period_end",
            "numerator",
            "denominator",
            "value",
            "value_decimals",
            "replaces",
            "note",
            "source",
        ),
    ),
    Section("conditions", "National conditions", ("condition", "quarter"), ("confirmed", "narrative", "source")),
    Section("hicm", "HICM", ("change", "quarter"), ("maturity", "planned_maturity", "rag", "narrative", "source")),
    Section(
        "actions",
        "Actions",
        ("ref",),
        (
            "change",
            "scheme",
            "priority",
            "action",
            "owner",
            "deadline_text",
            "deadline_start",
            "deadline_end",
            "status",
            "completed_on",
            "source",
        ),
    ),
    Section(
        "risks",
        "Risks",
        ("ref",),
        (
            "scheme",
            "title",
            "likelihood",
            "impact",
            "stated_score",
            "rating",
            "mitigation",
            "owner",
            "review_date",
            "source",
        ),
    ),
    Section(
        "finance_lines",
        "Finance monitoring",
        ("quarter", "organisation", "stream", "scheme", "line"),
        ("budget", "actual_to_date", "forecast_outturn", "carry_forward", "note", "source"),
    ),
]
SECTION_BY_NAME = {section.name: section for section in SECTIONS}


def text(value: Any) -> Any:
    """Stable text for a value: Decimal without exponent or trailing zeros, dates ISO, None kept."""
    if isinstance(value, Decimal):
        shown = format(value.normalize(), "f")
        return "0" if shown == "-0" else shown
    if isinstance(value, date):
        return value.isoformat()
    return value


def _code(obj, attribute: str = "code") -> str:
    return getattr(obj, attribute) if obj is not None else ""


def _rows(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """Every row of the plan, as plain values with natural keys."""
    rows: dict[str, list[dict[str, Any]]] = {}
    rows["organisations"] = [
        {"organisation": link.organisation.code, "roles": sorted(link.roles or [])}
        for link in PlanOrganisation.objects.filter(plan=plan).select_related("organisation")
    ]
    rows["signoffs"] = [
        {
            "organisation": _code(s.organisation),
            "role": s.role,
            "signatory": s.signatory,
            "signed_on": s.signed_on,
            "source": s.source,
        }
        for s in SignOff.objects.filter(plan=plan).select_related("organisation")
    ]
    rows["priorities"] = [
        {"code": p.code, "name": p.name, "description": p.description, "source": p.source}
        for p in Priority.objects.filter(plan=plan)
    ]
    rows["contributions"] = [
        {
            "organisation": c.organisation.code,
            "stream": c.stream.code,
            "financial_year": c.financial_year,
            "locality": _code(c.locality),
            "amount": c.amount,
            "actual_amount": c.actual_amount,
            "note": c.note,
            "source": c.source,
        }
        for c in Contribution.objects.filter(plan=plan).select_related("organisation", "stream", "locality")
    ]
    rows["stated_totals"] = [
        {
            "locality": _code(t.locality),
            "financial_year": t.financial_year,
            "kind": t.kind,
            "label": t.label,
            "amount": t.amount,
            "note": t.note,
            "source": t.source,
        }
        for t in StatedTotal.objects.filter(plan=plan).select_related("locality")
    ]
    rows["schemes"] = [
        {
            "ref": s.ref,
            "name": s.name,
            "locality": _code(s.locality),
            "priority": _code(s.priority),
            "scheme_type": _code(s.scheme_type),
            "area_of_spend": s.area_of_spend,
            "lead_provider": s.lead_provider,
            "commissioner": s.commissioner,
            "funding_stream": _code(s.funding_stream),
            "new_or_existing": s.new_or_existing,
            "description": s.description,
            "source": s.source,
        }
        for s in Scheme.objects.filter(plan=plan).select_related(
            "locality", "priority", "scheme_type", "funding_stream"
        )
    ]
    rows["scheme_finances"] = [
        {
            "scheme": f.scheme.ref,
            "kind": f.kind,
            "financial_year": f.financial_year,
            "recurrent": f.recurrent,
            "non_recurrent": f.non_recurrent,
            "funding_stream": _code(f.funding_stream),
        }
        for f in SchemeFinance.objects.filter(scheme__plan=plan).select_related("scheme", "funding_stream")
    ]
    rows["scheme_impacts"] = [
        {
            "scheme": i.scheme.ref,
            "metric": i.metric.code,
            "score": i.score,
            "score_text": i.score_text,
            "rationale": i.rationale,
        }
        for i in SchemeMetricImpact.objects.filter(scheme__plan=plan).select_related("scheme", "metric")
    ]
    rows["contingency"] = [
        {
            "locality": _code(c.locality),
            "outcome": c.outcome,
            "financial_year": c.financial_year,
            "label": c.label,
            "metric": _code(c.metric),
            "planned_savings": c.planned_savings,
            "maximum_support": c.maximum_support,
            "note": c.note,
            "source": c.source,
        }
        for c in ContingencyLine.objects.filter(plan=plan).select_related("locality", "metric")
    ]
    rows["metric_targets"] = [
        {
            "metric": t.metric.code,
            "locality": _code(t.locality),
            "kind": t.kind,
            "period": t.period,
            "label": t.label,
            "component": t.component,
            "period_start": t.period_start,
            "period_end": t.period_end,
            "numerator": t.numerator,
            "denominator": t.denominator,
            "value": t.value,
            "value_decimals": t.value_decimals,
            "replaces": t.replaces,
            "note": t.note,
            "source": t.source,
        }
        for t in MetricTarget.objects.filter(plan=plan).select_related("metric", "locality")
    ]
    rows["conditions"] = [
        {
            "condition": c.condition.code,
            "quarter": c.quarter,
            "confirmed": c.confirmed,
            "narrative": c.narrative,
            "source": c.source,
        }
        for c in ConditionConfirmation.objects.filter(plan=plan).select_related("condition")
    ]
    rows["hicm"] = [
        {
            "change": h.change.number,
            "quarter": h.quarter,
            "maturity": h.maturity,
            "planned_maturity": h.planned_maturity,
            "rag": h.rag,
            "narrative": h.narrative,
            "source": h.source,
        }
        for h in HicmAssessment.objects.filter(plan=plan).select_related("change")
    ]
    rows["actions"] = [
        {
            "ref": a.ref,
            "change": a.change.number if a.change else None,
            "scheme": _code(a.scheme, "ref"),
            "priority": _code(a.priority),
            "action": a.action,
            "owner": a.owner,
            "deadline_text": a.deadline_text,
            "deadline_start": a.deadline_start,
            "deadline_end": a.deadline_end,
            "status": a.status,
            "completed_on": a.completed_on,
            "source": a.source,
        }
        for a in Action.objects.filter(plan=plan).select_related("change", "scheme", "priority")
    ]
    rows["risks"] = [
        {
            "ref": r.ref,
            "scheme": _code(r.scheme, "ref"),
            "title": r.title,
            "likelihood": r.likelihood,
            "impact": r.impact,
            "stated_score": r.stated_score,
            "rating": r.rating,
            "mitigation": r.mitigation,
            "owner": r.owner,
            "review_date": r.review_date,
            "source": r.source,
        }
        for r in Risk.objects.filter(plan=plan).select_related("scheme")
    ]
    rows["finance_lines"] = [
        {
            "quarter": f.quarter,
            "organisation": _code(f.organisation),
            "stream": _code(f.stream),
            "scheme": _code(f.scheme, "ref"),
            "line": f.line,
            "budget": f.budget,
            "actual_to_date": f.actual_to_date,
            "forecast_outturn": f.forecast_outturn,
            "carry_forward": f.carry_forward,
            "note": f.note,
            "source": f.source,
        }
        for f in FinanceLine.objects.filter(plan=plan).select_related("organisation", "stream", "scheme")
    ]
    return rows


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
