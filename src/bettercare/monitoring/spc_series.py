"""The series an HWB's SPC (XmR) chart is drawn on, and the chart as pages and papers show it.

Which figures (Making Data Count, "Making data count: strengthening your decisions", NHS
Improvement 2019; issue 14):

* The longest comparable series: the area's (or locality's) own figures for the metric, with the
  same definition (numerator, denominator, multiplier, interval method, population base, per-day),
  of one period length, across financial years up to the end of the period viewed. The chart is
  never restarted at a year end.
* Monthly or quarterly figures (:data:`SERIES_MONTHS`). Periods of one length must follow one
  another without overlapping. Rolling or year-to-date figures overlap (March-May, April-June,
  ...), so they are not an SPC series; the reason is given. Of the lengths that qualify, the one
  with most figures is used (the shorter on a tie).
* A period missing inside the series is a gap (``None``), never closed up.
* Baseline: the limits of each rebase group are fixed on its first :data:`BASELINE_POINTS` points
  (Making Data Count: 12 to 20). Rebases happen only where one is recorded, with its reason.
* Fewer than 13 points in the latest group: trial limits, with the reason, and no icons.
* Rules: Making Data Count's (``rule_set="mdc"``, run length 7), see
  :mod:`bettercare.indicators.spc_rules`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bettercare.indicators import xmr
from bettercare.indicators.spc import Rebase

from .figures import Figure

#: Limits are fixed on this many points of each rebase group (Making Data Count: 12 to 20).
BASELINE_POINTS = 20
#: The fields of a metric's definition that must agree for two figures to be comparable.
DEFINING_FIELDS = ("numerator", "denominator", "multiplier", "ci_method", "population_base", "per_day", "rate_per")
#: Period lengths charted: monthly and quarterly (an XmR chart of a few annual figures says nothing).
SERIES_MONTHS = (1, 3)
IMPROVEMENT = {"lower": "decrease", "higher": "increase"}


@dataclass(frozen=True)
class ChartNote:
    """A dated note on a chart ("Home First launched"); ``rebase`` starts new limits there."""

    on: date
    text: str
    rebase: bool = False


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def definition_key(figure: Figure) -> tuple:
    """What makes two figures of a metric comparable (:data:`DEFINING_FIELDS`)."""
    metric = figure.metric
    definition = metric.definition or {}
    return (
        metric.code,
        str(definition.get("numerator", "")),
        str(definition.get("denominator", "")),
        metric.multiplier,
        metric.ci_method,
        metric.population_base,
        bool(definition.get("per_day")),
        str(definition.get("rate_per", "")),
    )


def _latest_per_period(figures: list[Figure]) -> list[Figure]:
    """One figure per period: of several for the same dates, the latest entered."""
    chosen: dict[tuple[date, date], Figure] = {}
    for figure in sorted(figures, key=lambda f: f.pk or 0):
        chosen[(figure.start, figure.end)] = figure
    return sorted(chosen.values(), key=lambda f: f.start)


def _consecutive(figures: list[Figure], months: int) -> str:
    """"" when the figures are whole periods of ``months`` that follow one another (gaps allowed);
    otherwise why not."""
    first = _month_index(figures[0].start)
    for before, after in zip(figures, figures[1:], strict=False):
        if after.start <= before.end:
            return (
                f"the {months}-month figures overlap (rolling or year-to-date figures), so they are not an SPC series"
            )
    for figure in figures:
        if figure.start.day != 1 or (_month_index(figure.start) - first) % months:
            return f"the {months}-month figures do not follow one another, so they are not an SPC series"
    return ""


def choose_series(figures: Sequence[Figure]) -> tuple[list[Figure], int, list[str]]:
    """The longest comparable series (module docstring): its figures, their length in months, and
    notes on figures left out and why."""
    usable = [f for f in figures if f.value is not None and not f.component]
    notes: list[str] = []
    if not usable:
        return [], 0, notes
    latest_key = definition_key(max(usable, key=lambda f: f.end))
    comparable = [f for f in usable if definition_key(f) == latest_key]
    if len(comparable) < len(usable):
        notes.append("figures under an earlier definition of the metric are left out")
    best: tuple[list[Figure], int] = ([], 0)
    for months in sorted({f.months for f in comparable} & set(SERIES_MONTHS)):
        series = _latest_per_period([f for f in comparable if f.months == months])
        if len(series) < 2:
            continue
        why = _consecutive(series, months)
        if why:
            notes.append(why)
            continue
        if len(series) > len(best[0]):
            best = (series, months)
    return best[0], best[1], notes


def with_gaps(series: list[Figure], months: int) -> list[tuple[date, str, Figure | None]]:
    """Each period from the first figure to the last: (start, label, figure or None for a gap)."""
    by_start = {f.start: f for f in series}
    out: list[tuple[date, str, Figure | None]] = []
    start = series[0].start
    while start <= series[-1].start:
        figure = by_start.get(start)
        end = _add_months(start, months)
        label = figure.period if figure else _gap_label(start, end, months)
        out.append((start, label, figure))
        start = end
    return out


def _gap_label(start: date, next_start: date, months: int) -> str:
    if months == 1:
        return f"{start:%Y-%m}"
    last = _add_months(next_start, -1)
    return f"{start:%Y-%m}..{last:%Y-%m}"


def spc_summary(
    metric,
    figures: Sequence[Figure],
    target_of: Callable[[Figure], float | None] = lambda figure: None,
    notes: Sequence[ChartNote] = (),
) -> tuple[dict[str, Any] | None, str]:
    """The SPC chart of the metric's longest comparable series, as plain values for pages, papers
    and the API, and a note on figures left out; no chart when no series has two figures."""
    series, months, left_out = choose_series(figures)
    if len(series) < 2:
        return None, _why_not(left_out)
    periods = with_gaps(series, months)
    first, last = periods[0][0], _add_months(periods[-1][0], months)
    dated = sorted((n for n in notes if first <= n.on < last), key=lambda n: n.on)
    rebase_at = []
    for note in dated:
        if note.rebase:
            at = next(start for start, _, _ in periods if start <= note.on < _add_months(start, months))
            rebase_at.append(Rebase(at, note.text))
    targets = [target_of(f) if f is not None else None for _, _, f in periods]
    latest_target = next((t for t in reversed(targets) if t is not None), None)
    chart = xmr(
        [None if f is None else f.value for _, _, f in periods],
        dates=[start for start, _, _ in periods],
        improvement=IMPROVEMENT.get(metric.polarity, "neutral"),
        target=latest_target,
        fix_after_n_points=BASELINE_POINTS,
        rebase_at=rebase_at,
        rule_set="mdc",
    )
    groups = [
        {
            "start": periods[g.start][1],
            "reason": g.reason,
            "n": g.n,
            "points_used": g.points_used,
            "baseline_end": periods[_nth_present(chart.present, g.start, g.points_used)][1],
            "trial": g.trial,
            "trial_reason": g.trial_reason,
            "mean": g.mean,
            "lpl": g.lpl,
            "upl": g.upl,
        }
        for g in chart.groups
    ]
    return {
        "months": months,
        "periods": [label for _, label, _ in periods],
        "starts": [start for start, _, _ in periods],
        "values": [None if f is None else f.value for _, _, f in periods],
        "present": chart.present.tolist(),
        "mean": chart.mean.tolist(),
        "lpl": chart.lpl.tolist(),
        "upl": chart.upl.tolist(),
        "targets": targets,
        "group": chart.rebase_group.tolist(),
        "point_type": list(chart.point_type),
        "special_cause_type": list(chart.special_cause_type),
        "rules": [[h.rule for h in hits] for hits in chart.rules],
        "reasons": list(chart.reasons),
        "groups": groups,
        "notes": [{"on": n.on, "text": n.text, "rebase": n.rebase} for n in dated],
        "variation": chart.variation_type,
        "variation_icon": chart.variation_icon,
        "assurance": chart.assurance_type,
        "assurance_icon": chart.assurance_icon,
        "target": latest_target,
        "icon_note": chart.icon_note,
        "trial": chart.trial,
        "rule_set": chart.rule_set,
        "run_length": chart.run_length,
        "missing": [label for (_, label, f) in periods if f is None],
        "left_out": left_out,
        "warnings": list(chart.warnings),
    }, "; ".join(left_out)


def _nth_present(present, start: int, count: int) -> int:
    """Position of the ``count``-th present point from ``start`` (the baseline's last period)."""
    seen = 0
    for i in range(start, len(present)):
        seen += bool(present[i])
        if seen == count:
            return i
    return len(present) - 1


def _why_not(left_out: list[str]) -> str:
    if not left_out:
        return "No SPC chart: fewer than two monthly or quarterly figures."
    return "No SPC chart: " + "; ".join(left_out) + "."  # e.g. "... overlap (rolling ...)"
