"""The spine chart of one HWB for a financial year: every rate or proportion metric of the policy period,
each HWB's figure computed as on the benchmark (``monitoring.benchmark``), England pooled from them, the
spread of HWBs (lowest, quartiles, highest; ``indicators.spine``) and the HWB's comparison with England
at 95% (colour of its point)."""

from __future__ import annotations

from dataclasses import dataclass

from bettercare.indicators.spine import SpineSummary, spine_summary
from bettercare.reference.models import Metric, PolicyPeriod

from .benchmark import benchmark

SPINE_METHODS = ("rate", "dsr", "proportion")


@dataclass
class SpineRow:
    metric: Metric
    value: float | None
    lower: float | None
    upper: float | None
    england: float | None
    comparison: str
    summary: SpineSummary | None
    note: str = ""

    def position(self, value: float | None) -> float | None:
        return None if value is None or self.summary is None else self.summary.scale.position(value)


def spine_metrics(period: str) -> list[Metric]:
    """The national metrics of the policy period holding financial year ``period`` that have intervals."""
    for policy in PolicyPeriod.objects.order_by("code"):
        if period in (policy.financial_years or []):
            return list(Metric.objects.filter(period=policy, area=None, ci_method__in=SPINE_METHODS).order_by("pk"))
    return []


def spine(gss_code: str, period: str) -> list[SpineRow]:
    """One row per metric for HWB ``gss_code`` in financial year ``period`` (module docstring)."""
    rows = []
    for metric in spine_metrics(period):
        result = benchmark(metric.code, period)
        england = result.england[0.95]
        values = [r.value for r in result.rows if r.value is not None]
        mine = next((r for r in result.rows if r.area.gss_code == gss_code), None)
        estimate = mine.estimates[0.95] if mine is not None else None
        computable = estimate is not None and estimate.computable
        summary = None
        if values and england is not None and england.computable:
            summary = spine_summary(values, england.value, metric.polarity)
        note = "" if computable else (mine.figure.reason if mine is not None else "not an HWB in force this year")
        rows.append(SpineRow(
            metric=metric, value=estimate.value if computable else None,
            lower=estimate.lower if computable else None, upper=estimate.upper if computable else None,
            england=england.value if england is not None and england.computable else None,
            comparison=mine.vs_england[0.95] if mine is not None else "not compared", summary=summary, note=note))
    return rows
