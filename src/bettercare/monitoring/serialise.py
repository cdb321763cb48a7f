"""Metric results as plain rows (JSON for the CLI and API, cells for reports)."""

from typing import Any

from .results import Assessment, MetricResult


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 6)


def assessment_row(result: MetricResult, assessment: Assessment, kind: str) -> dict[str, Any]:
    figure, estimate = assessment.figure, assessment.estimate
    forecast = result.forecast
    return {
        "metric": result.metric.code,
        "metric_title": result.metric.title,
        "statistic": result.metric.definition.get("statistic") or result.metric.ci_method,
        "locality": result.locality or None,
        "component": figure.component or None,
        "kind": kind,
        "label": figure.label,
        "period": figure.period,
        "scale": assessment.scale,
        "value": _round(assessment.value),
        "lower": _round(estimate.lower) if estimate else None,
        "upper": _round(estimate.upper) if estimate else None,
        "method": estimate.method if estimate else None,
        "stated_value": None if figure.stated is None else float(figure.stated),
        "numerator": None if figure.numerator is None else float(figure.numerator),
        "denominator": None if figure.denominator is None else float(figure.denominator),
        "age_bands": {b.label: {"count": b.count, "population": b.population} for b in figure.bands} or None,
        "target": _round(assessment.target_value),
        "target_numerator": assessment.target_numerator,
        "target_label": assessment.target.label if assessment.target else None,
        "comparison": assessment.comparison,
        "comparison_reason": assessment.comparison_reason or None,
        "rag": assessment.rag,
        "rag_rule": assessment.rag_rule,
        "rag_rule_owner": assessment.rule_owner,
        "rating": assessment.rating_words,
        "metric_number": result.number,
        "unit": result.metric.unit if assessment.scale != "count" else "count",
        "status": assessment.status_text,
        "polarity": result.metric.polarity,
        "direction": result.direction,
        "direction_test": result.direction_test,
        "forecast": _round(forecast.value) if forecast else None,
        "forecast_lower": _round(forecast.estimate.lower) if forecast and forecast.estimate else None,
        "forecast_upper": _round(forecast.estimate.upper) if forecast and forecast.estimate else None,
        "forecast_target": _round(forecast.target_value) if forecast else None,
        "forecast_method": result.forecast_method or None,
        "forecast_rag": forecast.rag if forecast else None,
        "headline": assessment is result.headline,
        "flags": list(figure.flags),
        "source": figure.source,
        "as_at": figure.as_at.isoformat() if figure.as_at else None,
        "origin": figure.origin or None,
    }


def result_rows(results: list[MetricResult], include_targets: bool = True) -> list[dict[str, Any]]:
    """One row per actual figure (read against its target), the forecast, and (optionally) every
    baseline / target row with its recomputed value and consistency flags."""
    from .results import assess

    rows = []
    for result in results:
        for assessment in result.assessments:
            rows.append(assessment_row(result, assessment, "actual"))
        if result.forecast is not None:
            rows.append(assessment_row(result, result.forecast, "forecast"))
        if include_targets:
            for target in result.targets:
                if target.kind == "forecast":
                    continue
                row = assessment_row(result, assess(target, None, None), target.kind)
                row.update(
                    {
                        "target": None,
                        "comparison": "not_compared",
                        "rag": "grey",
                        "status": None,
                        "comparison_reason": "a target or baseline is not assessed against itself",
                    }
                )
                rows.append(row)
    return rows
