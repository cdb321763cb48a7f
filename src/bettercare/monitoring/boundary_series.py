"""A metric's yearly series for an HWB joined across a boundary change with its predecessor(s).

For each change that formed the HWB (``catalogue.area_vintages``): the financial years before the
change are read from the predecessor's figures and the later years from the HWB's own, each year's
figure as in the benchmark (``benchmark.annual_figure``: twelve monthly figures, or the year's own).
Whether the predecessor's years are shown (joined) or left out (split) follows the change's
``join_rule`` for the metric's statistic, and the change's note is shown beside the series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from bettercare.catalogue.area_vintages import predecessors
from bettercare.indicators import Estimate, FinancialYear
from bettercare.reference.models import Area

from .benchmark import annual_figure, estimate
from .models import MetricActual


@dataclass
class SeriesYear:
    year: str
    area_name: str
    gss_code: str
    estimate: Estimate | None
    numerator: float | None
    denominator: float | None
    predecessor: bool


@dataclass
class JoinedSeries:
    rule: str  # joined | split
    note: str
    years: list[SeriesYear]


def _years(area: Area, metric_code: str, *, before=None, after=None, predecessor: bool) -> list[SeriesYear]:
    rows = MetricActual.objects.filter(area=area, metric__code=metric_code, locality=None, component="")
    if before is not None:
        rows = rows.filter(period_end__lt=before)
    if after is not None:
        rows = rows.filter(period_start__gte=after)
    by_year: dict[FinancialYear, list[MetricActual]] = defaultdict(list)
    for row in rows.select_related("metric").order_by("period_start", "pk"):
        by_year[FinancialYear.containing(row.period_start)].append(row)
    out = []
    for year in sorted(by_year, key=lambda y: y.start):
        metric = by_year[year][-1].metric
        figure = annual_figure(metric, by_year[year], year.start, year.end)
        if figure.reason:
            continue
        out.append(SeriesYear(str(year), area.name, area.gss_code,
                              estimate(metric, figure.numerator, figure.denominator, 0.95),
                              figure.numerator, figure.denominator, predecessor))
    return out


def joined_series(area: Area, metric_code: str, statistic: str) -> list[JoinedSeries]:
    """One series per change that formed ``area`` (empty when it has no predecessor with figures)."""
    out = []
    for change in predecessors(area.gss_code):
        predecessor = Area.objects.filter(gss_code=change.predecessor_code).first()
        rule = change.join_rule(statistic)
        earlier = [] if predecessor is None or rule == "split" else _years(
            predecessor, metric_code, before=change.effective, predecessor=True)
        later = _years(area, metric_code, after=change.effective, predecessor=False)
        if earlier or (predecessor is not None and later):
            out.append(JoinedSeries(rule, change.note(statistic), earlier + later))
    return out
