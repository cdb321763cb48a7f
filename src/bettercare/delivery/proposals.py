"""The proposed status of each metric in a quarterly return: the one adapter between the return and
the metric assessments of ``bettercare.monitoring.results``.

Rules:
- the metrics are those of the plan's policy period (national ones and the HWB's own local ones);
- when ``area_results(area, financial_year)`` is importable and runs, each metric's proposal is
  its HWB-level result (locality empty): the status text ("on track", "not on track", "data not
  available to assess progress") with the figures behind it (period, value, target, comparison,
  RAG and the rule that gave it, flags). Where several results exist for one metric, the one whose
  period ends last but not after the quarter is used (else the last one);
- otherwise, or when the assessment fails, every metric is proposed as "data not available to assess
  progress" with the plan's targets for that financial year and the reason. Proposing never breaks
  the return."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from bettercare.plans.models import Metric, MetricTarget, Plan

from .quarters import Quarter, period_end

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
    try:
        return None if value is None else float(value)
    except (TypeError, ValueError):
        return None


def _text(value) -> str:
    return "" if value is None else str(value)


def _view(result) -> dict[str, Any]:
    """The figures of one result, whether it carries them itself or in its ``headline``."""
    headline = getattr(result, "headline", None)
    figure = getattr(headline, "figure", None)
    period = getattr(result, "period", None) or getattr(figure, "period", None)
    return {
        "status": _text(getattr(result, "status_text", "")) or NO_DATA,
        "rag": _text(getattr(result, "rag", "")),
        "period": _text(period),
        "value": _number(getattr(result, "value", None) if headline is None else getattr(headline, "value", None)),
        "target": _number(
            getattr(result, "target", None) if headline is None else getattr(headline, "target_value", None)
        ),
        "comparison": _text(getattr(result, "comparison", None) or getattr(headline, "comparison", None)),
        "rag_rule": _text(getattr(result, "rag_rule", None) or getattr(headline, "rag_rule", None)),
        "basis": _text(getattr(result, "headline_basis", "")),
        "direction": _text(getattr(result, "direction", "")),
        "flags": [str(flag) for flag in getattr(result, "flags", None) or []],
        "figure_source": _text(getattr(figure, "source", "")),
        "source": ENGINE,
    }


def _is_hwb_level(result) -> bool:
    return not getattr(result, "locality", None)


def _choose(results: list, quarter: Quarter):
    if len(results) == 1:
        return results[0]
    dated = [(period_end(_view(r)["period"]), r) for r in results]
    eligible = [(end, r) for end, r in dated if end is not None and end <= quarter.end]
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
        from bettercare.monitoring.results import area_results
    except ImportError:
        return fallback(plan, quarter, metrics, "metric assessments are not available in this installation")
    try:
        results = [r for r in area_results(plan.area, quarter.financial_year) if _is_hwb_level(r)]
    except Exception as error:  # the proposal must never break the return
        return fallback(plan, quarter, metrics, f"the metric assessment failed ({type(error).__name__}: {error})")
    by_metric: dict[int, list] = {}
    for result in results:
        metric_id = getattr(getattr(result, "metric", None), "id", None)
        if metric_id is not None:
            by_metric.setdefault(metric_id, []).append(result)
    backup = {p.metric.id: p for p in fallback(plan, quarter, metrics, "no assessment for this metric")}
    proposals = []
    for metric in metrics:
        found = by_metric.get(metric.id)
        if not found:
            proposals.append(backup[metric.id])
            continue
        try:
            view = _view(_choose(found, quarter))
        except Exception as error:  # a malformed result must not break the return either
            proposals.append(
                fallback(plan, quarter, [metric], f"the assessment could not be read ({type(error).__name__})")[0]
            )
            continue
        proposals.append(Proposal(metric, view["status"], view))
    return proposals
