"""Template filters: figures and money printed by ``indicators.presentation`` (one rounding rule,
one minus sign for pages, papers and workbooks), RAG tags and dictionary look-up."""

from django import template

from bettercare.indicators import presentation

register = template.Library()


@register.filter
def pounds(value) -> str:
    """Pounds as "£1,234,567" or "−£1,000" (whole pounds; pence only when present)."""
    return presentation.pounds(value)


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


RAG_TAGS = {
    "green": ("govuk-tag--green", "Green"),
    "amber": ("govuk-tag--yellow", "Amber"),
    "red": ("govuk-tag--red", "Red"),
    "grey": ("govuk-tag--grey", "Not rated"),
}


@register.filter
def rag_class(rag: str) -> str:
    return RAG_TAGS.get(rag or "grey", RAG_TAGS["grey"])[0]


@register.filter
def rag_label(rag: str) -> str:
    return RAG_TAGS.get(rag or "grey", RAG_TAGS["grey"])[1]


@register.filter
def figure(value, of=None) -> str:
    """A metric figure as the paper prints it (``presentation.figure_text``). ``of`` is the
    assessment the figure belongs to (its metric's unit and its scale: a count target is whole) or
    the metric (its unit), or a return's stored proposal (a dict with "unit" and "scale")."""
    if isinstance(of, dict):  # a return's stored proposal: {"unit": ..., "scale": ...}
        return presentation.figure_text(value, of.get("unit", ""), of.get("scale", "value"))
    if of is None or hasattr(of, "unit"):
        metric, scale = of, "value"
    else:
        metric = getattr(of, "metric", None) or getattr(of.figure, "metric", None)
        scale = getattr(of, "scale", "value") or "value"
    return presentation.figure_text(value, getattr(metric, "unit", "") or "", scale)


@register.filter
def count(value) -> str:
    """A count (a numerator or denominator): whole, with thousands separators."""
    return presentation.figure_text(value, scale="count")


@register.filter
def humanise(text: str) -> str:
    return (text or "").replace("_", " ")


@register.filter
def stated(figure) -> str:
    """A figure's stated value as its source printed it (its own decimal places), as in the paper."""
    return presentation.stated_text(figure.stated, figure.stated_decimals, getattr(figure.metric, "unit", "") or "")
