"""The HICM maturity history chart: an Altair (Vega-Lite) spec rendered to SVG on the server with
vl-convert, the project's one chart spec for browser and paper (architecture.md "charts"). The page
shows it as an image with a text alternative beside the same figures in a table, so no JavaScript
is needed and nothing is lost without the picture."""

import json
import re
from typing import Any

import altair as alt
import vl_convert

from bettercare.monitoring.charts import vega_lite
from bettercare.reference.models import HicmModel

from .hicm import level_rank, level_title, levels
from .models import HicmAssessment

SERIES = ["Self-assessed", "Planned for next quarter"]
ARIA_ATTRIBUTE = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def _x_label(quarter) -> str:
    """The chart's text for a stored quarter ("" is plan stage)."""
    return str(quarter) or "Plan stage"


def chart_points(model: HicmModel, history: list[HicmAssessment]) -> list[dict[str, Any]]:
    """One point per recorded level: the self-assessed level in its quarter and the level planned
    for the following quarter."""
    points = []
    for row in history:
        rank = level_rank(model, row.maturity)
        if rank is not None:
            points.append({"quarter": _x_label(row.quarter), "rank": rank, "series": "Self-assessed",
                           "level": level_title(model, row.maturity)})
        planned = level_rank(model, row.planned_maturity)
        if planned is not None and row.quarter:
            points.append({"quarter": row.quarter.next().code, "rank": planned,
                           "series": "Planned for next quarter", "level": level_title(model, row.planned_maturity)})
    return points


def maturity_spec(model: HicmModel, points: list[dict[str, Any]], title: str) -> dict[str, Any]:
    """The Vega-Lite spec of the chart (maturity rank by quarter, level names on the axis)."""
    names = {int(level["rank"]): level["title"] for level in levels(model)}
    label_expr = " : ".join(f"datum.value == {rank} ? {json.dumps(name)}" for rank, name in names.items()) + ' : ""'
    order = sorted({p["quarter"] for p in points}, key=lambda q: "" if q == "Plan stage" else q)
    chart = (
        alt.Chart(alt.Data(values=points), title=title, width=420, height=220)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", sort=order, title="Quarter", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "rank:Q",
                scale=alt.Scale(domain=[min(names), max(names)]),
                axis=alt.Axis(values=sorted(names), labelExpr=label_expr, title="Maturity"),
            ),
            color=alt.Color(
                "series:N", title=None, legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=SERIES, range=["#1d70b8", "#d4351c"]),
            ),
            strokeDash=alt.StrokeDash("series:N", legend=None, scale=alt.Scale(domain=SERIES, range=[[1, 0], [6, 4]])),
            shape=alt.Shape("series:N", legend=None, scale=alt.Scale(domain=SERIES, range=["circle", "diamond"])),
        )
        .configure(aria=False)
    )
    return vega_lite(chart)


def maturity_svg(model: HicmModel, history: list[HicmAssessment], title: str) -> str | None:
    """The chart as SVG text, or None when no level has been recorded yet."""
    points = chart_points(model, history)
    if not points:
        return None
    svg = vl_convert.vegalite_to_svg(json.dumps(maturity_spec(model, points, title)))
    svg = ARIA_ATTRIBUTE.sub("", svg)  # the page gives the image its one text alternative
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
