"""The spine chart's statistics for one indicator across areas, as Fingertips draws them.

Quartiles (``quartiles``): the 25th, 50th and 75th percentiles by linear interpolation between order
statistics, Hyndman & Fan (1996) type 7: with the n values sorted, the p-th quantile is at position
h = (n - 1) p (from 0): x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]). This is Excel's
QUARTILE.INC, R's default ``quantile`` and numpy's default ``percentile``.

Scale (``SpineScale``): Fingertips centres each indicator's bar on England's value and scales it so that
the area furthest from England (the lowest or the highest) reaches the edge: with d = max(England -
lowest, highest - England), a value x sits at 0.5 + (x - England) / (2 d) on a 0..1 axis. Where the
indicator has a polarity the axis is turned so that better is always on the right (for "lower is
better" the position is 1 minus that); without polarity higher is on the right."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["quartiles", "SpineScale", "SpineSummary", "spine_summary"]


def _quantile(ordered: Sequence[float], p: float) -> float:
    h = (len(ordered) - 1) * p
    low = math.floor(h)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (h - low) * (ordered[high] - ordered[low])


def quartiles(values: Sequence[float]) -> tuple[float, float, float]:
    """(25th, 50th, 75th percentile) of ``values`` by Hyndman & Fan type 7 (module docstring)."""
    ordered = sorted(float(v) for v in values if v is not None and not math.isnan(float(v)))
    if not ordered:
        raise ValueError("quartiles need at least one value")
    return _quantile(ordered, 0.25), _quantile(ordered, 0.5), _quantile(ordered, 0.75)


@dataclass(frozen=True)
class SpineScale:
    """Positions on the 0..1 spine axis: England at 0.5, better on the right (module docstring)."""

    england: float
    half_width: float
    polarity: str

    def position(self, value: float) -> float:
        if self.half_width <= 0:
            return 0.5
        raw = 0.5 + (value - self.england) / (2 * self.half_width)
        return 1 - raw if self.polarity == "lower" else raw


@dataclass(frozen=True)
class SpineSummary:
    """One indicator's spread across the areas: lowest, quartiles, highest, England's value, the scale,
    and which end is worst and best (None without polarity)."""

    england: float
    lowest: float
    q1: float
    median: float
    q3: float
    highest: float
    areas: int
    scale: SpineScale

    @property
    def worst(self) -> float | None:
        return {"lower": self.highest, "higher": self.lowest}.get(self.scale.polarity)

    @property
    def best(self) -> float | None:
        return {"lower": self.lowest, "higher": self.highest}.get(self.scale.polarity)


def spine_summary(values: Sequence[float], england: float, polarity: str) -> SpineSummary:
    """The spine statistics of ``values`` (one per area) around ``england`` (module docstring)."""
    usable = [float(v) for v in values if v is not None and not math.isnan(float(v))]
    if not usable:
        raise ValueError("a spine needs at least one area's value")
    q1, median, q3 = quartiles(usable)
    lowest, highest = min(usable), max(usable)
    half = max(england - lowest, highest - england, 0.0)
    return SpineSummary(england, lowest, q1, median, q3, highest, len(usable),
                        SpineScale(england, half, polarity if polarity in ("lower", "higher") else ""))
