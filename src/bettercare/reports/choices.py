"""Which quarters and plans the reports pages offer for an HWB."""

from __future__ import annotations

from bettercare.delivery.models import QuarterlyReturn
from bettercare.indicators.periods import FinancialYear, Quarter
from bettercare.monitoring.models import FinanceLine
from bettercare.reference.models import Area, PolicyPeriod


def quarters_for(area: Area) -> list[Quarter]:
    """Every quarter of the financial years the HWB's plans cover, newest first."""
    years = {year for plan in area.plans.select_related("period") for year in plan.period.financial_years or []}
    return sorted((q for year in years for q in FinancialYear.parse(year).quarters), reverse=True)


def quarters_for_areas(areas: list[Area]) -> list[Quarter]:
    """Every quarter of the financial years any of the HWBs' plans cover, newest first (one query)."""
    periods = PolicyPeriod.objects.filter(plans__area__in=[a.pk for a in areas]).distinct()
    years = {year for period in periods for year in period.financial_years or []}
    return sorted((q for year in years for q in FinancialYear.parse(year).quarters), reverse=True)


def default_quarter(area: Area, offered: list[Quarter]) -> Quarter | None:
    """The latest quarter with a return or finance monitoring figures, else the newest offered."""
    used = set(QuarterlyReturn.objects.filter(area=area).values_list("quarter", flat=True))
    used |= set(FinanceLine.objects.filter(plan__area=area).values_list("quarter", flat=True))
    with_data = [q for q in offered if q in used]
    return with_data[0] if with_data else (offered[0] if offered else None)
