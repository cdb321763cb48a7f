"""Charts as images for documents: a Vega-Lite spec rendered to SVG by vl-convert (``to_svg``)
and embedded as a data URI, so the same file works in the PDF and in a saved HTML page.

For print the spec (a copy; the web pages' spec is not touched) names the document font, so that
vl-convert measures labels with the same font WeasyPrint draws them in, and may take a shorter
title (the section heading already names the metric)."""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

from .chart_drawer import draw
from .kept import kept
from .typefaces import DOCUMENT_FONT as PRINT_FONT


def to_svg(spec: dict[str, Any]) -> str:
    """Render a spec to SVG (for PDFs) with vl-convert, no browser needed, in the shipped fonts;
    once per spec (``kept``: the drawing depends on nothing else)."""
    return kept("chart-svg", json.dumps(spec, sort_keys=True, default=str), lambda: draw(spec))


def _solid_lines(node: Any) -> None:
    """Drop dash patterns with a zero gap (``[1, 0]`` is a solid line, which WeasyPrint's SVG
    renderer draws as ticks)."""
    if isinstance(node, dict):
        dash = node.get("strokeDash")
        if isinstance(dash, list) and dash and any(gap == 0 for gap in dash[1::2]):
            del node["strokeDash"]
        for value in node.values():
            _solid_lines(value)
    elif isinstance(node, list):
        for value in node:
            _solid_lines(value)


def for_print(spec: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    """A copy of ``spec`` set in the document font, with ``title`` when given."""
    printed = copy.deepcopy(spec)
    _solid_lines(printed)
    config = printed.setdefault("config", {})
    config["font"] = PRINT_FONT
    if title is not None:
        printed["title"] = title
    return printed


def svg_uri(spec: dict[str, Any] | None, title: str | None = None) -> str:
    """A ``data:image/svg+xml`` URI of the rendered chart; "" when there is no chart."""
    if not spec:
        return ""
    svg = to_svg(for_print(spec, title))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
