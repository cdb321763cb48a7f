"""Rates per day of a period, and conversions between per-day, per-period and per-year figures.

The BCF delayed-transfers-of-care metric is "average delayed days per day per 100,000
population aged 18+": delayed days in the month ÷ days in the month ÷ population × 100,000.
Leicestershire, July 2018: 978 delayed days over 31 days is 5.80 per day per 100,000, or 179.9
per month per 100,000 (Leicestershire Health and Wellbeing Board, 27 September 2018).

Days come from the real calendar through :mod:`bettercare.indicators.periods`.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np

from .ci import rate
from .estimate import Estimate, EstimateArray

__all__ = ["per_day_rate", "days_in", "per_day_to_per_period", "per_period_to_per_day", "annualise"]


class _HasDays(Protocol):
    @property
    def days(self) -> int: ...


def days_in(period: _HasDays | int | float) -> float:
    """Number of days in a period object (anything with ``.days``) or a number of days."""
    days = getattr(period, "days", period)
    try:
        d = float(days)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"period must have a number of days, got {period!r}") from None
    if not d > 0:
        raise ValueError(f"a period must have a positive number of days, got {days!r}")
    return d


def per_day_rate(
    count: Any,
    period: _HasDays | int | float | Any,
    population: Any,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """Average count per day per ``multiplier`` population: count ÷ days ÷ population × mult.

    The interval is the crude-rate interval of :func:`~bettercare.indicators.ci.rate` (exact Poisson
    for counts under 10, Byar's otherwise) with denominator population × days. For delayed days
    this treats each delayed day as an independent event, which understates the width when the
    same patients are delayed for many days; read it as a lower bound on the uncertainty.

    ``period`` is a :class:`~bettercare.indicators.periods.Month`, ``Quarter`` or
    ``FinancialYear`` (or anything with ``.days``), a number of days, or an array of days.
    """
    if isinstance(period, (list, tuple, np.ndarray)):
        days: Any = np.asarray([days_in(p) for p in period], dtype=np.float64)
    else:
        days = days_in(period)
    if isinstance(population, (list, tuple, np.ndarray)) or isinstance(days, np.ndarray):
        pop = np.asarray(population, dtype=np.float64)
        return rate(count, pop * days, multiplier, confidence, invalid=invalid)
    if population is None:
        return rate(count, None, multiplier, confidence, invalid=invalid)
    return rate(count, float(population) * days, multiplier, confidence, invalid=invalid)


def per_day_to_per_period(value_per_day: float, period: _HasDays | int | float) -> float:
    """A per-day rate expressed per period: value × days in the period (179.9 = 5.80 × 31)."""
    return value_per_day * days_in(period)


def per_period_to_per_day(value_per_period: float, period: _HasDays | int | float) -> float:
    """A per-period figure expressed per day: value ÷ days in the period."""
    return value_per_period / days_in(period)


def annualise(value: float, covered: _HasDays | int | float, year: _HasDays | int | float = 365) -> float:
    """Scale a figure for a part of a year to a full year by days: value × year_days ÷ covered_days.

    Pass a :class:`~bettercare.indicators.periods.FinancialYear` as ``year`` to use its real length
    (366 days when it contains 29 February).
    """
    return value * days_in(year) / days_in(covered)
