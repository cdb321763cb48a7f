"""Compare an estimate with a target (or benchmark) using its confidence interval.

Rule (Fingertips technical guidance, "Comparing with a benchmark"; Public Health England / OHID):
a value is significantly *higher* than the comparator when the whole confidence interval lies
above it (lower limit > comparator), significantly *lower* when the whole interval lies below it
(upper limit < comparator), and *similar* otherwise — an interval that touches or contains the
comparator is similar. ``polarity`` turns higher/lower into better/worse. The confidence level is
the estimate's own (usually 95%, or 99.8% for the stricter test).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .estimate import Estimate, EstimateArray

__all__ = ["Polarity", "Comparison", "ComparisonResult", "compare", "compare_to_target", "compare_many"]


class Polarity(StrEnum):
    """Which direction is good: ``LOWER`` (e.g. emergency admissions) or ``HIGHER`` (e.g. still at
    home 91 days after discharge)."""

    LOWER = "lower"
    HIGHER = "higher"

    @classmethod
    def parse(cls, value: Polarity | str) -> Polarity:
        """Accept the enum or "lower"/"low"/"lower is better"/"decrease", "higher"/"high"/…"""
        if isinstance(value, Polarity):
            return value
        text = str(value).strip().lower().replace("_", " ")
        if text in ("lower", "low", "lower is better", "low is good", "decrease", "down"):
            return cls.LOWER
        if text in ("higher", "high", "higher is better", "high is good", "increase", "up"):
            return cls.HIGHER
        raise ValueError(f"polarity must be 'lower' or 'higher' (which is better), got {value!r}")

    def better(self, value: float, target: float) -> bool:
        """True when ``value`` meets or beats ``target`` (equal counts as meeting it)."""
        return value <= target if self is Polarity.LOWER else value >= target


class Comparison(StrEnum):
    BETTER = "better"
    SIMILAR = "similar"
    WORSE = "worse"
    NOT_COMPARED = "not_compared"


@dataclass(frozen=True, slots=True)
class ComparisonResult:
    """Outcome of :func:`compare`. ``side`` is "above", "below" or "overlaps" (None if not compared)."""

    outcome: Comparison
    target: float | None
    polarity: Polarity
    confidence: float | None
    value: float | None
    lower: float | None
    upper: float | None
    side: str | None
    reason: str | None = None

    def __str__(self) -> str:
        return self.outcome.value


def _target(target: Any) -> float | None:
    if target is None:
        return None
    t = float(target)
    return None if t != t else t


def compare(estimate: Estimate, target: float | None, polarity: Polarity | str) -> ComparisonResult:
    """Better / similar / worse than ``target`` by where the confidence interval lies.

    * lower limit > target → above; upper limit < target → below; otherwise similar.
    * above is better when ``polarity`` is "higher", worse when it is "lower" (and vice versa).
    * not_compared (with ``reason``) when the estimate is not computable, lacks a limit, or the
      target is missing.
    """
    pol = Polarity.parse(polarity)
    t = _target(target)
    base: dict[str, Any] = {
        "target": t,
        "polarity": pol,
        "confidence": estimate.confidence,
        "value": estimate.value,
        "lower": estimate.lower,
        "upper": estimate.upper,
    }
    if t is None:
        return ComparisonResult(Comparison.NOT_COMPARED, side=None, reason="no target to compare with", **base)
    if not estimate.computable or estimate.lower is None or estimate.upper is None:
        why = estimate.reason or "confidence interval not available"
        return ComparisonResult(Comparison.NOT_COMPARED, side=None, reason=why, **base)
    if estimate.lower > t:
        side = "above"
    elif estimate.upper < t:
        side = "below"
    else:
        return ComparisonResult(Comparison.SIMILAR, side="overlaps", **base)
    good = (side == "above") == (pol is Polarity.HIGHER)
    return ComparisonResult(Comparison.BETTER if good else Comparison.WORSE, side=side, **base)


#: Alias used by the metric pages: ``compare_to_target(estimate, target, polarity)``.
compare_to_target = compare


def compare_many(estimates: EstimateArray, targets: Any, polarity: Polarity | str) -> NDArray[np.str_]:
    """Vectorised :func:`compare`: an array of "better"/"similar"/"worse"/"not_compared"."""
    pol = Polarity.parse(polarity)
    t = np.broadcast_to(np.asarray(targets, dtype=np.float64), estimates.value.shape)
    with np.errstate(invalid="ignore"):
        above = estimates.lower > t
        below = estimates.upper < t
    usable = estimates.computable & ~np.isnan(t) & ~np.isnan(estimates.lower) & ~np.isnan(estimates.upper)
    good, bad = (above, below) if pol is Polarity.HIGHER else (below, above)
    out = np.full(t.shape, Comparison.SIMILAR.value, dtype="<U12")
    out[good] = Comparison.BETTER.value
    out[bad] = Comparison.WORSE.value
    out[~usable] = Comparison.NOT_COMPARED.value
    return out
