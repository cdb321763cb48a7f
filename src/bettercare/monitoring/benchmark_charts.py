"""Charts of the benchmark page (Vega-Lite specs, embedded with ``json_script``):

- the funnel plot: each HWB's value against its denominator, with the limits around England's pooled
  value at 95% and 99.8% from ``indicators.funnel`` (inverted Wilson limits for proportions; exact
  Poisson limits over the events, converted to one-year populations, for rates);
- the compare-areas chart: each HWB's value with its 95% interval, sorted, and England's value."""

from __future__ import annotations

from typing import Any

import altair as alt
import numpy as np

from bettercare.indicators.funnel import funnel_limits_proportion, funnel_limits_rate

from .charts import vega_lite

LIMITS = (("2s", "95% limits"), ("3s", "99.8% limits"))


def _limit_lines(rows: list[dict], proportion: bool, multiplier: float) -> list[dict[str, Any]]:
    numerators = [r["numerator"] for r in rows]
    denominators = [r["denominator"] for r in rows]
    out = []
    if proportion:
        table = funnel_limits_proportion(numerators, denominators, multiplier=multiplier)
        x = table.columns["Population"]
        for label, name in LIMITS:
            for side in ("lower", "upper"):
                out += [{"x": float(a), "y": float(b), "line": f"{name} ({side})", "kind": name}
                        for a, b in zip(x, table.columns[f"{side}_{label}_limit"], strict=True) if np.isfinite(b)]
        return out
    table = funnel_limits_rate(numerators, [r["value"] for r in rows], denominators, rate_type="crude",
                               multiplier=multiplier, years_of_data=1)
    for label, name in LIMITS:
        for side in ("lower", "upper"):
            xs, ys = table.columns[f"{side}_{label}_population_1_year"], table.columns[f"{side}_{label}_limit"]
            out += [{"x": float(a), "y": float(b), "line": f"{name} ({side})", "kind": name}
                    for a, b in zip(xs, ys, strict=True) if np.isfinite(a) and np.isfinite(b) and a > 0]
    return out


def funnel_chart(result: dict, all_rows: list[dict], shown: list[dict], proportion: bool, multiplier: float,
                 width: int = 560, height: int = 320) -> dict[str, Any] | None:
    """The funnel plot of ``shown`` HWBs, with limits computed from ``all_rows`` (every HWB)."""
    usable = [r for r in all_rows if r["value"] is not None and r["denominator"]]
    points = [{"name": r["name"], "x": r["denominator"], "y": r["value"], "funnel": r["funnel"]}
              for r in shown if r["value"] is not None and r["denominator"]]
    if len(usable) < 2 or not points:
        return None
    lines = _limit_lines(usable, proportion, multiplier)
    xs = [p["x"] for p in points]
    lines = [p for p in lines if min(xs) * 0.8 <= p["x"] <= max(xs) * 1.2]
    scale = alt.Scale(type="log")
    limit = alt.Chart(alt.Data(values=lines)).mark_line(color="#505a5f").encode(
        x=alt.X("x:Q", title="Denominator (log scale)", scale=scale),
        y=alt.Y("y:Q", title="Value"),
        detail="line:N",
        strokeDash=alt.StrokeDash("kind:N", title="Limits", scale=alt.Scale(domain=[n for _, n in LIMITS],
                                                                          range=[[6, 3], [2, 2]])),
    )
    england = alt.Chart(alt.Data(values=[{"y": result["england"]["value"]}])).mark_rule(color="#1d70b8").encode(
        y="y:Q")
    dots = alt.Chart(alt.Data(values=points)).mark_point(filled=True, size=50, color="#0b0c0c").encode(
        x=alt.X("x:Q", scale=scale), y="y:Q",
        tooltip=["name:N", alt.Tooltip("y:Q", title="value", format=",.2f"), alt.Tooltip("x:Q", title="denominator",
                                                                                        format=",.0f"), "funnel:N"])
    return vega_lite(alt.layer(limit, england, dots).properties(
        width=width, height=height,
        title=f"Funnel plot, {result['period']}",
        description="Each HWB's value against its denominator, with England's value (blue) and the 95% and "
                    "99.8% funnel limits (dashed)",
    ))


def compare_chart(result: dict, shown: list[dict], width: int = 560) -> dict[str, Any] | None:
    """Each HWB's value with its 95% interval, highest first, and England's value."""
    rows = [{"name": r["name"], "value": r["value"], "lower": r["lower_95"], "upper": r["upper_95"],
             "vs": r["vs_england_95"]} for r in shown if r["value"] is not None]
    if not rows:
        return None
    order = [r["name"] for r in sorted(rows, key=lambda r: -r["value"])]
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("name:N", sort=order, title=None))
    colour = alt.Color("vs:N", title="vs England (95%)", scale=alt.Scale(
        domain=["better", "similar", "worse", "higher", "lower", "not compared"],
        range=["#00703c", "#ffdd00", "#d4351c", "#003078", "#5694ca", "#b1b4b6"]))
    bars = base.mark_bar().encode(x=alt.X("value:Q", title="Value with 95% interval"), color=colour,
                                  tooltip=["name:N", alt.Tooltip("value:Q", format=",.2f"), "vs:N"])
    whiskers = base.mark_rule(color="#0b0c0c").encode(x="lower:Q", x2="upper:Q")
    england = alt.Chart(alt.Data(values=[{"x": result["england"]["value"]}])).mark_rule(
        color="#1d70b8", strokeWidth=2).encode(x="x:Q")
    return vega_lite(alt.layer(bars, whiskers, england).properties(
        width=width, height=max(60, 14 * len(rows)),
        title=f"Compare HWBs, {result['period']}",
        description="Each HWB's value (bar, coloured by its comparison with England at 95%) with its 95% "
                    "interval (black line) and England's value (blue line)",
    ))


SPINE_COLOURS = {"better": "#00703c", "similar": "#ffdd00", "worse": "#d4351c", "higher": "#003078",
                 "lower": "#5694ca", "not compared": "#b1b4b6"}


def spine_chart(area_name: str, period: str, rows: list, width: int = 520) -> dict[str, Any] | None:
    """Fingertips' spine chart (``indicators.spine``): per metric, the range of HWBs (light grey), the
    inter-quartile range (dark grey), England's value (the black line at the centre) and the HWB's value
    (a circle coloured by its comparison with England at 95%); better to the right where the metric has
    a polarity. ``rows`` are ``monitoring.spine.SpineRow``."""
    bars, quartiles, points = [], [], []
    for row in rows:
        if row.summary is None:
            continue
        s = row.summary
        label = row.metric.title if len(row.metric.title) <= 70 else row.metric.title[:67] + "..."
        ends = sorted((row.position(s.lowest), row.position(s.highest)))
        middle = sorted((row.position(s.q1), row.position(s.q3)))
        common = {"metric": label, "england": s.england, "lowest": s.lowest, "q1": s.q1, "q3": s.q3,
                  "highest": s.highest}
        bars.append({**common, "x": ends[0], "x2": ends[1]})
        quartiles.append({**common, "x": middle[0], "x2": middle[1]})
        if row.value is not None:
            points.append({**common, "x": row.position(row.value), "value": row.value, "vs": row.comparison})
    if not bars:
        return None
    order = [b["metric"] for b in bars]
    y = alt.Y("metric:N", sort=order, title=None, axis=alt.Axis(labelLimit=380))
    x = alt.X("x:Q", scale=alt.Scale(domain=[0, 1]), axis=alt.Axis(values=[0, 0.5, 1], labelExpr=(
        "datum.value == 0 ? 'Worse / lower' : datum.value == 1 ? 'Better / higher' : 'England'"), title=None))
    tooltip = [alt.Tooltip("metric:N", title="Metric"), alt.Tooltip("england:Q", title="England", format=",.1f"),
               alt.Tooltip("lowest:Q", title="Lowest HWB", format=",.1f"),
               alt.Tooltip("q1:Q", title="25th percentile", format=",.1f"),
               alt.Tooltip("q3:Q", title="75th percentile", format=",.1f"),
               alt.Tooltip("highest:Q", title="Highest HWB", format=",.1f")]
    spread = alt.Chart(alt.Data(values=bars)).mark_bar(color="#dfe4e8", height=18).encode(
        x=x, x2="x2:Q", y=y, tooltip=tooltip)
    middle = alt.Chart(alt.Data(values=quartiles)).mark_bar(color="#8b9297", height=18).encode(
        x=x, x2="x2:Q", y=y, tooltip=tooltip)
    england = alt.Chart(alt.Data(values=[{"x": 0.5}])).mark_rule(color="#0b0c0c", strokeWidth=2).encode(x=x)
    colour = alt.Color("vs:N", title=f"{area_name} vs England (95%)", scale=alt.Scale(
        domain=list(SPINE_COLOURS), range=list(SPINE_COLOURS.values())), legend=alt.Legend(orient="bottom"))
    dots = alt.Chart(alt.Data(values=points)).mark_circle(size=160, stroke="#0b0c0c", strokeWidth=1, opacity=1).encode(
        x=x, y=y, color=colour,
        tooltip=[*tooltip, alt.Tooltip("value:Q", title=area_name, format=",.1f"),
                 alt.Tooltip("vs:N", title="vs England")])
    return vega_lite(alt.layer(spread, middle, england, dots).properties(
        width=width, height=36 * len(bars),
        title=f"{area_name} against every HWB, {period}",
        description=f"Spine chart: for each metric, the range of HWBs' values (light grey), the middle half of "
                    f"HWBs (dark grey), England's value (black line at the centre) and {area_name}'s value (circle "
                    f"coloured by its comparison with England at 95%); better is to the right",
    ).configure_view(stroke=None))
