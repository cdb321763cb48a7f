"""The Making Data Count variation and assurance icons, as accessible inline SVG with a text
alternative, for web pages and papers alike.

Meaning and colours follow NHS England's Making Data Count icons ("Making data count: getting
started", NHS Improvement 2019; the icon set of NHSRplotthedots' ``geom_ptd_icon``): grey for
common cause, blue for improvement, orange for concern, purple for change that is neither;
H / L for higher / lower; P / F / ? for consistently passing, consistently failing, or hit and miss.
The drawings are our own simplified versions. Each SVG has ``role="img"``, a ``<title>`` and an
``aria-label`` with the words, and the words are also printed beside the icon where room allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

GREY, BLUE, ORANGE, PURPLE = "#7f7f7f", "#2d8fc4", "#e07b00", "#490092"

VARIATION_WORDS = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause variation, improvement: significantly higher",
    "improvement_low": "Special cause variation, improvement: significantly lower",
    "concern_high": "Special cause variation, concern: significantly higher",
    "concern_low": "Special cause variation, concern: significantly lower",
    "neutral_high": "Special cause variation, neither improvement nor concern: significantly higher",
    "neutral_low": "Special cause variation, neither improvement nor concern: significantly lower",
}
ASSURANCE_WORDS = {
    "pass": "Assurance: the target will consistently be met",
    "fail": "Assurance: the target will consistently be missed",
    "inconsistent": "Assurance: the target may be met or missed (hit and miss)",
}
SHORT_WORDS = {
    "common_cause": "Common cause",
    "improvement_high": "Improvement (high)",
    "improvement_low": "Improvement (low)",
    "concern_high": "Concern (high)",
    "concern_low": "Concern (low)",
    "neutral_high": "Neither (high)",
    "neutral_low": "Neither (low)",
    "pass": "Consistently met",
    "fail": "Consistently missed",
    "inconsistent": "Hit and miss",
}


@dataclass(frozen=True)
class Icon:
    """One icon: its name, its SVG markup (safe: built here from fixed strings) and its words."""

    name: str
    svg: str
    words: str
    short: str


def _colour(name: str) -> str:
    if name.startswith("improvement") or name == "pass":
        return BLUE
    if name.startswith("concern") or name == "fail":
        return ORANGE
    if name.startswith("neutral"):
        return PURPLE
    return GREY


def _svg(name: str, words: str, body: str, size: int) -> str:
    colour = _colour(name)
    label = escape(words, quote=True)
    return (
        f'<svg class="bc-spc-icon" data-icon="{name}" role="img" aria-label="{label}" width="{size}" '
        f'height="{size}" viewBox="0 0 40 40" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>"
        f'<circle cx="20" cy="20" r="18" fill="#ffffff" stroke="{colour}" stroke-width="3"/>{body}</svg>'
    )


def _dots(points: list[tuple[float, str]]) -> str:
    placed = [(9 + 3.7 * i, y, colour) for i, (y, colour) in enumerate(points)]
    path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f} {y:.1f}" for i, (x, y, _) in enumerate(placed))
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2" fill="{c}"/>' for x, y, c in placed)
    return f'<path d="{path}" fill="none" stroke="{GREY}" stroke-width="0.8"/>{dots}'


def variation_icon(name: str, size: int = 40) -> Icon:
    """The variation icon for a variation icon name (``XmrResult.variation_icon``)."""
    if name not in VARIATION_WORDS:
        raise ValueError(f"unknown variation icon {name!r}")
    colour = _colour(name)
    if name == "common_cause":
        body = _dots([(24.0, GREY), (21.0, GREY), (25.0, GREY), (22.0, GREY), (24.0, GREY), (21.0, GREY), (23.0, GREY)])
    else:
        high = name.endswith("high")
        ends = [18.0, 16.0, 15.0] if high else [28.0, 30.0, 31.0]
        body = _dots([(24.0, GREY), (23.0, GREY), (24.5, GREY), (23.5, GREY)] + [(y, colour) for y in ends])
        letter = "H" if high else "L"
        body += (
            f'<text x="20" y="{13 if not high else 33}" text-anchor="middle" font-family="Arial, sans-serif" '
            f'font-size="10" font-weight="bold" fill="{colour}">{letter}</text>'
        )
    words = VARIATION_WORDS[name]
    return Icon(name, _svg(name, words, body, size), words, SHORT_WORDS[name])


def assurance_icon(name: str, size: int = 40) -> Icon:
    """The assurance icon for an assurance icon name (``XmrResult.assurance_icon``)."""
    if name not in ASSURANCE_WORDS:
        raise ValueError(f"unknown assurance icon {name!r}")
    colour = _colour(name)
    letter = {"pass": "P", "fail": "F", "inconsistent": "?"}[name]
    body = (
        f'<line x1="7" y1="29" x2="33" y2="29" stroke="{colour}" stroke-width="1.5" stroke-dasharray="3 2"/>'
        f'<text x="20" y="25" text-anchor="middle" font-family="Arial, sans-serif" font-size="17" '
        f'font-weight="bold" fill="{colour}">{letter}</text>'
    )
    words = ASSURANCE_WORDS[name]
    return Icon(name, _svg(name, words, body, size), words, SHORT_WORDS[name])


def icons_for(spc: dict | None, size: int = 40) -> dict:
    """The icons of an SPC summary (``MetricResult.spc``) and why one is missing, for templates."""
    if not spc:
        return {"variation": None, "assurance": None, "why": ""}
    variation = variation_icon(spc["variation_icon"], size) if spc.get("variation_icon") else None
    assurance = assurance_icon(spc["assurance_icon"], size) if spc.get("assurance_icon") else None
    why = spc.get("icon_note") or ""
    if variation and not assurance:
        why = (
            "No assurance icon: no target for the latest period."
            if spc.get("target") is None
            else "No assurance icon: the metric has no direction of improvement."
        )
    return {"variation": variation, "assurance": assurance, "why": why}
