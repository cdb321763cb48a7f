"""Metric figures (actuals and targets) as plain values, with their estimate and confidence
interval recomputed from numerator and denominator by the metric's catalogue method.

How a figure becomes an estimate (``estimate_figure``):
- proportion metrics: Wilson interval of numerator / denominator x multiplier;
- directly standardised rates with their age bands (:mod:`.statistic_parts`): ``indicators.dsr``,
  Dobson limits, the catalogue's standard population (ESP2013); without bands, as a rate (below)
  and flagged as crude;
- means with their sum of squares: Student's t interval (``indicators.mean_from_sums``); without
  it, the mean alone;
- rate metrics: numerator / denominator x multiplier with exact Poisson (count < 10) or Byar limits;
  when the figure has no denominator the population of the metric's base (all, 18+, 65+) for the
  financial year is used; a per-day metric divides by population x days in the period;
- a figure with a numerator but neither denominator nor population is a count (Byar / exact limits
  of the count itself), compared with count targets;
- otherwise only the stated value is known: no interval.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bettercare.indicators import Estimate, FinancialYear, proportion, rate
from bettercare.indicators.consistency import check_stated
from bettercare.reference.models import Metric, Population

from .statistic_parts import BAND_PREFIX, SUM_OF_SQUARES, Band, dsr_estimate, mean_estimate


@dataclass
class Figure:
    """An actual or a target of one metric for one area/locality and period."""

    metric: Metric
    kind: str  # actual | baseline | target | trajectory | forecast
    label: str
    period: str
    start: date
    end: date
    locality_id: int | None
    locality_name: str
    component: str
    numerator: Decimal | None
    denominator: Decimal | None
    stated: Decimal | None
    source: str
    stated_decimals: int | None = None
    as_at: date | None = None
    origin: str = ""
    note: str = ""
    replaces: Decimal | None = None
    estimate: Estimate | None = None
    scale: str = "value"  # value | count
    flags: list[str] = field(default_factory=list)
    pk: int | None = None
    parts: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)  # statistic_parts

    @property
    def bands(self) -> list[Band]:
        """A DSR figure's age bands (count, population), from its parts."""
        return [Band(name[len(BAND_PREFIX):], float(n or 0), float(d or 0))
                for name, (n, d) in self.parts.items() if name.startswith(BAND_PREFIX)]

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def value(self) -> float | None:
        """The recomputed value when there is one, else the stated value."""
        if self.estimate is not None and self.estimate.value is not None:
            return float(self.estimate.value)
        return None if self.stated is None else float(self.stated)


def per_day(metric: Metric) -> bool:
    return bool(metric.definition.get("per_day"))


class PopulationLookup:
    """ONS (or stated) populations by area, locality, financial year and age band, read once."""

    def __init__(self, area):
        self.rows = {(p.locality_id, p.financial_year, p.age_band): p for p in Population.objects.filter(area=area)}

    def get(self, locality_id: int | None, base: str, on: date) -> tuple[int | None, str]:
        """The population for the financial year containing ``on``; else the nearest earlier year."""
        if not base:
            return None, ""
        year = FinancialYear.containing(on)
        for offset in range(0, 4):
            key = (locality_id, str(FinancialYear(year.start.year - offset)), base)
            if key in self.rows:
                note = "" if offset == 0 else f"population of {key[1]} used for {year}"
                return self.rows[key].population, note
        return None, ""


def estimate_figure(figure: Figure, populations: PopulationLookup) -> None:
    """Fill ``figure.estimate``, ``figure.scale`` and consistency flags (see module docstring)."""
    metric = figure.metric
    multiplier = metric.multiplier
    numerator = None if figure.numerator is None else float(figure.numerator)
    denominator = None if figure.denominator is None else float(figure.denominator)
    if numerator is None:
        return
    if metric.ci_method == "dsr" and figure.bands:
        figure.estimate = dsr_estimate(metric.definition, figure.bands)
        if figure.estimate is None:
            figure.flags.append("age bands incomplete: the directly standardised rate cannot be computed")
        return
    if metric.ci_method == "mean":
        if denominator and SUM_OF_SQUARES in figure.parts and figure.parts[SUM_OF_SQUARES][0] is not None:
            figure.estimate = mean_estimate(numerator, float(figure.parts[SUM_OF_SQUARES][0]), denominator)
        elif denominator:
            figure.estimate = Estimate(numerator / denominator, None, None, "mean (no interval: no sum of squares)",
                                       0.95, numerator=numerator, denominator=denominator)
        return
    if metric.ci_method == "dsr" and figure.kind == "actual":
        figure.flags.append("no age bands: crude rate of the age group, not the directly standardised rate")
    if metric.ci_method == "proportion":
        if denominator is None:
            return
        if numerator > denominator:
            figure.flags.append("numerator exceeds denominator: not a proportion")
            return
        figure.estimate = proportion(numerator, denominator, multiplier=multiplier)
    elif metric.ci_method in ("rate", "dsr"):
        if denominator is None:
            population, note = populations.get(figure.locality_id, metric.population_base, figure.start)
            if population is not None and figure.kind == "actual":
                denominator = float(population)
                if note:
                    figure.flags.append(note)
        if denominator is None or denominator <= 0:
            figure.scale = "count"
            figure.estimate = rate(numerator, 1, multiplier=1)
            return
        if per_day(metric):
            denominator *= figure.days
        figure.estimate = rate(numerator, denominator, multiplier=multiplier)
    else:
        return
    if figure.denominator is None:  # recomputed from a population, not from the source's own figures
        return
    agreement = check_stated(figure.stated, figure.estimate.value, figure.stated_decimals)
    if agreement is not None and not agreement.agrees:
        figure.flags.append(agreement.message)
