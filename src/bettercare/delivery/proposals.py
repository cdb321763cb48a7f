"""The proposed status of each metric in a quarterly return, from the metric results of
``bettercare.monitoring.results`` (``area_results``: HWB-level results for the financial year).

Rules:
- the metrics are those of the plan's policy period (national ones and the HWB's own local ones);
- each metric's proposal is its HWB-level result: the status text ("on track", "not on track", "data
  not available to assess progress") with the figures behind it (period, value, target, comparison,
  RAG and the rule that gave it, flags). Where several results exist for one metric, the one whose
  headline period ends last but not after the quarter is used (else the last one);
- a metric without a result, or every metric when the assessment fails, is proposed as "data not
  available to assess progress" with the plan's targets for that financial year and the reason.
  Proposing never breaks the return."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from bettercare.indicators.periods import Quarter
from bettercare.monitoring.results import MetricResult, area_results
from bettercare.plans.models import MetricTarget, Plan
from bettercare.reference.models import Metric

NO_DATA = "data not available to assess progress"
ENGINE = "bettercare.monitoring.results.area_results"


@dataclass
class Proposal:
    metric: Metric
    status: str
    detail: dict[str, Any] = field(default_factory=dict)


def metrics_of(plan: Plan) -> list[Metric]:
    """The plan period's metrics: national ones and the HWB's local ones, in catalogue order."""
    return list(Metric.objects.filter(period=plan.period).filter(Q(area=None) | Q(area=plan.area_id)).order_by("id"))


def _number(value) -> float | None:
    return None if value is None else float(value)


def _view(result: MetricResult) -> dict[str, Any]:
    """The figures behind one result's headline (empty figures when it has none)."""
    headline = result.headline
    figure = headline.figure if headline else None
    return {
        "status": result.status_text or NO_DATA,
        "rag": result.rag if headline else "",
        "period": figure.period if figure else "",
        "value": _number(headline.value) if headline else None,
        "target": _number(headline.target_value) if headline else None,
        "unit": result.metric.unit,
        "scale": headline.scale if headline else "value",
        "decimals": headline.decimals if headline else None,
        "target_decimals": headline.target_decimals if headline else None,
        "comparison": headline.comparison if headline else "",
        "rag_rule": headline.rag_rule if headline else "",
        "basis": result.headline_basis,
        "direction": result.direction,
        "flags": [str(flag) for flag in result.flags],
        "figure_source": figure.source if figure else "",
        "source": ENGINE,
    }


def _choose(results: list[MetricResult], quarter: Quarter) -> MetricResult:
    if len(results) == 1:
        return results[0]
    dated = [(r.headline.figure.end, r) for r in results if r.headline is not None]
    eligible = [(end, r) for end, r in dated if end <= quarter.end]
    if eligible:
        return max(eligible, key=lambda pair: pair[0])[1]
    return results[-1]


def fallback(plan: Plan, quarter: Quarter, metrics: list[Metric], reason: str) -> list[Proposal]:
    """"Data not available to assess progress" for every metric, with the plan's HWB-level targets
    in the quarter's financial year."""
    fy_start, fy_end = Quarter(quarter.start_year, 1).start, Quarter(quarter.start_year, 4).end
    targets = MetricTarget.objects.filter(
        plan=plan, locality=None, kind__in=("target", "trajectory"), period_start__lte=fy_end, period_end__gte=fy_start
    ).order_by("period_start")
    by_metric: dict[int, list[dict]] = {}
    for target in targets:
        by_metric.setdefault(target.metric_id, []).append(
            {
                "kind": target.kind,
                "label": target.label,
                "period": target.period,
                "value": _number(target.value),
                "numerator": _number(target.numerator),
                "source": target.source,
            }
        )
    return [
        Proposal(metric, NO_DATA, {"status": NO_DATA, "reason": reason, "targets": by_metric.get(metric.id, []),
                                   "source": "plan metric targets"})
        for metric in metrics
    ]


def propose(plan: Plan, quarter: Quarter) -> list[Proposal]:
    """One proposal per metric of the plan's period for the quarter's return (never raises for a
    failure of the assessment itself)."""
    metrics = metrics_of(plan)
    try:
        results = area_results(plan.area, str(quarter.financial_year))
    except Exception as error:  # the proposal must never break the return
        return fallback(plan, quarter, metrics, f"the metric assessment failed ({type(error).__name__}: {error})")
    by_metric: dict[int, list[MetricResult]] = {}
    for result in results:
        by_metric.setdefault(result.metric.id, []).append(result)
    backup = {p.metric.id: p for p in fallback(plan, quarter, metrics, "no assessment for this metric")}
    proposals = []
    for metric in metrics:
        found = by_metric.get(metric.id)
        if not found:
            proposals.append(backup[metric.id])
            continue
        view = _view(_choose(found, quarter))
        proposals.append(Proposal(metric, view["status"], view))
    return proposals
