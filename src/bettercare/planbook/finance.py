"""Finance monitoring of a plan per quarter: budget, actual to date and forecast outturn for the
whole fund, per partner, per stream and per scheme; variance and its RAG; carry-forward into
reserves; and the budget-by-partner-and-stream summary of a board paper (seed 004 para 8).

Rules: variance = forecast outturn - budget (negative = underspend); its share = variance / budget.
RAG bands are data (``finance_rag`` in ``catalogue/rules/plans/<period>.yaml``): green when the
overspend share is at most ``green.max_overspend`` and the underspend share at most
``green.max_underspend``, amber within the amber limits, red beyond; no RAG without both figures."""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from bettercare.indicators.periods import FinancialYear, Quarter
from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import Contribution, Plan, SchemeFinance
from bettercare.plans.ruledata import load_rules

ZERO = Decimal(0)


@dataclass(frozen=True)
class FinanceRow:
    label: str
    line: FinanceLine
    planned: Decimal | None

    @property
    def variance(self) -> Decimal | None:
        if self.line.budget is None or self.line.forecast_outturn is None:
            return None
        return self.line.forecast_outturn - self.line.budget

    @property
    def variance_share(self) -> Decimal | None:
        if self.variance is None or not self.line.budget:
            return None
        return self.variance / self.line.budget


def rag(variance_share: Decimal | None, setting: dict[str, Any]) -> str | None:
    """Green, amber or red for a variance share under the period's bands; None without figures."""
    if variance_share is None:
        return None
    direction = "max_overspend" if variance_share > 0 else "max_underspend"
    size = abs(variance_share)
    for band in ("green", "amber"):
        if size <= Decimal(str(setting[band][direction])):
            return band
    return "red"


def _planned(plan: Plan) -> dict[str, dict]:
    """What the plan itself says for each year: contributions per stream, spend per scheme, keyed by
    (FinancialYear, id)."""
    streams: dict = defaultdict(lambda: ZERO)
    for row in Contribution.objects.filter(plan=plan).values("financial_year", "stream_id", "amount"):
        streams[(row["financial_year"], row["stream_id"])] += row["amount"]
    schemes: dict = defaultdict(lambda: ZERO)
    for row in SchemeFinance.objects.filter(scheme__plan=plan, kind="spend").values(
        "financial_year", "scheme_id", "recurrent", "non_recurrent"
    ):
        schemes[(row["financial_year"], row["scheme_id"])] += (row["recurrent"] or ZERO) + (
            row["non_recurrent"] or ZERO
        )
    return {"streams": streams, "schemes": schemes}


def budget_table(plan: Plan, financial_year: FinancialYear | str) -> dict[str, Any]:
    """Approved budget by income stream (rows) and partner (columns) for one year, with totals
    (seed 004 para 8 "BCF Approved Budget")."""
    contributions = list(
        Contribution.objects.filter(plan=plan, financial_year=financial_year)
        .select_related("organisation", "stream")
        .order_by("id")
    )
    partners = list(dict.fromkeys(c.organisation for c in contributions))
    streams = sorted({c.stream for c in contributions}, key=lambda s: s.id)
    cells: dict = defaultdict(lambda: ZERO)
    for c in contributions:
        cells[(c.stream_id, c.organisation_id)] += c.amount
    rows = [
        {
            "stream": stream,
            "cells": [cells.get((stream.id, partner.id)) for partner in partners],
            "total": sum((cells.get((stream.id, p.id), ZERO) for p in partners), ZERO),
        }
        for stream in streams
    ]
    partner_totals = [sum((cells.get((s.id, p.id), ZERO) for s in streams), ZERO) for p in partners]
    sources = sorted({c.source for c in contributions if c.source})
    return {
        "financial_year": financial_year,
        "partners": partners,
        "rows": rows,
        "partner_totals": partner_totals,
        "total": sum(partner_totals, ZERO),
        "sources": sources,
    }


def finance_summary(plan: Plan) -> dict[str, Any]:
    """Every quarter's monitoring lines grouped by what they cover, with variance and RAG."""
    rules = load_rules(plan.period.code)
    setting = rules.data["finance_rag"]
    planned = _planned(plan)
    lines = (
        FinanceLine.objects.filter(plan=plan)
        .select_related("organisation", "stream", "scheme")
        .order_by("quarter", "id")
    )
    quarters: dict[Quarter, dict[str, list]] = {}
    reserves = []
    for line in lines:
        year = line.quarter.financial_year
        groups = quarters.setdefault(line.quarter, {"total": [], "partner": [], "stream": [], "scheme": []})
        if line.scheme_id:
            group, label = "scheme", f"{line.scheme.ref} {line.scheme.name}"
            plan_figure = planned["schemes"].get((year, line.scheme_id))
        elif line.stream_id:
            group = "stream"
            label = line.stream.title + (f" ({line.organisation.name})" if line.organisation_id else "")
            plan_figure = planned["streams"].get((year, line.stream_id))
        elif line.organisation_id:
            group, label, plan_figure = "partner", line.organisation.name, None
        else:
            group, label, plan_figure = "total", line.line or "Whole fund", None
        row = FinanceRow(label=label, line=line, planned=plan_figure)
        groups[group].append({"row": row, "rag": rag(row.variance_share, setting)})
        if line.carry_forward is not None:
            share = line.carry_forward / line.budget if line.budget else None
            reserves.append({"row": row, "share": share})
    years = sorted({c for c in Contribution.objects.filter(plan=plan).values_list("financial_year", flat=True)})
    forecasts = {}
    for quarter, groups in quarters.items():
        for item in groups["total"]:
            if item["row"].line.forecast_outturn is not None:
                forecasts[quarter.financial_year] = (quarter, item["row"].line)
    return {
        "quarters": quarters,
        "reserves": reserves,
        "budgets": [budget_table(plan, year) for year in years],
        "forecasts": forecasts,
        "rag_setting": setting,
        "rules_file": rules.file,
    }
