"""The editor's always-visible totals: income and planned spend per financial year, overall and
by funding stream, straight from the plan's rows."""

from collections import defaultdict
from decimal import Decimal
from typing import Any

from bettercare.indicators.periods import FinancialYear
from bettercare.reference.models import FundingStream

from .models import Contribution, Plan, SchemeFinance

ZERO = Decimal(0)


def plan_totals(plan: Plan) -> dict[str, Any]:
    """``years``: [{financial_year, income, spend, difference}]; ``streams``: per year, each
    stream's income and planned spend (a spend line's stream, else its scheme's)."""
    income: dict[FinancialYear, Decimal] = defaultdict(lambda: ZERO)
    spend: dict[FinancialYear, Decimal] = defaultdict(lambda: ZERO)
    by_stream: dict[tuple[FinancialYear, int | None], list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for row in Contribution.objects.filter(plan=plan).values("financial_year", "stream_id", "amount"):
        income[row["financial_year"]] += row["amount"]
        by_stream[(row["financial_year"], row["stream_id"])][0] += row["amount"]
    for row in SchemeFinance.objects.filter(scheme__plan=plan, kind="spend").values(
        "financial_year", "recurrent", "non_recurrent", "funding_stream_id", "scheme__funding_stream_id"
    ):
        amount = (row["recurrent"] or ZERO) + (row["non_recurrent"] or ZERO)
        spend[row["financial_year"]] += amount
        stream = row["funding_stream_id"] or row["scheme__funding_stream_id"]
        by_stream[(row["financial_year"], stream)][1] += amount
    titles = {s.id: s.title for s in FundingStream.objects.filter(period=plan.period)}
    years = sorted(set(income) | set(spend))
    streams = {
        year: [
            {"title": titles.get(stream, "No funding stream"), "income": cells[0], "spend": cells[1]}
            for (row_year, stream), cells in sorted(
                by_stream.items(), key=lambda item: (item[0][1] is None, item[0][1] or 0)
            )
            if row_year == year
        ]
        for year in years
    }
    return {
        "years": [
            {"financial_year": y, "income": income[y], "spend": spend[y], "difference": spend[y] - income[y]}
            for y in years
        ],
        "streams": streams,
        "income_total": sum(income.values(), ZERO),
        "spend_total": sum(spend.values(), ZERO),
    }
