"""Are we on track? Metric results for an HWB (and its localities) over a period.

For every actual figure: its estimate and interval (see :mod:`.figures`), the target it is read
against, the comparison (better / similar / worse: the interval wholly on one side of the target,
read with polarity), the RAG rating by the metric's rule (significance by default; when a figure
has no interval the threshold rule is used instead and the result says so), direction of travel
against the previous figures of the same length, and flags. Per metric, the headline (the
"RAG-rated data" of seed 004's Appendix A) is the year-end forecast against the annual target for
a metric reported per year with an annual count target (permanent admissions: 650.1 against
624.1), otherwise the latest figure rated against a target (non-elective admissions, a rate per
month: July's 818.63 against 832.57), else the latest figure.

The rule and the order are the plan's (``plans.PlanMetric``: the HWB's own rule per metric, e.g.
Leicestershire rates non-elective admissions green at or below the target), else the catalogue's
default rule and catalogue order; the statistical comparison is made whatever the rule, and shown
beside the rating (``rating_words``).

Target matched to a figure (``match_target``): the target for exactly the same period, else a
target whose period contains it, else one whose period contains its last day (rolling windows that
straddle two years, e.g. reablement discharges March-May), else the earliest target in the same
financial year that ends on or after it (an ambition "by September 2018, maintained to March",
seed 004), else none.
Figures are compared in the metric's own unit (a rate, a percentage, ...); where the figure and its
target carry counts for the same period, the count is kept beside them (``target_numerator``), and
where their stated rates imply populations more than 1% apart the counts are compared instead
(flagged). A figure that is only a count (no denominator, stated figure or population) is compared
with the target's count.

Year-end forecast (``forecast``): a forecast stated in the source is used and cross-checked;
otherwise actual to date + the remaining trajectory (annual target − target to date), or the run
rate when there is no target to date. Either way its interval is that of a count, expressed in the
metric's unit as its stated figure or its population gives it.

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
from decimal import Decimal
from typing import Any

from bettercare.catalogue.glossary import rule_words
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
from bettercare.plans.services import current_versions, plan_metrics
from bettercare.reference.data_version import cached
from bettercare.reference.models import Area, Metric

from .figures import Figure, PopulationLookup, estimate_figure, rate_per, time_units
from .models import MetricActual, SpcNote
from .spc_series import ChartNote, spc_summary
from .statistic_parts import is_part
from .year_to_date import pooled_year_to_date

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
    rule_owner: str = "the catalogue's default rule"

    @property
    def value(self) -> float | None:
        if self.estimate is not None and self.estimate.value is not None:
            return float(self.estimate.value)
        return self.figure.value

    @property
    def numerator(self) -> float | None:
        """The count behind the figure, where the source or the engine gives it."""
        return _number(self.figure.numerator)

    @property
    def target_numerator(self) -> float | None:
        """The target's count (890 admissions beside 624.1 per 100,000) when it covers the same period."""
        target = self.target
        if target is None or target.numerator is None or (target.start, target.end) != (self.figure.start,
                                                                                        self.figure.end):
            return None
        return float(target.numerator)

    @property
    def decimals(self) -> int | None:
        """Decimal places to show: the stated figure's own when the value is the stated figure."""
        return self.figure.stated_decimals if self.scale != "count" and self.figure.basis in ("stated", "") else None

    @property
    def target_decimals(self) -> int | None:
        target = self.target
        if target is None or self.scale == "count" or target.basis not in ("stated", ""):
            return None
        return target.stated_decimals

    @property
    def rating_words(self) -> str:
        """ "Green by the HWB's rule; statistically similar to the target" """
        return rating_words(self)


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
    number: int = 0  # in the plan's order (Metric 1, 2, ...): see ``number_results``
    primary: bool = True  # False for a presentation variant shown within another form's section

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


def _implied_population(figure: Figure) -> float | None:
    """Population (per time unit) behind a rate figure's estimate."""
    if figure.estimate is None or figure.estimate.denominator is None or figure.scale == "count":
        return None
    return float(figure.estimate.denominator) / time_units(figure.metric, figure)


def assess(figure: Figure, target: Figure | None, rule_spec, rule_owner: str = "") -> Assessment:
    """Compare a figure with its target and rate it (module docstring)."""
    metric = figure.metric
    polarity = Polarity.parse(metric.polarity)
    estimate, scale, target_value = figure.estimate, figure.scale, None
    if target is not None and target.months != figure.months and not length_free(metric):
        target = None  # a count or a rate over its own period compares only with a target of the same length
    if target is not None:
        same_period = (target.start, target.end) == (figure.start, figure.end)
        counted = figure.numerator is not None and target.numerator is not None and same_period
        if counted and (scale == "count" or target.scale == "count" or _populations_differ(figure, target)):
            scale, target_value = "count", float(target.numerator)
            estimate = rate(float(figure.numerator), 1, multiplier=1)
        elif scale == "count":
            target_value = _number(target.numerator) if same_period else None
        elif target.scale == "count":
            target_value = None
        else:
            target_value = target.value
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
    rule_text = rule_words(
        {"rule": result.rule, **{k: v for k, v in result.parameters.items() if k in ("band", "relative")}},
        metric.polarity,
    )
    if result.rule != rule.name:
        rule_text = (f"no confidence interval for the {rule.name} rule, so the figure is compared with the "
                     f"target directly: {rule_text}")
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
        rule_owner=rule_owner or "the catalogue's default rule",
    )


def _populations_differ(figure: Figure, target: Figure) -> bool:
    """Do the figure's and the target's rates stand on populations more than 1% apart (a slip in a
    stated rate, e.g. a misplaced comma)? Then their counts are compared, and the figure says why."""
    ours, theirs = _implied_population(figure), _implied_population(target)
    if not ours or not theirs or abs(ours - theirs) <= 0.01 * max(ours, theirs):
        return False
    note = (f"the stated rates of this figure and its target imply different populations ({ours:,.0f} and "
            f"{theirs:,.0f}): compared as counts")
    if note not in figure.flags:
        figure.flags.append(note)
    return True


RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Not rated"}
COMPARISON_WORDS = {
    "better": "statistically significantly better than the target",
    "similar": "statistically similar to the target",
    "worse": "statistically significantly worse than the target",
}


def rating_words(assessment: Assessment) -> str:
    """The rating with the statistical comparison beside it, in words: "Green by the HWB's rule;
    statistically similar to the target"."""
    owner = "the HWB's rule" if assessment.rule_owner == "the HWB's rule" else "the default rule"
    if assessment.rag == "grey":
        text = "Not rated"
    else:
        text = f"{RAG_WORDS.get(assessment.rag, assessment.rag)} by {owner}"
    if assessment.comparison in COMPARISON_WORDS:
        return f"{text}; {COMPARISON_WORDS[assessment.comparison]}"
    reason = assessment.comparison_reason or "no confidence interval"
    return f"{text}; not compared statistically ({reason})"


def forecast(
    metric: Metric, actuals: list[Figure], targets: list[Figure], year: FinancialYear, rule_spec,
    populations: PopulationLookup | None = None, rule_owner: str = "",
) -> tuple[Assessment | None, str, list[str]]:
    """Year-end forecast of a metric with an annual target: a count, or a rate over the year (an
    ambition of 520 per 100,000), in the metric's unit."""
    flags: list[str] = []
    yearly_rate = metric.ci_method == "rate" and not rate_per(metric)
    annual = [
        t
        for t in targets
        if t.kind == "target"
        and (t.start, t.end) == (year.start, year.end)
        and (t.numerator is not None or (yearly_rate and t.stated is not None))
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
        if plan_to_date and target.numerator is not None:
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
    figure.numerator = Decimal(str(round(value, 6)))
    figure.estimate, figure.scale, figure.basis = None, "value", ""
    if populations is not None:
        estimate_figure(figure, populations)
    if figure.scale == "count" and to_date and yearly_rate and ytd.denominator is not None:
        figure.denominator = ytd.denominator  # no population on record: the year's, as the figures to date state it
        figure.estimate, figure.scale = None, "value"
        estimate_figure(figure, populations)
    if figure.estimate is None:
        figure.estimate, figure.scale = rate(value, 1, multiplier=1), "count"
    return assess(figure, target, rule_spec, rule_owner), method, flags


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
    if target.months != figure.months and not length_free(figure.metric):
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
    """Results for every metric with figures in the window, for the HWB and each locality (computed
    once per change of the data: ``reference.data_version``)."""
    codes = tuple(metric_codes) if metric_codes is not None else None
    return cached("metric_results", (area.pk, period, codes), lambda: _metric_results(area, period, metric_codes))


def _metric_results(area: Area, period: str, metric_codes: list[str] | None) -> list[MetricResult]:
    start, end = years_span(period)
    populations = PopulationLookup(area)
    targets_by_key: dict[tuple[int, int | None], list[Figure]] = defaultdict(list)
    plans = _plans(area, start, end)
    for row in MetricTarget.objects.filter(plan__in=plans).select_related("metric", "locality"):
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
    rows = plan_metrics(plans)
    results = []
    for key in sorted(set(targets_by_key) | set(actuals_by_key), key=lambda k: (k[0], k[1] or 0)):
        actuals = sorted(actuals_by_key.get(key, []), key=lambda f: (f.end, f.start, f.pk or 0))
        targets = sorted(targets_by_key.get(key, []), key=lambda f: (f.end, f.start, f.pk or 0))
        metric = (actuals or targets)[0].metric
        if metric_codes and metric.code not in metric_codes:
            continue
        history = history_by_key.get((metric.code, key[1]), [])
        notes = notes_by_key.get((metric.code, key[1]), [])
        row = rows.get(metric.code)
        rule = (row.rule_spec if row is not None else None)
        owner = "the HWB's rule" if rule else "the catalogue's default rule"
        results.append(_result(metric, actuals, targets, populations, start, history, notes,
                               rule or metric.definition.get("rag_rule"), owner))
    return number_results(results, {code: row.number for code, row in rows.items()})


def number_results(results: list[MetricResult], numbers: dict[str, int]) -> list[MetricResult]:
    """Number the results in the plan's order and sort them so. A metric and its presentation
    variants (``variant_of``: DToC per day and per month) are one metric of the plan: the form the
    plan numbers is the primary one (Leicestershire numbers DToC per month as Metric 3), else the
    catalogue's parent. Metrics the plan does not number follow, in catalogue order."""
    families: dict[str, list[MetricResult]] = defaultdict(list)
    for result in results:
        families[result.metric.definition.get("variant_of") or result.metric.code].append(result)

    def family_number(members: list[MetricResult]) -> int | None:
        found = [numbers[m.metric.code] for m in members if m.metric.code in numbers]
        return min(found) if found else None

    numbered = sorted(families, key=lambda root: (family_number(families[root]) is None,
                                                  family_number(families[root]) or 0,
                                                  min(m.metric.id for m in families[root])))
    next_number = max(numbers.values(), default=0)
    for root in numbered:
        members = families[root]
        number = family_number(members)
        if number is None:
            next_number += 1
            number = next_number
        named = [m for m in members if m.metric.code in numbers]
        primary_code = min(named, key=lambda m: numbers[m.metric.code]).metric.code if named else root
        for member in members:
            member.number, member.primary = number, member.metric.code == primary_code
    return sorted(results, key=lambda r: (r.number, not r.primary, r.metric.id, r.locality != "", r.locality))


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
    rule_spec=None,
    rule_owner: str = "",
) -> MetricResult:
    in_window = {id(f) for f in actuals}
    for figure in actuals + targets + [f for f in history if id(f) not in in_window]:
        estimate_figure(figure, populations)
    last = max((f for f in actuals if not f.component), key=lambda f: (f.end, -f.months), default=None)
    year = FinancialYear.containing(last.start if last else start)
    pooled = pooled_year_to_date(actuals, year)
    if pooled is not None and not any((f.start, f.end) == (pooled.start, pooled.end) for f in actuals):
        estimate_figure(pooled, populations)
        actuals = actuals + [pooled]
    assessments = [assess(figure, match_target(figure, targets), rule_spec, rule_owner) for figure in actuals]
    main = [a for a in assessments if not a.figure.component]
    latest = max(main, key=lambda a: (a.figure.end, -a.figure.months)) if main else None
    ytd = [a for a in main if a.figure.start == year.start and a.figure.months > 1]
    year_to_date = max(ytd, key=lambda a: a.figure.end) if ytd else None
    headline_forecast, method, flags = forecast(
        metric, [a.figure for a in main], targets, year, rule_spec, populations, rule_owner)
    direction, test = travel(metric, [a.figure for a in main])
    spc, spc_note = spc_summary(metric, list(history), lambda figure: spc_target(figure, targets), notes)
    headline, basis = _headline(metric, headline_forecast, main, latest)
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


def length_free(metric: Metric) -> bool:
    """Does a figure of the metric mean the same whatever its period's length (a percentage, a mean
    such as the average discharge delay, a rate per day or per month)? Otherwise it is compared only
    with a target of the same length."""
    return metric.ci_method in ("proportion", "mean") or bool(rate_per(metric))


def _headline(
    metric: Metric, year_end: Assessment | None, main: list[Assessment], latest: Assessment | None
) -> tuple[Assessment | None, str]:
    """The figure the metric is rated by (module docstring): the year-end forecast for a metric
    reported per year, else the latest figure with a target for exactly its period, else the latest
    figure rated against any target, else the latest figure."""
    if year_end is not None and (metric.definition.get("period") or metric.frequency) == "year":
        return year_end, "forecast"
    exact = [a for a in main if a.target is not None and (a.target.start, a.target.end) == (a.figure.start,
                                                                                               a.figure.end)]
    if exact:
        return max(exact, key=lambda a: (a.figure.end, -a.figure.months)), "latest rated"
    rated = [a for a in main if a.rag != "grey"]
    if rated:
        return max(rated, key=lambda a: (a.figure.end, -a.figure.months)), "latest rated"
    if year_end is not None:
        return year_end, "forecast"
    return latest, "latest" if latest else "none"


def chart_notes(area: Area) -> dict[tuple[str, int | None], list[ChartNote]]:
    """Dated notes and rebases recorded for the area's SPC charts, by metric code and locality."""
    out: dict[tuple[str, int | None], list[ChartNote]] = defaultdict(list)
    for row in SpcNote.objects.filter(area=area).order_by("on", "pk"):
        out[(row.metric_code, row.locality_id)].append(ChartNote(row.on, row.text, row.rebase))
    return out


def area_results(area: Area, financial_year: str) -> list[MetricResult]:
    """HWB-level results (no localities) for a financial year: the quarterly return's proposals."""
    return [r for r in metric_results(area, financial_year) if not r.locality]
