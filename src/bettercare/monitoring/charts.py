"""Vega-Altair chart specs shared by the web pages (rendered in the browser by vega-embed) and
the board paper (rendered to SVG by vl-convert in ``reports.images``). One spec, two outputs."""

from __future__ import annotations

import math
from typing import Any

import altair as alt
from django.conf import settings

from bettercare.indicators import FinancialYear
from bettercare.indicators.presentation import period_label

from .results import Assessment, MetricResult, length_free

POINT_COLOURS = {  # NHS Making Data Count colours
    "common_cause": "#a6a6a6",
    "special_cause_improvement": "#41b6e6",
    "special_cause_concern": "#ed8b00",
    "special_cause_neutral_high": "#490092",
    "special_cause_neutral_low": "#490092",
}
POINT_LABELS = {
    "common_cause": "Common cause",
    "special_cause_improvement": "Special cause: improvement",
    "special_cause_concern": "Special cause: concern",
    "special_cause_neutral_high": "Special cause: neutral (high)",
    "special_cause_neutral_low": "Special cause: neutral (low)",
}


def vega_lite(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec. Altair checks each spec against the Vega-Lite JSON schema, which
    took 0.2 s of the board paper's first run (profiled); the specs are built by this code alone, so
    the check runs where ``VALIDATE_CHART_SPECS`` is on: the tests' and development settings, so
    every chart the tests build is checked."""
    return chart.to_dict(validate=getattr(settings, "VALIDATE_CHART_SPECS", False))


def spc_reason(point_type: str, reason: str) -> str:
    """A special-cause point in words: "Improvement: above the upper process limit" ("" otherwise)."""
    if not reason or point_type in ("common_cause", "missing"):
        return ""
    return f"{POINT_LABELS.get(point_type, point_type).removeprefix('Special cause: ').capitalize()}: {reason}"


def spc_points(spc: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per period of an SPC summary: value (None for a gap), limits, target, point type and,
    for a special-cause point, the rule that flagged it in words."""
    rows = []
    for i, period in enumerate(spc["periods"]):
        point = spc["point_type"][i]
        rows.append(
            {
                "period": period_label(period),
                "value": _finite(spc["values"][i]),
                "mean": _finite(spc["mean"][i]),
                "lpl": _finite(spc["lpl"][i]),
                "upl": _finite(spc["upl"][i]),
                "target": _finite(spc["targets"][i]),
                "group": spc["group"][i],
                "point": "Missing" if point == "missing" else POINT_LABELS.get(point, point),
                "why": "no figure for this period" if point == "missing" else spc_reason(point, spc["reasons"][i]),
                "special": point not in ("common_cause", "missing"),
            }
        )
    return rows


def _finite(value: float | None) -> float | None:
    """None for a missing or undefined number (JSON has no NaN)."""
    return None if value is None or not math.isfinite(value) else float(value)


def _y_domain(
    rows: list[dict[str, Any]], keys=("value", "lpl", "upl", "target"), floor: float | None = None
) -> list[float]:
    """The numbers under ``keys`` with a tenth of their range as margin above and below, so no line
    (a target, a limit) sits on the plot's edge; not below ``floor`` when given."""
    numbers = [r[key] for r in rows for key in keys if r.get(key) is not None]
    low, high = min(numbers), max(numbers)
    margin = (high - low) * 0.1 or abs(high) * 0.1 or 1.0
    low = low - margin if floor is None else max(floor, low - margin)
    return [low, high + margin]


def _title(text: str, width: int) -> dict[str, Any]:
    """A chart title wrapped to the chart's width (about 7 pixels a character at 13 px bold), so a
    long metric name is never cut off."""
    per_line = max(30, width // 7)
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return {"text": lines, "anchor": "start"}


def spc_chart(result: MetricResult, width: int = 560, height: int = 260) -> dict[str, Any] | None:
    """XmR chart: values coloured by point type with a gap for a missing period, the mean and
    process limits of each rebase group, the target or trajectory, and dated notes; the tooltip
    says which rule flagged a special-cause point, in words."""
    spc = result.spc
    if not spc:
        return None
    rows = spc_points(spc)
    order = [r["period"] for r in rows]
    x = alt.X("period:O", title="Period", sort=order, axis=alt.Axis(labelAngle=-45, labelOverlap=True))
    y_scale = alt.Scale(domain=_y_domain(rows), zero=False, nice=False)
    base = alt.Chart(alt.Data(values=rows)).encode(x=x)
    y = alt.Y("value:Q", title=result.metric.unit or "Value", scale=y_scale)
    line = base.mark_line(color="#505a5f").encode(y=y)
    mean = base.mark_line(color="#0b0c0c", strokeDash=[1, 0]).encode(y="mean:Q", detail="group:N")
    limits = [
        base.mark_line(color="#6f777b", strokeDash=[4, 4]).encode(y=f"{name}:Q", detail="group:N")
        for name in ("lpl", "upl")
    ]
    layers = [line, mean, *limits]
    if any(t is not None for t in spc["targets"]):
        layers.append(base.mark_line(color="#d4351c", strokeDash=[6, 3], interpolate="step").encode(y="target:Q"))
    present = alt.datum.value != None  # noqa: E711 (a Vega expression, not a Python comparison)
    points = (
        base.transform_filter(present)
        .mark_point(filled=True, opacity=1)
        .encode(
            y="value:Q",
            color=alt.Color(
                "point:N",
                title="Variation",
                scale=alt.Scale(domain=list(POINT_LABELS.values()), range=[POINT_COLOURS[k] for k in POINT_LABELS]),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=260),
            ),
            size=alt.condition(alt.datum.special, alt.value(90), alt.value(45)),
            tooltip=[
                alt.Tooltip("period:O", title="Period"),
                alt.Tooltip("value:Q", title="Value", format=",.2f"),
                alt.Tooltip("point:N", title="Variation"),
                alt.Tooltip("why:N", title="Why"),
            ],
        )
    )
    layers.append(points)
    notes = [
        {"period": period_label(spc["periods"][_period_of(spc, n["on"])]), "text": _note_text(n)}
        for n in spc.get("notes", [])
    ]
    if notes:
        note_base = alt.Chart(alt.Data(values=notes)).encode(x=alt.X("period:O", sort=order))
        layers.append(note_base.mark_rule(color="#1d70b8", strokeDash=[2, 2]))
        layers.append(
            note_base.mark_text(align="left", baseline="top", dx=3, dy=2, color="#1d70b8", fontSize=10).encode(
                y=alt.value(0), text="text:N"
            )
        )
    chart = alt.layer(*layers).properties(
        width=width,
        height=height,
        title=_title(f"{result.metric.title} - SPC chart (XmR)", width),
        description=spc_description(result),
    )
    return vega_lite(chart)


def _period_of(spc: dict[str, Any], day) -> int:
    """Position of the period containing ``day``."""
    starts = spc["starts"]
    return max(i for i, start in enumerate(starts) if start <= day) if day >= starts[0] else 0


def _note_text(note: dict[str, Any]) -> str:
    return ("Rebased: " if note["rebase"] else "") + note["text"]


def spc_description(result: MetricResult) -> str:
    """The chart's description (its accessible name in the browser)."""
    spc = result.spc or {}
    return (
        f"Statistical process control chart of {result.metric.title}; variation: "
        f"{str(spc.get('variation', '')).replace('_', ' ')}; assurance: "
        f"{str(spc.get('assurance') or 'no target').replace('_', ' ')}"
    )


def series_name(figure) -> str:
    """The series a figure belongs to, by the length of its period: "Months", "Year to date" (from the
    start of the financial year), "Quarters", "Years", or "n-month periods"."""
    if figure.months == 1:
        return "Months"
    if figure.start == FinancialYear.containing(figure.start).start and figure.months < 12:
        return "Year to date"
    return {3: "Quarters", 12: "Years"}.get(figure.months, f"{figure.months}-month periods")


def _like_for_like_target(assessment: Assessment) -> float | None:
    """The target drawn beside a figure: only one for a period of the same length (a month's
    trajectory beside a month, the cumulative trajectory beside year to date), unless the metric does
    not depend on the period's length (a proportion, a per-day rate)."""
    target, figure = assessment.target, assessment.figure
    if target is None or assessment.target_value is None:
        return None
    return assessment.target_value if length_free(figure.metric) or target.months == figure.months else None


def actual_vs_target_chart(result: MetricResult, width: int = 560, height: int = 240) -> dict[str, Any] | None:
    """Each figure with its confidence interval against its target, one panel per period length
    (months beside the monthly trajectory, year to date beside the cumulative trajectory): a total over
    several months is never drawn on the same axis as a month."""
    series: dict[str, list[dict[str, Any]]] = {}
    for assessment in result.assessments:
        if assessment.figure.component or assessment.value is None:
            continue
        estimate = assessment.estimate
        series.setdefault(series_name(assessment.figure), []).append(
            {
                "period": assessment.figure.period,
                "value": assessment.value,
                "lower": estimate.lower if estimate and estimate.lower is not None else assessment.value,
                "upper": estimate.upper if estimate and estimate.upper is not None else assessment.value,
                "target": _like_for_like_target(assessment),
                "rag": assessment.rag,
            }
        )
    if not series:
        return None
    panels = []
    for name, rows in series.items():
        base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("period:O", title=name, sort=None))
        domain = _y_domain(rows, ("lower", "upper", "target"), floor=0)
        y = alt.Y("lower:Q", title="Value with 95% interval", scale=alt.Scale(domain=domain, nice=False))
        bars = base.mark_rule(color="#505a5f").encode(y=y, y2="upper:Q")
        points = base.mark_point(filled=True, size=80, color="#1d70b8").encode(
            y="value:Q", tooltip=["period:O", alt.Tooltip("value:Q", format=",.2f"), "rag:N"]
        )
        layers = [bars, points]
        if any(row["target"] is not None for row in rows):  # an empty layer is an unnamed graphic (axe)
            layers.append(base.mark_tick(color="#d4351c", thickness=3, size=30).encode(y="target:Q"))
        panels.append(alt.layer(*layers).properties(width=width, height=height if len(series) == 1 else height * 2 // 3,
                                                    title=name))
    chart = panels[0] if len(panels) == 1 else alt.vconcat(*panels).resolve_scale(y="independent")
    return vega_lite(chart.properties(
        title=_title(f"{result.metric.title} - actual and target", width),
        description="Each figure with its confidence interval (grey line) and its target for a period of the "
                    "same length (red tick), one panel per period length",
    ))


def sparkline(result: MetricResult) -> dict[str, Any] | None:
    """A tiny trend line of the HWB's own monthly or quarterly figures."""
    spc = result.spc
    if not spc or len(spc["values"]) < 2:
        return None
    rows = [
        {"i": i, "period": period_label(p), "value": v}
        for i, (p, v) in enumerate(zip(spc["periods"], spc["values"], strict=True))
    ]
    return vega_lite(
        alt.Chart(alt.Data(values=rows))
        .mark_line(color="#1d70b8", point=True)
        .encode(
            x=alt.X("i:Q", axis=None),
            y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
            tooltip=["period:O", alt.Tooltip("value:Q", format=",.2f")],
        )
        .properties(width=90, height=24, description=f"Trend of {result.metric.title}")
        .configure_view(stroke=None)
    )


COMPONENT_LABELS = {"nhs": "NHS", "social_care": "Social care", "both": "Joint (both)"}
COMPONENT_COLOURS = ["#1d70b8", "#f47738", "#4c2c92"]


def attribution_chart(result: MetricResult, width: int = 420, height: int = 200) -> dict[str, Any] | None:
    """Stacked bars of a metric's figures by attribution (DToC: NHS, social care, both) per period,
    with the total target as a dashed line where there is one. Figures that are counts (the source
    gave days, not the metric's rate) are left out: the axis has one unit, the metric's."""
    rows = [
        {
            "period": a.figure.period,
            "attribution": COMPONENT_LABELS.get(a.figure.component, a.figure.component),
            "value": a.value,
        }
        for a in result.assessments
        if a.figure.component and a.value is not None and a.scale != "count"
    ]
    if not rows:
        return None
    order = [COMPONENT_LABELS.get(c, c) for c in result.metric.definition.get("components", COMPONENT_LABELS)]
    target = result.latest.target_value if result.latest else None
    totals: dict[str, float] = {}
    for row in rows:
        totals[row["period"]] = totals.get(row["period"], 0.0) + row["value"]
    top = max([*totals.values(), target or 0.0])
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title="Period", sort=None),
            y=alt.Y(
                "sum(value):Q",
                title=result.metric.unit or "Value",
                stack="zero",
                scale=alt.Scale(domain=[0, top * 1.1 or 1], nice=False),  # the target line off the top edge
            ),
            color=alt.Color(
                "attribution:N",
                title="Attribution",
                scale=alt.Scale(domain=order, range=COMPONENT_COLOURS[: len(order)]),
            ),
            order=alt.Order("attribution:N"),
            tooltip=["period:O", "attribution:N", alt.Tooltip("value:Q", format=",.2f")],
        )
    )
    layers = [bars]
    if target is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}]))
            .mark_rule(color="#d4351c", strokeDash=[6, 3])
            .encode(y="target:Q")
        )
    return vega_lite(
        alt.layer(*layers)
        .properties(
            width=width,
            height=height,
            title=_title(f"{result.metric.title} - by attribution", width),
            description="Stacked bars of each period's figure by attribution; the dashed line is the total target",
        )
    )
