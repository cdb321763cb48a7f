"""Charts drawn by vl-convert, started ahead in a second process when a command asks (``start``).

vl-convert's first chart in a process takes about 0.7 s, starting its JavaScript engine, and it holds
Python's global lock meanwhile, so a thread cannot overlap it with other work. The board paper's
command therefore starts the engine in a process of its own as it begins, on the machine's other
core, while Django starts and the data are read; ``draw(spec)`` then hands each spec to that process
(a line of JSON each way). Without a started process (the web server, the tests), or once it has
gone, charts are drawn in this process, with the same engine, fonts and result. When every chart is
kept (``images.to_svg``), the process is started for nothing: it costs the other core 0.7 s and ends
with the command.

Run as ``python -m bettercare.reports.chart_drawer``: the second process (``serve``)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from .typefaces import register_chart_fonts

# The smallest chart, drawn by the second process as it starts, to start vl-convert's engine.
FIRST_CHART = {"data": {"values": [{"x": 0}]}, "mark": "point",
               "encoding": {"x": {"field": "x", "type": "quantitative"}}}

_drawer: subprocess.Popen | None = None


def _running() -> bool:
    return _drawer is not None and _drawer.poll() is None


def start() -> None:
    """Start the second process, unless it is running."""
    global _drawer
    if not _running():
        _drawer = subprocess.Popen(
            [sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        )


def stop() -> None:
    """End the second process, if any: it ends when its input closes."""
    global _drawer
    if _drawer is not None:
        _drawer.stdin.close()
        _drawer.wait()
        _drawer = None


def draw_here(spec: dict[str, Any]) -> str:
    """The chart's SVG, drawn in this process in the shipped fonts."""
    import vl_convert

    register_chart_fonts()
    return vl_convert.vegalite_to_svg(spec)


def draw(spec: dict[str, Any]) -> str:
    """The chart's SVG, from the second process when it runs, else drawn here. vl-convert's refusal
    of a spec is a ``ValueError`` with its message, wherever the chart is drawn."""
    global _drawer
    if not _running():
        return draw_here(spec)
    try:
        _drawer.stdin.write(json.dumps(spec) + "\n")
        _drawer.stdin.flush()
        answer = json.loads(_drawer.stdout.readline())
    except (OSError, ValueError):  # the process has gone (or answered nothing): draw here
        _drawer = None
        return draw_here(spec)
    if "refused" in answer:
        raise ValueError(answer["refused"])
    return answer["svg"]


def serve() -> None:
    """The second process: start the engine, then answer each line of JSON spec on standard input with
    a line of JSON, ``{"svg": ...}`` or ``{"refused": message}``, until the input closes."""
    draw_here(FIRST_CHART)
    for line in sys.stdin:
        try:
            answer = {"svg": draw_here(json.loads(line))}
        except ValueError as refused:
            answer = {"refused": str(refused)}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    serve()
