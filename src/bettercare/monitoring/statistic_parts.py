"""The parts of a figure that its statistic needs beyond numerator and denominator, stored as
components of the actual:

- a directly standardised rate (catalogue ``statistic: dsr`` with ``standard_population``): one
  component per standard age band, ``age:65-69`` ... ``age:90+``, holding the band's count
  (numerator) and population (denominator); the band's weight is the standard population's
  (ESP2013, Eurostat 2013). The DSR and its Dobson limits are :func:`bettercare.indicators.dsr`.
- a mean (``ci_method: mean``): the component ``sum_of_squares`` (Σx² over the same n), so that the
  mean gets a Student's t interval (:func:`bettercare.indicators.mean_from_sums`).

These components are read with their figure; they are never figures of their own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bettercare.indicators import ESP2013, ESP2013_AGE_BANDS, Estimate, dsr, mean_from_sums

BAND_PREFIX = "age:"
SUM_OF_SQUARES = "sum_of_squares"
STANDARDS = {"ESP2013": dict(zip(ESP2013_AGE_BANDS, ESP2013, strict=True))}
STANDARD_SOURCES = {"ESP2013": "2013 European Standard Population (Eurostat 2013)"}


def is_part(component: str) -> bool:
    """True for a component that is part of a figure's statistic (an age band, a sum of squares)."""
    return component.startswith(BAND_PREFIX) or component == SUM_OF_SQUARES


def standard_weights(definition: dict) -> dict[str, float]:
    """The standard population's weight per age band inside the metric's population base (65+ ->
    65-69 ... 90+); empty when the metric is not standardised."""
    name = definition.get("standard_population")
    if not name:
        return {}
    weights = STANDARDS.get(str(name))
    if weights is None:
        raise ValueError(f"standard population {name!r} is not known (known: {', '.join(STANDARDS)})")
    base = str(definition.get("population_base") or "all")
    low = int(base[:-1]) if base.endswith("+") else 0
    return {band: w for band, w in weights.items() if int(band.rstrip("+").split("-")[0]) >= low}


def part_problem(definition: dict, component: str, weight: float | None) -> str | None:
    """Why ``component`` (with its standard weight, if given) cannot be part of this metric's figure,
    or None when it can."""
    if component.startswith(BAND_PREFIX):
        weights = standard_weights(definition)
        if not weights:
            return f"{component!r}: age bands belong to directly standardised rates; this metric is not one"
        band = component[len(BAND_PREFIX):]
        if band not in weights:
            return f"{component!r} is not a band of {definition.get('standard_population')} in the metric's ages " \
                   f"({', '.join(weights)})"
        if weight is not None and abs(float(weight) - weights[band]) > 1e-6:
            return f"standard weight {float(weight):g} for {band} is not {definition.get('standard_population')}'s " \
                   f"({weights[band]:g})"
        return None
    if component == SUM_OF_SQUARES:
        if definition.get("ci_method") != "mean":
            return "'sum_of_squares' belongs to means; this metric is not one"
        return None
    return f"{component!r} is not a component of a statistic"


@dataclass(frozen=True)
class Band:
    """One age band of a DSR figure: count and population."""

    label: str
    count: float
    population: float


def dsr_estimate(definition: dict, bands: Iterable[Band], confidence: float = 0.95) -> Estimate | None:
    """The DSR of a figure from its bands, per the metric's multiplier for the figure's own period (a
    month's DSR is the month's; a year's is summed from its months' counts with one population per
    band); None when a band of the standard is missing."""
    weights = standard_weights(definition)
    by_label = {b.label: b for b in bands}
    if not weights or set(weights) - set(by_label):
        return None
    labels = list(weights)
    return dsr([by_label[b].count for b in labels], [by_label[b].population for b in labels],
               [weights[b] for b in labels], multiplier=float(definition.get("multiplier") or 100_000),
               confidence=confidence, invalid="flag")


def mean_estimate(total: float, sum_of_squares: float, n: float, confidence: float = 0.95) -> Estimate:
    """The mean of a figure with its t interval, from Σx, Σx² and n."""
    return mean_from_sums(total, sum_of_squares, n, confidence)
