"""The paper's financial section (seed 004 paras 8-9): the approved budget by income stream and
partner in £'000, and the quarter's forecast outturn against budget with variance and its RAG.

Rules: variance = forecast outturn - budget (negative = underspend), as in ``plans.finance``;
amounts are kept in pounds (Decimal) and rounded only when shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from bettercare.catalogue.glossary import plain_source, rules_name
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import millions, percent, rag_name, sources_text, thousands
from bettercare.plans.models import Plan

from ..house_style import HouseStyle
from ..sources import budget_table, finance_lines


@dataclass
class BudgetTable:
    financial_year: str
    headings: list[str]
    rows: list[tuple[str, list[str], str]]
    partner_totals: list[str]
    total: str
    total_amount: Decimal
    source: str


@dataclass
class OutturnRow:
    label: str
    group: str
    budget: str
    actual_to_date: str
    forecast_outturn: str
    variance: str
    variance_share: str
    rag: str
    carry_forward: str
    note: str
    source: str


@dataclass
class FinanceSection:
    budget: BudgetTable | None
    outturn: list[OutturnRow]
    sentences: list[str]
    rag_rule: str
    checks: list[str] = field(default_factory=list)


def budget(plan: Plan, financial_year: str, style: HouseStyle) -> BudgetTable | None:
    """The approved budget table in £'000 with the house style's partner headings (None when empty)."""
    table = budget_table(plan, financial_year)
    if not table["rows"]:
        return None
    return BudgetTable(
        financial_year=financial_year,
        headings=[style.partner_label(p.code, p.name) for p in table["partners"]],
        rows=[
            (
                row["stream"].title,
                [thousands(cell) if cell is not None else "–" for cell in row["cells"]],
                thousands(row["total"]),
            )
            for row in table["rows"]
        ],
        partner_totals=[thousands(t) for t in table["partner_totals"]],
        total=thousands(table["total"]),
        total_amount=table["total"],
        source=sources_text(table["sources"]),
    )


def _rag_rule(setting: dict, period_code: str) -> str:
    green, amber = setting.get("green", {}), setting.get("amber", {})
    return (
        f"Variance RAG: green when the overspend is at most {percent(green.get('max_overspend'))} and the underspend "
        f"at most {percent(green.get('max_underspend'))} of the budget; amber up to "
        f"{percent(amber.get('max_overspend'))} overspend or {percent(amber.get('max_underspend'))} underspend; "
        f"red beyond (rule: {plain_source(setting.get('source', 'not stated'))}; {rules_name(period_code)})."
    )


def finance_section(plan: Plan, quarter: Quarter, style: HouseStyle) -> FinanceSection:
    """The budget, the quarter's monitoring lines and the sentences about them (module docstring)."""
    year = str(quarter.financial_year)
    table = budget(plan, year, style)
    monitoring = finance_lines(plan, quarter)
    rows, said, checks = [], [], []
    if table is not None:
        said.append(
            f"The budget for the BCF plan in {year} totals {millions(table.total_amount)} "
            f"(£{table.total}k). This comprises the income streams in the table below."
        )
    else:
        said.append(f"No contributions to the pooled fund are recorded for {year}.")
    for group in ("total", "partner", "stream", "scheme"):
        for item in monitoring["groups"].get(group, []):
            row, line = item["row"], item["row"].line
            rows.append(
                OutturnRow(
                    label=row.label,
                    group=group,
                    budget=thousands(line.budget),
                    actual_to_date=thousands(line.actual_to_date),
                    forecast_outturn=thousands(line.forecast_outturn),
                    variance=thousands(row.variance),
                    variance_share=percent(row.variance_share),
                    rag=rag_name(item["rag"]) if item["rag"] else "–",
                    carry_forward=thousands(line.carry_forward),
                    note=line.note,
                    source=line.source or "not recorded",
                )
            )
            if group == "total" and line.forecast_outturn is not None:
                sentence = f"The forecast outturn position for {year} at {quarter} is {millions(line.forecast_outturn)}"
                if line.budget is not None:
                    direction = "an underspend" if row.variance < 0 else "an overspend" if row.variance > 0 else "no"
                    sentence += (
                        f" against a budget of {millions(line.budget)}: {direction} variance"
                        + (
                            f" of {millions(abs(row.variance))} ({percent(abs(row.variance_share))} of the budget)"
                            if row.variance
                            else ""
                        )
                        + (f", rated {item['rag']}" if item["rag"] else "")
                    )
                said.append(sentence + ".")
                if table is not None and line.budget is not None and line.budget != table.total_amount:
                    checks.append(
                        f"The monitoring budget ({millions(line.budget)}) differs from the plan's contributions "
                        f"for {year} ({millions(table.total_amount)})."
                    )
    if not rows:
        said.append(f"No finance monitoring figures are recorded for {quarter}.")
    return FinanceSection(
        budget=table,
        outturn=rows,
        sentences=said,
        rag_rule=_rag_rule(monitoring["rag_setting"], plan.period.code),
        checks=checks,
    )
