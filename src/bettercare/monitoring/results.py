"""Are we on track? Metric results for an HWB (and its localities) over a period.

For every actual figure: its estimate and interval (see :mod:`.figures`), the target it is read
against, the comparison (better / similar / worse: the interval wholly on one side of the target,
read with polarity), the RAG rating by the metric's rule (significance by default; when a figure
has no interval the threshold rule is used instead and the result says so), direction of travel
against the previous figures of the same length, and flags. Per metric, the headline is the
year-end forecast against the annual target where the metric is a count with an annual count
target (seed 004 rates permanent admissions and NEA this way), otherwise the latest actual.

Target matched to a figure (``match_target``): the target for exactly the same period, else a
target whose period contains it, else one whose period contains its last day (rolling windows that
straddle two years, e.g. reablement discharges March-May), else the earliest target in the same
financial year that ends on or after it (an ambition "by September 2018, maintained to March",
seed 004), else none.
Counts are compared with counts (actual numerator vs target numerator, same period) when both
exist; otherwise values are compared.

Year-end forecast (``forecast``): a forecast stated in the source is used and cross-checked;
otherwise actual to date + the remaining trajectory (annual target − target to date), or the run
rate when there is no target to date. Either way its interval is that of a count.

SPC (``spc_summary``, rules in :mod:`.spc_series`): the chart runs on the metric's longest comparable
series up to the end of the period viewed, across financial years, with the recorded notes and
rebases; each figure on it is drawn against its matched target (``spc_target``).

Why it is long: the one place where figures, targets, comparison, RAG, direction and forecast are
put together into a MetricResult for pages, CLI, returns and papers; the parts it calls are in
figures, targets and indicators."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bettercare.indicators import (
    Estimate,
    FinancialYear,
    Polarity,
    ThresholdRule,
    compare,
    direction_of_travel,
    make_rag_rule,
    rate,
    run_rate_forecast,
    trajectory_forecast,
)
from bettercare.indicators.periods import years_span
from bettercare.plans.models import MetricTarget, Plan
from bettercare.plans.services import current_versions
from bettercare.reference.models import Area, Metric

from .figures import Figure, PopulationLookup, estimate_figure
from .models import MetricActual, SpcNote
from .spc_series import ChartNote, spc_summary
from .statistic_parts import is_part

TARGET_KINDS = ("target", "trajectory")


@dataclass
class Assessment:
    """One figure read against its target."""

    figure: Figure
    target: Figure | None
    target_value: float | None
    scale: str
    comparison: str
    comparison_reason: str
    rag: str
    rag_rule: str
    status_text: str
    estimate: Estimate | None

    @property
    def value(self) -> float | None:
        if self.estimate is not None and self.estimate.value is not None:
            return float(self.estimate.value)
        return self.figure.value


@dataclass
class MetricResult:
    """Everything the dashboard, the CLI and the reports show for one metric and locality."""

    metric: Metric
    locality: str
    assessments: list[Assessment]
    headline: Assessment | None
    headline_basis: str  # "forecast" | "latest" | "none"
    latest: Assessment | None
    year_to_date: Assessment | None
    forecast: Assessment | None
    forecast_method: str
    direction: str
    direction_test: str
    spc: dict[str, Any] | None
    targets: list[Figure]
    flags: list[str] = field(default_factory=list)
    spc_note: str = ""

    @property
    def rag(self) -> str:
        return self.headline.rag if self.headline else "grey"

    @property
    def status_text(self) -> str:
        return self.headline.status_text if self.headline else "data not available to assess progress"


def _number(value) -> float | None:
    return None if value is None else float(value)


def _figure(row, kind: str) -> Figure:
    return Figure(
        metric=row.metric,
        kind=kind,
        label=row.label,
        period=row.period,
        start=row.period_start,
        end=row.period_end,
        locality_id=row.locality_id,
        locality_name=row.locality.name if row.locality else "",
        component=row.component,
        numerator=row.numerator,
        denominator=row.denominator,
        stated=row.value,
        source=row.source,
        as_at=getattr(row, "as_at", None),
        origin=getattr(row, "origin", ""),
        note=row.note,
        replaces=getattr(row, "replaces", None),
        stated_decimals=row.value_decimals,
    )


def current(figures: list[Figure]) -> Figure:
    """Of several figures for the same period, the one in force: a re-based target (one that
    records the figure it replaced) supersedes the original; otherwise the latest entered."""
    return max(figures, key=lambda f: (f.replaces is not None, f.pk or 0))


def in_force(targets: list[Figure]) -> list[Figure]:
    """The targets in force: for each period and component, the :func:`current` one."""
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for target in targets:
        groups[(target.start, target.end, target.component)].append(target)
    return sorted((current(group) for group in groups.values()), key=lambda t: (t.end, t.start, t.pk or 0))


def match_target(figure: Figure, targets: list[Figure]) -> Figure | None:
    """The target a figure is read against (rule in the module docstring)."""
    same = in_force([t for t in targets if t.component == figure.component and t.kind in TARGET_KINDS])
    exact = [t for t in same if (t.start, t.end) == (figure.start, figure.end)]
    if exact:
        return current(exact)
    containing = [t for t in same if t.start <= figure.start and figure.end <= t.end]
    if containing:
        return min(containing, key=lambda t: t.days)
    ending_within = [t for t in same if t.start <= figure.end <= t.end]  # rolling windows across years
    if ending_within:
        return min(ending_within, key=lambda t: t.days)
    year = FinancialYear.containing(figure.end)
    later = [t for t in same if t.end >= figure.end and year.start <= t.start and t.end <= year.end]
    return min(later, key=lambda t: t.end) if later else None


def assess(figure: Figure, target: Figure | None, rule_spec) -> Assessment:
    """Compare a figure with its target and rate it (module docstring)."""
    metric = figure.metric
    polarity = Polarity.parse(metric.polarity)
    estimate, scale, target_value = figure.estimate, figure.scale, None
    if target is not None:
        same_period = (target.start, target.end) == (figure.start, figure.end)
        if figure.numerator is not None and target.numerator is not None and same_period and target.denominator is None:
            scale, target_value = "count", float(target.numerator)
            estimate = rate(float(figure.numerator), 1, multiplier=1)
        elif scale == "count":
            target_value = _number(target.numerator)
        else:
            target_value = target.value if target.scale != "count" or target.stated is None else float(target.stated)
            if target.scale == "count" and target.stated is None:
                target_value = None
    rule = make_rag_rule(rule_spec)
    if estimate is not None and estimate.lower is not None and estimate.upper is not None:
        result = rule.assess(estimate, target_value, polarity)
        comparison = compare(estimate, target_value, polarity)
        comparison_text, reason = comparison.outcome.value, comparison.reason or ""
    else:
        point = figure.value if estimate is None else estimate.value
        result = ThresholdRule().assess(point, target_value, polarity)
        comparison_text = "not_compared"
        reason = "no confidence interval: the source gives no numerator and denominator"
        if target_value is None:
            reason = "no target for this period"
    rule_text = result.rule
    if result.parameters:
        rule_text += " (" + ", ".join(f"{k}={v}" for k, v in result.parameters.items()) + ")"
    return Assessment(
        figure=figure,
        target=target,
        target_value=target_value,
        scale=scale,
        comparison=comparison_text,
        comparison_reason=reason or (result.reason or ""),
        rag=result.rating.value,
        rag_rule=rule_text,
        status_text=result.progress,
        estimate=estimate,
    )


def forecast(
    metric: Metric, actuals: list[Figure], targets: list[Figure], year: FinancialYear, rule_spec
) -> tuple[Assessment | None, str, list[str]]:
    """Year-end forecast for a count metric, compared with the annual count target."""
    flags: list[str] = []
    annual = [
        t
        for t in targets
        if t.kind == "target"
        and (t.start, t.end) == (year.start, year.end)
        and t.numerator is not None
        and not t.component
    ]
    if not annual:
        return None, "", flags
    target = current(annual)
    stated = [
        t
        for t in targets
        if t.kind == "forecast" and (t.start, t.end) == (year.start, year.end) and t.numerator is not None
    ]
    to_date = [
        a for a in actuals if a.start == year.start and a.numerator is not None and not a.component and a.end < year.end
    ]
    computed, method = None, ""
    if to_date:
        ytd = max(to_date, key=lambda a: a.end)
        plan_to_date = [
            t
            for t in targets
            if (t.start, t.end) == (ytd.start, ytd.end) and t.numerator is not None and t.kind in TARGET_KINDS
        ]
        if plan_to_date:
            remaining = float(target.numerator) - float(current(plan_to_date).numerator)
            computed = trajectory_forecast(float(ytd.numerator), remaining)
            method = "actual to date + remaining trajectory"
        else:
            computed = run_rate_forecast(float(ytd.numerator), ytd.months, 12)
            method = "run rate"
    if stated:
        chosen = current(stated)
        value = float(chosen.numerator)
        if computed is not None and computed.value is not None and round(computed.value) != round(value):
            flags.append(f"forecast stated in the source ({value:,.0f}) differs from {method} ({computed.value:,.0f})")
        method = "stated in the source" + (f"; {method} gives {computed.value:,.0f}" if computed is not None else "")
        figure = Figure(**{**chosen.__dict__, "flags": list(chosen.flags)})
    elif computed is not None and computed.value is not None:
        value = float(computed.value)
        figure = Figure(
            metric=metric,
            kind="forecast",
            label=f"Forecast ({method})",
            period=str(year),
            start=year.start,
            end=year.end,
            locality_id=target.locality_id,
            locality_name=target.locality_name,
            component="",
            numerator=None,
            denominator=None,
            stated=None,
            source="computed",
        )
    else:
        return None, "", flags
    figure.estimate = rate(value, 1, multiplier=1)
    figure.scale = "count"
    figure.numerator = figure.numerator if figure.numerator is not None else None
    result = assess(figure, None, rule_spec)
    polarity = Polarity.parse(metric.polarity)
    comparison = compare(figure.estimate, float(target.numerator), polarity)
    rag = make_rag_rule(rule_spec).assess(figure.estimate, float(target.numerator), polarity)
    result.target, result.target_value, result.scale = target, float(target.numerator), "count"
    result.comparison, result.comparison_reason = comparison.outcome.value, comparison.reason or ""
    result.rag, result.status_text = rag.rating.value, rag.progress
    return result, method, flags


def travel(metric: Metric, actuals: list[Figure]) -> tuple[str, str]:
    """Direction of travel over the last (up to three) figures of the latest figure's length."""
    usable = [a for a in actuals if a.estimate is not None and a.scale != "count" and a.numerator is not None]
    if len(usable) < 2:
        return "not assessed", "fewer than two comparable figures with numerators and denominators"
    latest = max(usable, key=lambda a: a.end)
    series = sorted((a for a in usable if a.months == latest.months), key=lambda a: a.end)[-3:]
    if len(series) < 2:
        return "not assessed", "no earlier figure of the same length"
    kind = "proportion" if metric.ci_method == "proportion" else "rate"
    denominators = [float(a.estimate.denominator) for a in series]
    result = direction_of_travel([float(a.numerator) for a in series], denominators, metric.polarity, kind=kind)
    return result.direction.value.replace("_", " "), result.test or (result.reason or "")


def spc_target(figure: Figure, targets: list[Figure]) -> float | None:
    """The target or trajectory value a figure on the SPC chart is drawn against: the matched
    target (``match_target``) when it is on the figure's scale and, for counts and rates that
    depend on the period's length, of the same length."""
    target = match_target(figure, targets)
    if target is None:
        return None
    length_free = figure.metric.ci_method == "proportion" or bool(figure.metric.definition.get("per_day"))
    if target.months != figure.months and not length_free:
        return None
    if figure.scale == "count":
        return float(target.numerator) if target.numerator is not None else None
    if target.scale == "count" and target.stated is None:
        return None
    return target.value if target.scale != "count" else float(target.stated)


def _plans(area: Area, start: date, end: date) -> list[Plan]:
    """The current version (:func:`~bettercare.plans.services.current_version`) of each of the
    area's plans whose policy period overlaps [start, end]: one set of targets per plan, however
    many versions or workbook imports it has had."""
    chosen = []
    for plan in area.plans.select_related("period"):
        years = plan.period.financial_years or []
        if not years:
            continue
        first, last = years_span(years[0])[0], years_span(years[-1])[1]
        if first <= end and start <= last:
            chosen.append(plan)
    return current_versions(chosen)


def metric_results(area: Area, period: str, metric_codes: list[str] | None = None) -> list[MetricResult]:
    """Results for every metric with figures in the window, for the HWB and each locality."""
    start, end = years_span(period)
    populations = PopulationLookup(area)
    targets_by_key: dict[tuple[int, int | None], list[Figure]] = defaultdict(list)
    for row in MetricTarget.objects.filter(plan__in=_plans(area, start, end)).select_related("metric", "locality"):
        targets_by_key[(row.metric_id, row.locality_id)].append(_figure(row, row.kind))
    actuals_by_key: dict[tuple[int, int | None], list[Figure]] = defaultdict(list)
    history_by_key: dict[tuple[str, int | None], list[Figure]] = defaultdict(list)
    actual_rows = MetricActual.objects.filter(area=area, period_end__lte=end)  # SPC runs across years
    parts: dict[tuple[int, int | None, str], dict] = defaultdict(dict)
    for row in actual_rows.select_related("metric", "locality"):
        if is_part(row.component):  # an age band or sum of squares: read with its figure, never alone
            parts[(row.metric_id, row.locality_id, row.period)][row.component] = (row.numerator, row.denominator)
            continue
        figure = _figure(row, "actual")
        figure.parts = parts[(row.metric_id, row.locality_id, row.period)]
        if row.period_end >= start:
            actuals_by_key[(row.metric_id, row.locality_id)].append(figure)
        if not row.component:
            history_by_key[(row.metric.code, row.locality_id)].append(figure)
    share_variant_numerators(actuals_by_key)
    notes_by_key = chart_notes(area)
    results = []
    for key in sorted(set(targets_by_key) | set(actuals_by_key), key=lambda k: (k[0], k[1] or 0)):
        actuals = sorted(actuals_by_key.get(key, []), key=lambda f: (f.end, f.start, f.pk or 0))
        targets = sorted(targets_by_key.get(key, []), key=lambda f: (f.end, f.start, f.pk or 0))
        metric = (actuals or targets)[0].metric
        if metric_codes and metric.code not in metric_codes:
            continue
        history = history_by_key.get((metric.code, key[1]), [])
        notes = notes_by_key.get((metric.code, key[1]), [])
        results.append(_result(metric, actuals, targets, populations, start, history, notes))
    return sorted(results, key=lambda r: (r.metric.id, r.locality != "", r.locality))


def share_variant_numerators(actuals_by_key: dict[tuple[int, int | None], list[Figure]]) -> None:
    """A catalogue metric may be a presentation variant of another (``variant_of``: DToC delayed days
    per month vs per day). Both count the same events, so a parent figure stated without its count
    takes the count from the variant's figure for the same period, component and locality."""
    for (_metric_id, locality_id), figures in list(actuals_by_key.items()):
        parent_code = figures[0].metric.definition.get("variant_of") if figures else None
        if not parent_code:
            continue
        parent = Metric.objects.filter(period=figures[0].metric.period, code=parent_code).first()
        for target in actuals_by_key.get((parent.id, locality_id), []) if parent else []:
            donors = [
                f
                for f in figures
                if (f.start, f.end, f.component) == (target.start, target.end, target.component)
                and f.numerator is not None
            ]
            if target.numerator is None and donors:
                target.numerator = donors[0].numerator
                target.flags.append(
                    f"count {donors[0].numerator.normalize():,f} taken from {figures[0].metric.title} "
                    f"({donors[0].label or donors[0].period})"
                )


def _result(
    metric: Metric,
    actuals: list[Figure],
    targets: list[Figure],
    populations: PopulationLookup,
    start: date,
    history: list[Figure] = (),
    notes: list[ChartNote] = (),
) -> MetricResult:
    rule_spec = metric.definition.get("rag_rule")
    in_window = {id(f) for f in actuals}
    for figure in actuals + targets + [f for f in history if id(f) not in in_window]:
        estimate_figure(figure, populations)
    assessments = [assess(figure, match_target(figure, targets), rule_spec) for figure in actuals]
    main = [a for a in assessments if not a.figure.component]
    latest = max(main, key=lambda a: (a.figure.end, -a.figure.months)) if main else None
    year = FinancialYear.containing(latest.figure.start if latest else start)
    ytd = [a for a in main if a.figure.start == year.start and a.figure.months > 1]
    year_to_date = max(ytd, key=lambda a: a.figure.end) if ytd else None
    headline_forecast, method, flags = forecast(metric, [a.figure for a in main], targets, year, rule_spec)
    direction, test = travel(metric, [a.figure for a in main])
    spc, spc_note = spc_summary(metric, list(history), lambda figure: spc_target(figure, targets), notes)
    headline, basis = (headline_forecast, "forecast") if headline_forecast else (latest, "latest" if latest else "none")
    locality = (actuals or targets)[0].locality_name
    for figure in actuals + targets:
        flags.extend(f"{figure.label or figure.period}: {flag}" for flag in figure.flags)
    return MetricResult(
        metric=metric,
        locality=locality,
        assessments=assessments,
        headline=headline,
        headline_basis=basis,
        latest=latest,
        year_to_date=year_to_date,
        forecast=headline_forecast,
        forecast_method=method,
        direction=direction,
        direction_test=test,
        spc=spc,
        targets=targets,
        flags=flags,
        spc_note=spc_note,
    )


def chart_notes(area: Area) -> dict[tuple[str, int | None], list[ChartNote]]:
    """Dated notes and rebases recorded for the area's SPC charts, by metric code and locality."""
    out: dict[tuple[str, int | None], list[ChartNote]] = defaultdict(list)
    for row in SpcNote.objects.filter(area=area).order_by("on", "pk"):
        out[(row.metric_code, row.locality_id)].append(ChartNote(row.on, row.text, row.rebase))
    return out


def area_results(area: Area, financial_year: str) -> list[MetricResult]:
    """HWB-level results (no localities) for a financial year: the quarterly return's proposals."""
    return [r for r in metric_results(area, financial_year) if not r.locality]
