"""An SPC chart in words, for the metric page, the paper and the icon summary table: what the chart
covers, its limits and baseline, gaps, rebases, trial limits, the icons, and each special-cause
point with the rule that flagged it (rules: :mod:`bettercare.indicators.spc_rules`)."""

from __future__ import annotations

from dataclasses import dataclass

from bettercare.monitoring.results import MetricResult

from .charts import spc_reason
from .formatting import figure_text, period_label

LENGTH_WORDS = {1: "monthly", 3: "quarterly"}


@dataclass(frozen=True)
class SpecialCausePoint:
    """One special-cause point: its period, value and the reason in words."""

    period: str
    value: str
    reason: str


def _list(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def special_cause_points(result: MetricResult) -> list[SpecialCausePoint]:
    """Every special-cause point of the metric's SPC chart, oldest first."""
    spc = result.spc
    if not spc:
        return []
    return [
        SpecialCausePoint(period_label(period), figure_text(spc["values"][i], result.metric.unit), why)
        for i, period in enumerate(spc["periods"])
        if (why := spc_reason(spc["point_type"][i], spc["reasons"][i]))
    ]


def spc_text(result: MetricResult) -> str:
    """The SPC chart in words (its caption and alternative text)."""
    spc = result.spc
    if not spc:
        return result.spc_note or "No SPC chart: fewer than two monthly or quarterly figures."
    unit, periods = result.metric.unit, spc["periods"]
    count = sum(spc["present"])
    kind = LENGTH_WORDS.get(spc["months"], f"{spc['months']}-month")
    text = f"SPC (XmR) chart of {count} {kind} figures from {period_label(periods[0])} to {period_label(periods[-1])}"
    if spc["missing"]:
        missing = [period_label(p) for p in spc["missing"]]
        plural = "s" if len(missing) != 1 else ""
        text += f", with {len(missing)} period{plural} missing ({_list(missing)}), shown as a gap"
    group = spc["groups"][-1]
    text += (
        f". Mean {figure_text(group['mean'], unit)}, process limits {figure_text(group['lpl'], unit)} to "
        f"{figure_text(group['upl'], unit)}"
    )
    if group["points_used"] < group["n"]:
        text += (
            f", fixed on the first {group['points_used']} points ({period_label(group['start'])} to "
            f"{period_label(group['baseline_end'])})"
        )
    text += "."
    for rebase in spc["groups"][1:]:
        text += f" Limits recalculated from {period_label(rebase['start'])}: {rebase['reason'] or 'rebased'}."
    if group["trial"]:
        text += (
            f" Trial limits: {group['n']} point{'s' if group['n'] != 1 else ''} since "
            f"{period_label(group['start'])}, fewer than 13, so the limits will change as points are added."
        )
    variation = str(spc["variation"]).replace("_", " ")
    assurance = str(spc["assurance"] or "no target").replace("_", " ")
    text += f" Variation: {variation}; assurance: {assurance}{' (no icons on trial limits)' if group['trial'] else ''}."
    points = special_cause_points(result)
    if points:
        said = "; ".join(f"{p.period} ({p.reason[0].lower()}{p.reason[1:]})" for p in points)
        text += f" Special cause: {said}."
    else:
        text += " No special-cause points."
    if result.spc_note:
        text += f" Not charted: {result.spc_note}."
    return text
