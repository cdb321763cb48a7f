"""Metric figures (actuals and targets) as plain values, with their estimate and confidence
interval recomputed from numerator and denominator by the metric's catalogue method.

How a figure becomes an estimate (``estimate_figure``):
- proportion metrics: Wilson interval of numerator / denominator x multiplier;
- directly standardised rates with their age bands (:mod:`.statistic_parts`): ``indicators.dsr``,
  Dobson limits, the catalogue's standard population (ESP2013); without bands, as a rate (below)
  and flagged as crude;
- means with their sum of squares: Student's t interval (``indicators.mean_from_sums``); without
  it, the mean alone;
- rate metrics: numerator / denominator x multiplier with exact Poisson (count < 10) or Byar limits,
  in the metric's own unit (``time_units``: a rate per day divides by the days in the period, a rate
  per month by its months). Without a denominator: when the source states the figure beside its
  count (927 admissions, 650.1 per 100,000), the stated figure is the value and the denominator is
  the one it implies (count x multiplier / stated), so the interval is the count's, on the stated
  figure's scale (``basis`` "stated"); otherwise the population of the metric's base (all, 18+,
  65+) for the financial year (``basis`` "population");
- a figure with a numerator but neither denominator, stated figure nor population is a count (Byar /
  exact limits of the count itself), compared with count targets;
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
    basis: str = ""  # source (its own denominator) | stated (implied by the stated figure) | population
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
    return rate_per(metric) == "day"


def rate_per(metric: Metric) -> str:
    """The time unit of a rate metric: "day" (DToC: average delayed days per day), "month" (NEA:
    admissions per 100,000 per month), or "" for a rate over the figure's own period."""
    return metric.definition.get("rate_per") or ("day" if metric.definition.get("per_day") else "")


def time_units(metric: Metric, figure: Figure) -> int:
    """How many of the metric's time units the figure's period spans (days, months, or 1)."""
    return units_between(metric, figure.start, figure.end)


def units_between(metric: Metric, start: date, end: date) -> int:
    """How many of the metric's time units [start, end] spans: days for a rate per day, calendar
    months for a rate per month, else 1 (a rate over the period itself)."""
    per = rate_per(metric)
    if per == "day":
        return (end - start).days + 1
    if per == "month":
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return 1


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
            key = (locality_id, year + -offset, base)
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
        if denominator is None and figure.stated is not None and figure.stated > 0:
            figure.basis = "stated"
            figure.estimate = rate(numerator, numerator * multiplier / float(figure.stated), multiplier=multiplier)
            return
        figure.basis = "source"
        if denominator is None:
            population, note = populations.get(figure.locality_id, metric.population_base, figure.start)
            if population is not None:
                denominator, figure.basis = float(population), "population"
                if note:
                    figure.flags.append(note)
        if denominator is None or denominator <= 0:
            figure.scale, figure.basis = "count", ""
            figure.estimate = rate(numerator, 1, multiplier=1)
            return
        figure.estimate = rate(numerator, denominator * time_units(metric, figure), multiplier=multiplier)
    else:
        return
    if figure.denominator is None:  # recomputed from a population, not from the source's own figures
        return
    agreement = check_stated(figure.stated, figure.estimate.value, figure.stated_decimals)
    if agreement is not None and not agreement.agrees:
        figure.flags.append(agreement.message)
