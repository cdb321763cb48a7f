"""Read-side services for plans: funding totals by partner and year. Views call these after the
permission check, so the numbers shown and exported come from one place."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from bettercare.indicators.periods import FinancialYear

from .models import Contribution, Plan, PlanMetric


def funding_table(plan: Plan) -> dict:
    """Contributions summed by partner (rows) and financial year (columns), with totals.

    Returns ``{"years": [...], "rows": [(organisation name, {year: amount}, row total)],
    "totals": {year: amount}, "grand_total": amount}``."""
    sums = (
        Contribution.objects.filter(plan=plan)
        .values("organisation__name", "financial_year")
        .annotate(amount=Sum("amount"))
        .order_by("organisation__name", "financial_year")
    )
    years = sorted({row["financial_year"] for row in sums})
    by_partner: dict[str, dict[FinancialYear, Decimal]] = defaultdict(dict)
    for row in sums:
        by_partner[row["organisation__name"]][row["financial_year"]] = row["amount"]
    totals = {year: sum((cells.get(year, Decimal(0)) for cells in by_partner.values()), Decimal(0)) for year in years}
    rows = [(name, cells, sum(cells.values(), Decimal(0))) for name, cells in by_partner.items()]
    return {"years": years, "rows": rows, "totals": totals, "grand_total": sum(totals.values(), Decimal(0))}


def stream_table(plan: Plan, financial_year: FinancialYear | str) -> list[tuple[str, Decimal]]:
    """Contributions in one year summed by funding stream."""
    sums = (
        Contribution.objects.filter(plan=plan, financial_year=financial_year)
        .values("stream__title")
        .annotate(amount=Sum("amount"))
        .order_by("stream__id")
    )
    return [(row["stream__title"], row["amount"]) for row in sums]


APPROVED_STATUSES = ("approved", "assured")


def current_version(plans: list[Plan]) -> Plan | None:
    """The version in force of one plan (one HWB and policy period): the latest approved (or
    assured) version, else the latest version. Its targets are the ones figures are read against;
    earlier versions are history, not extra targets."""
    if not plans:
        return None
    approved = [p for p in plans if p.status in APPROVED_STATUSES]
    return max(approved or plans, key=lambda p: p.version)


def current_versions(plans) -> list[Plan]:
    """:func:`current_version` of each (HWB, policy period) among ``plans``."""
    groups: dict[tuple[int, int], list[Plan]] = defaultdict(list)
    for plan in plans:
        groups[(plan.area_id, plan.period_id)].append(plan)
    return sorted((current_version(group) for group in groups.values()), key=lambda p: (p.area_id, p.period_id))


def plan_metrics(plans) -> dict[str, PlanMetric]:
    """The plans' metric rows (number and RAG rule) by metric code; where two plans list the same
    code the later policy period's row wins."""
    rows = PlanMetric.objects.filter(plan__in=list(plans)).select_related("metric", "plan__period")
    return {row.metric.code: row for row in sorted(rows, key=lambda r: (r.plan.period.code, r.number))}
