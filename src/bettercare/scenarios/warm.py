"""What ``bettercare demo`` computes ahead (``monitoring.warm``): the national comparisons and the
dashboards of the HWBs transcribed from the seed documents, so the demo's first pages open at once
(every page of every year would add a minute to ``make demo``; they are computed on first visit)."""

from __future__ import annotations

from bettercare.monitoring.warm import warm_area, warm_national
from bettercare.plans.models import Plan
from bettercare.reference.models import Area

from .national_targets import SCENARIO as NATIONAL_SCENARIO


def warm_demo() -> int:
    """The national comparisons and the scenarios' HWBs' dashboards; returns the pages computed."""
    codes = set(Plan.objects.exclude(scenario__in=("", NATIONAL_SCENARIO)).values_list("area__gss_code", flat=True))
    areas = Area.objects.filter(gss_code__in=codes).order_by("name")
    return warm_national() + sum(warm_area(area, False) for area in areas)
