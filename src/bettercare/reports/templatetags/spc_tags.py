"""``{% spc_icons result.spc %}``: the Making Data Count icons of an SPC summary, with their words
(see :mod:`bettercare.reports.spc_icons`); the same markup on web pages and in papers."""

from django import template
from django.utils.safestring import mark_safe

from bettercare.reports.formatting import period_label
from bettercare.reports.spc_icons import icons_for
from bettercare.reports.spc_text import spc_text, special_cause_points

register = template.Library()


@register.inclusion_tag("reports/_spc_icons.html")
def spc_icons(spc, size: int = 40, words: bool = True):
    icons = icons_for(spc, size)
    return {
        "variation": icons["variation"],
        "assurance": icons["assurance"],
        "why": icons["why"],
        "words": words,
        "has_chart": bool(spc),
    }


@register.filter
def icon_svg(icon) -> str:
    """The icon's SVG markup: built by ``spc_icons`` from fixed strings only, never user text."""
    return mark_safe(icon.svg) if icon else ""


@register.inclusion_tag("reports/_spc_points.html")
def spc_points_table(result, govuk: bool = True):
    """The special-cause points of a metric's SPC chart, each with the rule that flagged it."""
    missing = [period_label(p) for p in (result.spc or {}).get("missing", [])]
    return {
        "result": result,
        "points": special_cause_points(result),
        "spc": result.spc,
        "missing": missing,
        "govuk": govuk,
    }


@register.inclusion_tag("reports/_spc_summary.html")
def spc_summary_table(results, govuk: bool = True, caption: str = "Variation and assurance of every metric"):
    """Making Data Count summary: every metric's variation and assurance icons with their words.
    ``results`` holds metric results, or rows or paper sections that carry one as "result"."""
    rows = []
    for item in results:
        result = item["result"] if isinstance(item, dict) else getattr(item, "result", item)
        spc = result.spc
        points = special_cause_points(result)
        rows.append(
            {
                "result": result,
                "spc": spc,
                "latest": period_label(spc["periods"][-1]) if spc else "",
                "count": sum(spc["present"]) if spc else 0,
                "last_reason": points[-1] if points else None,
                "note": result.spc_note,
            }
        )
    return {"rows": rows, "govuk": govuk, "caption": caption}


@register.filter
def spc_words(result) -> str:
    """The metric's SPC chart in words (:func:`bettercare.reports.spc_text.spc_text`)."""
    return spc_text(result)
