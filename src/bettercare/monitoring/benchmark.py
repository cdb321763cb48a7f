"""Benchmarking a metric across HWBs for a financial year, the way Fingertips does.

Each HWB's figure for the year (``annual_figure``): its own figure for exactly that year when one is
recorded, else the sum of its twelve monthly figures — numerators summed; a proportion's
denominators summed; a rate's denominator is the population, the same every month, taken once.
Fewer than twelve months: no value (the reason says how many months there are).

Intervals by the metric's catalogue method, as on the HWB's own pages (``monitoring.figures``):
Wilson for proportions, Byar (exact Poisson below 10 events) for rates; a metric defined as a DSR is
read here as the crude rate of the age group, because the monitoring figures carry no age bands
(the method says so).

England's figure is pooled from its HWBs (Σ numerators / Σ denominators), and so is each region's.
Comparison with a benchmark (``indicators.comparison``, Fingertips technical guidance): the HWB's
interval wholly above or below the benchmark's value at 95% and at 99.8%; with the metric's polarity
read as better / worse, or "higher" / "lower" when the metric has no polarity; similar otherwise.
Funnel significance (``indicators.funnel``, PHEindicatormethods): each HWB against the funnel limits
around the pooled average at 95% (0.025) and 99.8% (0.001).

Each HWB's own target (``_targets``): the annual target (kind "target", the whole HWB, no component) for
exactly the financial year in the current version of the HWB's plan covering it
(``plans.services.current_versions``), rated by the metric's catalogue RAG rule (``indicators.rag``;
the significance rule at its confidence by default) on the HWB's figure for the year; grey with the
reason when there is no figure or no target. A comparator group (``comparator_groups``) is pooled and
compared with like a region.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from bettercare.indicators import Estimate, Polarity, compare, make_rag_rule, proportion, rate
from bettercare.indicators.funnel import funnel_significance_proportion, funnel_significance_rate
from bettercare.indicators.periods import years_span
from bettercare.plans.models import MetricTarget, Plan
from bettercare.plans.services import current_versions
from bettercare.reference.models import Area, AreaRegistration, Metric, PolicyPeriod

from .models import MetricActual

CONFIDENCES = (0.95, 0.998)


@dataclass
class AnnualFigure:
    """Numerator and denominator of one area for the year (None with ``reason`` when not known)."""

    numerator: float | None
    denominator: float | None
    months: int
    reason: str = ""


@dataclass
class AreaBenchmark:
    """One HWB's row: its figure, intervals, comparisons and funnel significance."""

    area: Area
    region_code: str
    region_name: str
    figure: AnnualFigure
    estimates: dict[float, Estimate | None]
    vs_england: dict[float, str] = field(default_factory=dict)
    vs_region: dict[float, str] = field(default_factory=dict)
    vs_group: dict[float, str] = field(default_factory=dict)
    funnel: str = ""
    target: float | None = None
    rag: str = "grey"
    rag_text: str = "no target for this year"

    @property
    def value(self) -> float | None:
        estimate = self.estimates.get(0.95)
        return None if estimate is None or not estimate.computable else estimate.value


@dataclass
class Benchmark:
    """A metric for a financial year across HWBs, with England and the regions pooled."""

    metric: Metric
    period: str
    start: date
    end: date
    method: str
    england: dict[float, Estimate | None]
    regions: dict[str, tuple[str, dict[float, Estimate | None]]]
    rows: list[AreaBenchmark]
    group: tuple[str, dict[float, Estimate | None]] | None = None


def find_metric(code: str, period: str) -> Metric:
    """The catalogue metric ``code`` of the policy period holding financial year ``period``."""
    start, _ = years_span(period)
    for policy in PolicyPeriod.objects.order_by("code"):
        if period in (policy.financial_years or []):
            metric = Metric.objects.filter(period=policy, code=code, area=None).first()
            if metric is None:
                known = ", ".join(Metric.objects.filter(period=policy, area=None).values_list("code", flat=True))
                raise ValueError(f"no metric {code!r} in {policy.code}; metrics: {known}")
            return metric
    raise ValueError(f"{period!r} is not a financial year of any policy period in the catalogue")


def _is_rate(metric: Metric) -> bool:
    return metric.ci_method in ("rate", "dsr")


def annual_figure(metric: Metric, rows: list[MetricActual], start: date, end: date) -> AnnualFigure:
    """The area's figure for the year from its recorded rows (rule in the module docstring)."""
    whole = [r for r in rows if (r.period_start, r.period_end) == (start, end) and r.numerator is not None]
    if whole:
        row = whole[-1]
        return AnnualFigure(float(row.numerator), None if row.denominator is None else float(row.denominator), 12)
    months = {(r.period_start.year, r.period_start.month): r for r in rows
              if r.numerator is not None and (r.period_start.year, r.period_start.month)
              == (r.period_end.year, r.period_end.month)}
    if len(months) < 12:
        return AnnualFigure(None, None, len(months), f"{len(months)} of 12 months recorded")
    numerator = float(sum(r.numerator for r in months.values()))
    denominators = [r.denominator for r in months.values()]
    if any(d is None for d in denominators):
        return AnnualFigure(numerator, None, 12, "a month has no denominator")
    if _is_rate(metric):
        return AnnualFigure(numerator, float(max(denominators)), 12)
    return AnnualFigure(numerator, float(sum(denominators, Decimal(0))), 12)


def estimate(metric: Metric, numerator: float | None, denominator: float | None, confidence: float) -> Estimate | None:
    """The figure's estimate and interval at ``confidence`` by the metric's method (None if unknown)."""
    if numerator is None or denominator is None or denominator <= 0:
        return None
    if metric.ci_method == "proportion":
        return proportion(numerator, denominator, confidence=confidence, multiplier=metric.multiplier)
    return rate(numerator, denominator, confidence=confidence, multiplier=metric.multiplier)


def comparison_label(value: Estimate | None, benchmark: Estimate | None, polarity: str) -> str:
    """better / similar / worse (or higher / similar / lower without polarity) against the benchmark's
    value; "not compared" when either is missing."""
    if value is None or benchmark is None or not benchmark.computable:
        return "not compared"
    if polarity not in ("lower", "higher"):
        result = compare(value, benchmark.value, Polarity.HIGHER)
        return {"above": "higher", "below": "lower", "overlaps": "similar"}.get(result.side, "not compared")
    result = compare(value, benchmark.value, Polarity.parse(polarity))
    return result.outcome.value.replace("_", " ")


def method_text(metric: Metric) -> str:
    if metric.ci_method == "proportion":
        return f"proportion x {metric.multiplier:,}, Wilson score interval"
    crude = " (crude rate of the age group: the figures carry no age bands)" if metric.ci_method == "dsr" else ""
    return f"rate per {metric.multiplier:,}{crude}, Byar interval (exact Poisson below 10 events)"


def in_force_areas(start: date, end: date):
    """The registered HWBs whose boundary was in force for some of [start, end]."""
    registrations = AreaRegistration.objects.select_related("area", "region").exclude(valid_from__gt=end)
    return [r for r in registrations.exclude(valid_to__lt=start).order_by("area__gss_code")]


def _pooled(metric: Metric, figures: list[AnnualFigure]) -> dict[float, Estimate | None]:
    usable = [f for f in figures if f.numerator is not None and f.denominator]
    numerator = sum(f.numerator for f in usable) if usable else None
    denominator = sum(f.denominator for f in usable) if usable else None
    return {c: estimate(metric, numerator, denominator, c) for c in CONFIDENCES}


def _funnel(metric: Metric, rows: list[AreaBenchmark]) -> None:
    usable = [r for r in rows if r.value is not None]
    if not usable:
        return
    numerators = [r.figure.numerator for r in usable]
    denominators = [r.figure.denominator for r in usable]
    if metric.ci_method == "proportion":
        labels = funnel_significance_proportion(numerators, denominators)
    else:
        labels = funnel_significance_rate(numerators, [r.value for r in usable], denominators,
                                          rate_type="crude", multiplier=metric.multiplier)
    for row, label in zip(usable, labels, strict=True):
        row.funnel = str(label)


def _targets(metric: Metric, start: date, end: date, area_ids: set[int]) -> dict[int, float]:
    """Each HWB's annual target for [start, end] from the current version of its plan (module docstring)."""
    plans = Plan.objects.filter(area_id__in=area_ids, period=metric.period)
    rows = (MetricTarget.objects.filter(plan__in=current_versions(plans), metric__code=metric.code, kind="target",
                                        locality=None, component="", period_start=start, period_end=end)
            .exclude(value=None).select_related("plan").order_by("pk"))
    return {row.plan.area_id: float(row.value) for row in rows}


def _rate_against_target(metric: Metric, row: AreaBenchmark, target: float | None) -> None:
    """RAG of the HWB's figure against its own target by the metric's rule (module docstring)."""
    row.target = target
    if target is None:
        return
    if metric.polarity not in ("lower", "higher"):
        row.rag_text = "not rated: the metric has no polarity"
        return
    rule = make_rag_rule(metric.definition.get("rag_rule"))
    confidence = getattr(rule, "confidence", None) or 0.95
    value = row.estimates.get(confidence) if confidence in row.estimates else estimate(
        metric, row.figure.numerator, row.figure.denominator, confidence)
    if value is None or not value.computable:
        row.rag_text = f"no figure for the year ({row.figure.reason or 'not computable'})"
        return
    result = rule.assess(value, target, Polarity.parse(metric.polarity))
    row.rag, row.rag_text = result.rating.value, f"{result.progress} ({result.rule} rule)"


def benchmark(metric_code: str, period: str, area_codes: list[str] | None = None,
              group: tuple[str, set[str]] | None = None) -> Benchmark:
    """Every registered HWB in force in financial year ``period`` (and any other registered HWB with
    figures in it), or those of ``area_codes``, for the metric, with England and regions pooled from
    the same rows, each HWB rated against its own target, and (with ``group`` = (name, GSS codes)) the
    comparator group pooled from its members. An area with figures but no registration is not an HWB
    of the register and is left out."""
    metric = find_metric(metric_code, period)
    start, end = years_span(period)
    rows_by_area: dict[int, list[MetricActual]] = defaultdict(list)
    actuals = MetricActual.objects.filter(metric=metric, locality=None, component="", period_start__gte=start,
                                          period_end__lte=end).order_by("period_start", "pk")
    for row in actuals:
        rows_by_area[row.area_id].append(row)
    registrations = in_force_areas(start, end)
    listed = {r.area_id for r in registrations}
    extra = AreaRegistration.objects.filter(area_id__in=set(rows_by_area) - listed).select_related("area", "region")
    registrations = sorted([*registrations, *extra], key=lambda r: r.area.gss_code)
    rows = []
    for registration in registrations:
        figure = annual_figure(metric, rows_by_area.get(registration.area_id, []), start, end)
        if not figure.reason and not figure.denominator:
            figure.reason = "no denominator"
        rows.append(AreaBenchmark(
            area=registration.area, region_code=registration.region.code, region_name=registration.region.name,
            figure=figure, estimates={c: estimate(metric, figure.numerator, figure.denominator, c)
                                      for c in CONFIDENCES}))
    england = _pooled(metric, [r.figure for r in rows])
    regions: dict[str, tuple[str, dict[float, Estimate | None]]] = {}
    for code in sorted({r.region_code for r in rows}):
        members = [r for r in rows if r.region_code == code]
        regions[code] = (members[0].region_name, _pooled(metric, [r.figure for r in members]))
    pooled_group = None
    if group is not None:
        members = {code.upper() for code in group[1]}
        pooled_group = (group[0], _pooled(metric, [r.figure for r in rows if r.area.gss_code.upper() in members]))
    targets = _targets(metric, start, end, {r.area.pk for r in rows})
    for row in rows:
        for c in CONFIDENCES:
            row.vs_england[c] = comparison_label(row.estimates[c], england[c], metric.polarity)
            row.vs_region[c] = comparison_label(row.estimates[c], regions[row.region_code][1][c], metric.polarity)
            if pooled_group is not None:
                row.vs_group[c] = comparison_label(row.estimates[c], pooled_group[1][c], metric.polarity)
        _rate_against_target(metric, row, targets.get(row.area.pk))
    _funnel(metric, rows)
    if area_codes:
        wanted = {c.upper() for c in area_codes}
        rows = [r for r in rows if r.area.gss_code.upper() in wanted]
    return Benchmark(metric, period, start, end, method_text(metric), england, regions, rows, pooled_group)


def benchmark_rows(result: Benchmark) -> dict:
    """The benchmark as plain values (JSON for the CLI and the API, CSV for the page)."""

    def limits(estimate_: Estimate | None) -> tuple[float | None, float | None]:
        if estimate_ is None or not estimate_.computable:
            return None, None
        return estimate_.lower, estimate_.upper

    def pooled(estimates: dict[float, Estimate | None]) -> dict:
        main = estimates[0.95]
        return {
            "value": None if main is None else main.value,
            "numerator": None if main is None else main.numerator,
            "denominator": None if main is None else main.denominator,
            "lower_95": limits(main)[0], "upper_95": limits(main)[1],
            "lower_99_8": limits(estimates[0.998])[0], "upper_99_8": limits(estimates[0.998])[1],
        }

    return {
        "metric": result.metric.code,
        "title": result.metric.title,
        "period": result.period,
        "polarity": result.metric.polarity,
        "method": result.method,
        "england": {"name": "England", "basis": "pooled from the HWBs listed", **pooled(result.england)},
        "regions": [{"code": code, "name": name, **pooled(estimates)}
                    for code, (name, estimates) in result.regions.items()],
        "group": None if result.group is None else {"name": result.group[0], **pooled(result.group[1])},
        "areas": [
            {
                "gss_code": row.area.gss_code,
                "name": row.area.name,
                "region": row.region_name,
                "numerator": row.figure.numerator,
                "denominator": row.figure.denominator,
                "value": row.value,
                "lower_95": limits(row.estimates[0.95])[0],
                "upper_95": limits(row.estimates[0.95])[1],
                "lower_99_8": limits(row.estimates[0.998])[0],
                "upper_99_8": limits(row.estimates[0.998])[1],
                "vs_england_95": row.vs_england[0.95],
                "vs_england_99_8": row.vs_england[0.998],
                "vs_region_95": row.vs_region[0.95],
                "vs_region_99_8": row.vs_region[0.998],
                "vs_group_95": row.vs_group.get(0.95, ""),
                "vs_group_99_8": row.vs_group.get(0.998, ""),
                "target": row.target,
                "rag": row.rag,
                "rag_text": row.rag_text,
                "funnel": row.funnel or "not computed",
                "note": row.figure.reason,
            }
            for row in result.rows
        ],
    }
