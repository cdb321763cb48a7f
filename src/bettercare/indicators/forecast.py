"""Year-end forecasts from the actuals so far.

Three methods, each returning an :class:`Estimate` (so :func:`compare` and the RAG rules apply to
the forecast against the annual target):

* :func:`trajectory_forecast` — actual to date + the plan (trajectory) for the remaining periods.
  Leicestershire 2018-19 non-elective admissions: 22,551 (Apr–Jul) + 47,417 planned for Aug–Mar
  (70,569 − 23,152) = 69,968 against a target of 70,569.
* :func:`run_rate_forecast` — actual to date ÷ periods elapsed × periods in the year. 378
  permanent admissions in Apr–Aug → 378/5 × 12 = 907.2. (The published Leicestershire forecast was
  927, made from its own local projection; this function does not try to reproduce it.)
* :func:`seasonal_forecast` — actual to date scaled by last year's seasonal profile: actual ×
  (last year's full-year total ÷ last year's total for the same months).

Intervals (Poisson, so they suit counts of events): exact limits below 10 events and Byar's
limits otherwise (see :mod:`bettercare.indicators.ci`).

* trajectory: the remaining planned count is treated as the expected value of a Poisson count; the
  forecast interval is actual + the Poisson interval of that count.
* run rate and seasonal: the interval of the count so far, scaled like the value (it expresses
  the uncertainty of the underlying rate, not the extra Poisson noise of the remaining months).

Sources: the methods are the usual BCF monitoring practice as described in the Leicestershire HWB
BCF quarterly update (27 September 2018); the count intervals are those of PHEindicatormethods.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ._common import check_confidence
from .ci import EXACT_BELOW, _byar_lower, _byar_upper, _exact_lower, _exact_upper, z_value
from .estimate import Estimate

__all__ = ["trajectory_forecast", "run_rate_forecast", "seasonal_forecast"]


def _total(values: Any, name: str) -> tuple[float | None, str | None, int]:
    """Sum of a figure or of per-period figures; (None, reason, n) if any is missing."""
    if values is None:
        return None, f"{name} missing", 0
    if np.ndim(values) == 0:
        v = float(values)
        return (None, f"{name} missing", 1) if v != v else (v, None, 1)
    items = list(values)
    if any(v is None or float(v) != float(v) for v in items):
        return None, f"{name} has a missing period", len(items)
    return float(sum(float(v) for v in items)), None, len(items)


def _count_interval(count: float, confidence: float) -> tuple[float, float, str]:
    if count < 0:
        raise ValueError(f"counts must be zero or more, got {count:g}")
    if count < EXACT_BELOW:
        return _exact_lower(count, confidence), _exact_upper(count, confidence), "Exact"
    z = z_value(confidence)
    return _byar_lower(count, z), _byar_upper(count, z), "Byars"


def trajectory_forecast(
    actual_to_date: float | Sequence[float | None] | None,
    remaining_plan: float | Sequence[float | None] | None,
    confidence: float = 0.95,
    *,
    interval: bool = True,
) -> Estimate:
    """Forecast = actual to date + planned figures for the remaining periods.

    Both arguments take a total or per-period figures. With ``interval`` (default) the limits are
    actual + the Poisson limits of the remaining planned count; pass ``interval=False`` for figures
    that are not counts of events (the limits are then ``None`` and the result is still computable
    as a point forecast, with ``reason`` saying no interval was made).
    """
    conf = check_confidence(confidence)
    method = "actual to date + remaining trajectory"
    actual, why_a, _ = _total(actual_to_date, "actual to date")
    plan, why_p, _ = _total(remaining_plan, "remaining plan")
    if actual is None or plan is None:
        return Estimate.not_computable(why_a or why_p or "missing input", method=method, confidence=conf)
    value = actual + plan
    details: dict[str, Any] = {"actual_to_date": actual, "remaining_plan": plan}
    if not interval:
        return Estimate(
            value,
            None,
            None,
            method,
            conf,
            True,
            "no interval requested",
            numerator=value,
            denominator=1.0,
            details=details,
        )
    lo, hi, how = _count_interval(plan, conf)
    details["interval_method"] = how
    return Estimate(value, actual + lo, actual + hi, method, conf, numerator=value, denominator=1.0, details=details)


def run_rate_forecast(
    actual_to_date: float | Sequence[float | None] | None,
    periods_elapsed: float | None = None,
    periods_in_year: float = 12,
    confidence: float = 0.95,
) -> Estimate:
    """Forecast = actual to date ÷ periods elapsed × periods in the year.

    ``actual_to_date`` may be per-period figures (then ``periods_elapsed`` defaults to their
    number) or a total (then ``periods_elapsed`` is required). Periods can be months, quarters or
    days — use days (e.g. ``Month.days`` sums and ``FinancialYear.days``) for an exact calendar
    run rate. Interval: Poisson limits of the count so far × periods_in_year ÷ periods_elapsed.
    """
    conf = check_confidence(confidence)
    method = "run rate"
    actual, why, n = _total(actual_to_date, "actual to date")
    per_period = actual_to_date is not None and np.ndim(np.asarray(actual_to_date, dtype=object)) > 0
    elapsed = float(periods_elapsed) if periods_elapsed is not None else (float(n) if per_period else None)
    if actual is None:
        return Estimate.not_computable(why or "missing input", method=method, confidence=conf)
    if elapsed is None:
        raise ValueError("periods_elapsed is needed when actual_to_date is a total")
    if not elapsed > 0 or not periods_in_year >= elapsed:
        raise ValueError(f"need 0 < periods_elapsed ≤ periods_in_year, got {elapsed:g} and {periods_in_year:g}")
    scale = float(periods_in_year) / elapsed
    lo, hi, how = _count_interval(actual, conf)
    return Estimate(
        actual * scale,
        lo * scale,
        hi * scale,
        method,
        conf,
        numerator=actual * scale,
        denominator=1.0,
        details={
            "actual_to_date": actual,
            "periods_elapsed": elapsed,
            "periods_in_year": float(periods_in_year),
            "interval_method": how,
        },
    )


def seasonal_forecast(
    actual_to_date: Sequence[float | None],
    last_year: Sequence[float | None],
    confidence: float = 0.95,
) -> Estimate:
    """Forecast = actual to date × (last year's total ÷ last year's total for the same periods).

    ``actual_to_date`` holds this year's figures for the first k periods and ``last_year`` all of
    last year's periods, in the same order (e.g. April to March). Equivalent to adding last year's
    remaining periods scaled by this year's growth so far. Interval: Poisson limits of the count
    so far, scaled by the same factor.
    """
    conf = check_confidence(confidence)
    method = "seasonal profile from last year"
    this_year = list(actual_to_date)
    previous = list(last_year)
    k = len(this_year)
    if not 0 < k <= len(previous):
        raise ValueError("actual_to_date must cover between 1 and len(last_year) periods")
    actual, why, _ = _total(this_year, "actual to date")
    same, why_s, _ = _total(previous[:k], "last year's same periods")
    full, why_f, _ = _total(previous, "last year")
    if actual is None or same is None or full is None:
        return Estimate.not_computable(why or why_s or why_f or "missing input", method=method, confidence=conf)
    if same <= 0:
        return Estimate.not_computable(
            "last year's figures for the same periods sum to zero", method=method, confidence=conf
        )
    factor = full / same
    lo, hi, how = _count_interval(actual, conf)
    return Estimate(
        actual * factor,
        lo * factor,
        hi * factor,
        method,
        conf,
        numerator=actual * factor,
        denominator=1.0,
        details={"actual_to_date": actual, "seasonal_factor": factor, "interval_method": how},
    )
