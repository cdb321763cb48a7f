"""2014-16 contingency and payment for performance (primer s2; seed 001 Part 2).

The contingency table: per locality and outcome, "planned savings (if targets fully achieved)" and
"maximum support needed for other services (if targets not achieved)".

Payment for performance in 2015/16 (rules as data in ``catalogue/rules/plans/2014-16.yaml``, marked
unconfirmed per the primer): the amount held back is the planned savings of the contingency lines
tied to the payment metric in the payment year; each quarter, the admissions avoided are
max(0, quarterly baseline - actual emergency admissions), where the quarterly baseline is the HWB's
baseline numerator x the baseline share per quarter; the release is min(held back not yet
released, admissions avoided x cost per admission). Without a cost per admission (not configured
and not entered) the release is not assessed."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bettercare.monitoring.models import MetricActual
from bettercare.plans.models import ContingencyLine, MetricTarget, Plan
from bettercare.plans.ruledata import load_rules

ZERO = Decimal(0)
QUARTERS = ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class QuarterRelease:
    quarter: str
    baseline: Decimal | None
    actual: Decimal | None
    actual_source: str
    avoided: Decimal | None
    earned: Decimal | None
    released: Decimal | None
    remaining: Decimal | None


def contingency_table(plan: Plan) -> dict[str, Any]:
    """Contingency lines grouped by locality, with totals per column (year or label)."""
    lines = list(
        ContingencyLine.objects.filter(plan=plan).select_related("locality", "metric").order_by("locality__name", "id")
    )
    columns = list(dict.fromkeys((line.financial_year, line.label) for line in lines))
    groups: dict = defaultdict(dict)
    for line in lines:
        groups[(line.locality, line.outcome, line.metric)][(line.financial_year, line.label)] = line
    rows = [
        {"locality": locality, "outcome": outcome, "metric": metric, "cells": [cells.get(col) for col in columns]}
        for (locality, outcome, metric), cells in groups.items()
    ]
    totals = [
        {
            "planned_savings": sum(
                (cells.get(col).planned_savings or ZERO for cells in groups.values() if cells.get(col)), ZERO
            ),
            "maximum_support": sum(
                (cells.get(col).maximum_support or ZERO for cells in groups.values() if cells.get(col)), ZERO
            ),
        }
        for col in columns
    ]
    headings = [label or year or "Column" for year, label in columns]
    sources = sorted({line.source for line in lines if line.source})
    return {"columns": headings, "rows": rows, "totals": totals, "sources": sources}


def _decimal(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def payment_for_performance(
    plan: Plan, cost_per_admission: Decimal | None = None, actuals: dict[str, Decimal] | None = None
) -> dict[str, Any] | None:
    """The held-back amount and the quarter-by-quarter release, or None when the period has no
    payment-for-performance rules. ``cost_per_admission`` and ``actuals`` (quarter -> admissions)
    are figures a user enters; recorded actuals (monitoring) are used where present."""
    settings = load_rules(plan.period.code).data.get("payment_for_performance")
    if not settings:
        return None
    year, metric_code = settings["financial_year"], settings["metric"]
    lines = ContingencyLine.objects.filter(plan=plan, financial_year=year, metric__code=metric_code).select_related(
        "locality"
    )
    by_locality = [(line.locality, line.outcome, line.planned_savings or ZERO) for line in lines]
    held_back = sum((amount for _, _, amount in by_locality), ZERO)
    configured = settings["cost_per_admission"]
    if configured.get("confirmed") is True and configured.get("value") is not None:
        cost, cost_basis = Decimal(str(configured["value"])), f"configured ({configured.get('source', '')})"
    elif cost_per_admission is not None:
        cost, cost_basis = cost_per_admission, "entered on this page (a local figure, unconfirmed)"
    else:
        cost, cost_basis = None, None
    baseline = (
        MetricTarget.objects.filter(plan=plan, metric__code=metric_code, locality=None, kind="baseline")
        .order_by("period_start")
        .first()
    )
    share = Decimal(str(settings["release"]["baseline_share_per_quarter"]))
    quarterly_baseline = baseline.numerator * share if baseline and baseline.numerator is not None else None
    recorded = {
        row.period: row
        for row in MetricActual.objects.filter(
            area=plan.area, metric__code=metric_code, locality=None, period__in=[f"{year}-{q}" for q in QUARTERS]
        )
    }
    releases, remaining = [], held_back
    for q in QUARTERS:
        quarter = f"{year}-{q}"
        if quarter in recorded and recorded[quarter].numerator is not None:
            actual, source = Decimal(recorded[quarter].numerator), recorded[quarter].source or "recorded actuals"
        elif actuals and actuals.get(quarter) is not None:
            actual, source = Decimal(actuals[quarter]), "entered on this page"
        else:
            actual, source = None, ""
        avoided = earned = released = None
        if actual is not None and quarterly_baseline is not None:
            avoided = max(ZERO, quarterly_baseline - actual)
            if cost is not None:
                earned = (avoided * cost).quantize(Decimal("0.01"))
                released = min(remaining, earned)
                remaining -= released
        releases.append(
            QuarterRelease(
                quarter,
                quarterly_baseline,
                actual,
                source,
                avoided,
                earned,
                released,
                remaining if released is not None else None,
            )
        )
    released_total = sum((r.released for r in releases if r.released is not None), ZERO)
    performance_share = settings["performance_share"]
    return {
        "financial_year": year,
        "metric_code": metric_code,
        "held_back": held_back,
        "held_back_lines": by_locality,
        "cost": cost,
        "cost_basis": cost_basis,
        "cost_setting": configured,
        "baseline": baseline,
        "quarterly_baseline": quarterly_baseline,
        "releases": releases,
        "released_total": released_total,
        "not_released": held_back - released_total,
        "rules": settings,
        "performance_share": _decimal(performance_share.get("value")),
        "performance_share_source": performance_share.get("source", ""),
    }
