"""National demo targets: every HWB's 2023-25 metric ambitions, so that the benchmark rates each HWB
against its own target (synthetic, derived from each HWB's own baseline; no real ambition is used).

Each HWB in force in 2023-25 without a 2023-25 plan gets one (version 1, submitted on 28 June 2023, the
2023-25 planning deadline) holding only its metric ambitions: an annual target for 2023-24 and
2024-25 for every metric of the period. How a target is derived from the HWB's baseline:

- v = the HWB's own figure for 2023-24 (``monitoring.benchmark``, from the national extract);
- a = the HWB's ambition for the metric, an improvement drawn uniformly from 1% to 5% (seeded per HWB
  and metric, ``SEED``);
- 2023-24: the BCF set it on the 2022-23 outturn, which the extract (starting April 2023) does not
  hold, so that baseline is b = v x (1 + e), e ~ Normal(0, 4%) (seeded), standing for the change
  between the two years that the planners could not foresee; target = improve(b, a);
- 2024-25: set on the 2023-24 outturn, as the 2024-25 planning update did; target = improve(v, a);
- improve(b, a) = b x (1 - a) when lower is better; for a proportion where higher is better,
  b + a x (100% - b) (a share of the gap to 100% closed); for a rate where higher is better,
  b x (1 + a). Targets are rounded to one decimal place, as the planning template shows them.

A plan or target already recorded is kept, never overwritten (the demo HWBs' own plans stay as loaded)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from bettercare.indicators.periods import years_span
from bettercare.monitoring.benchmark import benchmark, in_force_areas
from bettercare.plans.models import MetricTarget, Plan
from bettercare.reference.models import Metric, PolicyPeriod

PERIOD, YEARS, SEED = "2023-25", ("2023-24", "2024-25"), 2325
SUBMITTED_ON = date(2023, 6, 28)
AMBITION = (0.01, 0.05)
PLANNING_ERROR_SD = 0.04
SCENARIO = "national-demo"  # the scenario label of the plans made here
SOURCE = "synthetic national demo: ambition derived from the HWB's own baseline (scenarios.national_targets)"


@dataclass
class TargetsReport:
    plans: int = 0
    targets: int = 0
    kept: int = 0


def improve(baseline: float, ambition: float, polarity: str, proportion: bool, multiplier: float) -> float:
    """The baseline moved by the ambition in the better direction (rule in the module docstring)."""
    if polarity == "lower":
        return baseline * (1 - ambition)
    if proportion:
        return baseline + ambition * (multiplier - baseline)
    return baseline * (1 + ambition)


def derived_targets(value: float, polarity: str, proportion: bool, multiplier: float,
                    rng: np.random.Generator) -> dict[str, float]:
    """{financial year: target} for one HWB and metric from its 2023-24 figure ``value``."""
    ambition = float(rng.uniform(*AMBITION))
    error = float(rng.normal(0, PLANNING_ERROR_SD))
    earlier = value * (1 + error)
    if proportion:
        earlier = min(earlier, float(multiplier))
    return {YEARS[0]: round(improve(earlier, ambition, polarity, proportion, multiplier), 1),
            YEARS[1]: round(improve(value, ambition, polarity, proportion, multiplier), 1)}


@transaction.atomic
def load_national_targets(seed: int = SEED) -> TargetsReport:
    """A 2023-25 plan with derived metric ambitions for every HWB in force that has none (module docstring)."""
    report = TargetsReport()
    period = PolicyPeriod.objects.get(code=PERIOD)
    start, end = years_span(PERIOD)
    areas = {r.area.gss_code: r.area for r in in_force_areas(start, end)}
    has_plan = set(Plan.objects.filter(period=period).values_list("area__gss_code", flat=True))
    new_plans = [Plan(area=area, period=period, version=1, title="Better Care Fund plan 2023-25: metric ambitions",
                      status="submitted", submitted_on=SUBMITTED_ON, scenario=SCENARIO,
                      notes=["Synthetic national demo: this plan holds only the HWB's metric ambitions, derived "
                             "from its own baseline (scenarios.national_targets)."])
                 for code, area in sorted(areas.items()) if code not in has_plan]
    bulk_create_with_history(new_plans, Plan, batch_size=500)
    report.plans = len(new_plans)
    plans = {p.area.gss_code: p for p in Plan.objects.filter(scenario=SCENARIO, period=period)
             .select_related("area")}
    existing = set(MetricTarget.objects.filter(plan__in=plans.values(), kind="target")
                   .values_list("plan_id", "metric_id", "period"))
    rows = []
    for metric in Metric.objects.filter(period=period, area=None, ci_method__in=("rate", "dsr", "proportion")
                                        ).order_by("code"):
        figures = {row.area.gss_code: row.value for row in benchmark(metric.code, YEARS[0]).rows}
        for code, plan in sorted(plans.items()):
            value = figures.get(code)
            if value is None:
                continue
            rng = np.random.default_rng([seed, int(code[1:]), zlib.crc32(metric.code.encode())])
            for year, target in derived_targets(value, metric.polarity, metric.ci_method == "proportion",
                                                metric.multiplier, rng).items():
                if (plan.pk, metric.pk, year) in existing:
                    report.kept += 1
                    continue
                year_start, year_end = years_span(year)
                rows.append(MetricTarget(plan=plan, metric=metric, kind="target", period=year, period_start=year_start,
                                         period_end=year_end, value=Decimal(f"{target:.1f}"), value_decimals=1,
                                         source=SOURCE))
    bulk_create_with_history(rows, MetricTarget, batch_size=2000)
    report.targets = len(rows)
    return report
