"""Vega-Altair chart specs shared by the web pages (rendered in the browser by vega-embed) and
the board paper (rendered to SVG by vl-convert). One spec, two outputs."""

from __future__ import annotations

from typing import Any

import altair as alt

from bettercare.monitoring.results import MetricResult

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


def spc_chart(result: MetricResult, width: int = 560, height: int = 260) -> dict[str, Any] | None:
    """XmR chart: values coloured by point type, mean, process limits and the target."""
    spc = result.spc
    if not spc:
        return None
    rows = [
        {"period": p, "value": v, "mean": m, "lpl": lo, "upl": hi, "point": POINT_LABELS.get(t, t)}
        for p, v, m, lo, hi, t in zip(
            spc["periods"], spc["values"], spc["mean"], spc["lpl"], spc["upl"], spc["point_type"], strict=True
        )
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("period:O", title="Period", sort=None))
    line = base.mark_line(color="#505a5f").encode(y=alt.Y("value:Q", title=result.metric.unit or "Value"))
    points = base.mark_point(filled=True, size=70).encode(
        y="value:Q",
        color=alt.Color(
            "point:N",
            title="Variation",
            scale=alt.Scale(domain=list(POINT_LABELS.values()), range=[POINT_COLOURS[k] for k in POINT_LABELS]),
        ),
        tooltip=["period:O", alt.Tooltip("value:Q", format=",.2f"), "point:N"],
    )
    mean = base.mark_line(color="#0b0c0c", strokeDash=[1, 0]).encode(y="mean:Q")
    limits = [base.mark_line(color="#6f777b", strokeDash=[4, 4]).encode(y=f"{name}:Q") for name in ("lpl", "upl")]
    layers = [line, mean, *limits, points]
    target = result.latest.target_value if result.latest else None
    if target is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}]))
            .mark_rule(color="#d4351c", strokeDash=[6, 3])
            .encode(y="target:Q")
        )
    chart = alt.layer(*layers).properties(
        width=width,
        height=height,
        title=f"{result.metric.title} - SPC chart (XmR)",
        description=f"Statistical process control chart of {result.metric.title}; variation: {spc['variation']}; "
        f"assurance: {spc['assurance'] or 'no target'}",
    )
    return chart.to_dict()


def actual_vs_target_chart(result: MetricResult, width: int = 560, height: int = 240) -> dict[str, Any] | None:
    """Each figure with its confidence interval, against the target it was read against."""
    rows = []
    for assessment in result.assessments:
        if assessment.figure.component or assessment.value is None:
            continue
        estimate = assessment.estimate
        rows.append(
            {
                "period": assessment.figure.period,
                "value": assessment.value,
                "lower": estimate.lower if estimate and estimate.lower is not None else assessment.value,
                "upper": estimate.upper if estimate and estimate.upper is not None else assessment.value,
                "target": assessment.target_value,
                "rag": assessment.rag,
            }
        )
    if not rows:
        return None
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("period:O", title="Period", sort=None))
    bars = base.mark_rule(color="#505a5f").encode(y=alt.Y("lower:Q", title="Value with 95% interval"), y2="upper:Q")
    points = base.mark_point(filled=True, size=80, color="#1d70b8").encode(
        y="value:Q", tooltip=["period:O", alt.Tooltip("value:Q", format=",.2f"), "rag:N"]
    )
    target = base.mark_tick(color="#d4351c", thickness=3, size=30).encode(y="target:Q")
    return (
        alt.layer(bars, points, target)
        .properties(
            width=width,
            height=height,
            title=f"{result.metric.title} - actual and target",
            description="Each figure with its confidence interval (grey line) and its target (red tick)",
        )
        .to_dict()
    )


def sparkline(result: MetricResult) -> dict[str, Any] | None:
    """A tiny trend line of the HWB's own monthly or quarterly figures."""
    spc = result.spc
    if not spc or len(spc["values"]) < 2:
        return None
    rows = [
        {"i": i, "period": p, "value": v} for i, (p, v) in enumerate(zip(spc["periods"], spc["values"], strict=True))
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_line(color="#1d70b8", point=True)
        .encode(
            x=alt.X("i:Q", axis=None),
            y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
            tooltip=["period:O", alt.Tooltip("value:Q", format=",.2f")],
        )
        .properties(width=90, height=24, description=f"Trend of {result.metric.title}")
        .configure_view(stroke=None)
        .to_dict()
    )


def to_svg(spec: dict[str, Any]) -> str:
    """Render a spec to SVG (for PDFs) with vl-convert, no browser needed."""
    import vl_convert

    from .typefaces import register_chart_fonts

    register_chart_fonts()
    return vl_convert.vegalite_to_svg(spec)


COMPONENT_LABELS = {"nhs": "NHS", "social_care": "Social care", "both": "Joint (both)"}
COMPONENT_COLOURS = ["#1d70b8", "#f47738", "#4c2c92"]


def attribution_chart(result: MetricResult, width: int = 420, height: int = 200) -> dict[str, Any] | None:
    """Stacked bars of a metric's figures by attribution (DToC: NHS, social care, both) per period,
    with the total target as a dashed line where there is one."""
    rows = [
        {
            "period": a.figure.period,
            "attribution": COMPONENT_LABELS.get(a.figure.component, a.figure.component),
            "value": a.value,
        }
        for a in result.assessments
        if a.figure.component and a.value is not None
    ]
    if not rows:
        return None
    order = [COMPONENT_LABELS.get(c, c) for c in result.metric.definition.get("components", COMPONENT_LABELS)]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("period:O", title="Period", sort=None),
            y=alt.Y("sum(value):Q", title=result.metric.unit or "Value", stack="zero"),
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
    target = result.latest.target_value if result.latest else None
    if target is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"target": target}]))
            .mark_rule(color="#d4351c", strokeDash=[6, 3])
            .encode(y="target:Q")
        )
    return (
        alt.layer(*layers)
        .properties(
            width=width,
            height=height,
            title=f"{result.metric.title} - by attribution",
            description="Stacked bars of each period's figure by attribution; the dashed line is the total target",
        )
        .to_dict()
    )
