"""Template filters: money in pounds with thousands separators, and dictionary look-up."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """Format Decimal pounds as "£1,234,567" or "-£1,000" (whole pounds; pence only when present)."""
    if value is None or value == "":
        return "–"
    amount = Decimal(value)
    sign, amount = ("-" if amount < 0 else ""), abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


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
def figure(value, metric=None) -> str:
    """A metric figure for display: counts whole with separators, percentages to one place, rates
    to two (rounding only here, at presentation)."""
    if value is None or value == "":
        return "–"
    number = float(value)
    unit = getattr(metric, "unit", "") or ""
    if unit == "%":
        return f"{number:,.1f}%"
    if unit in ("admissions", "count") or (number.is_integer() and abs(number) >= 100):
        return f"{number:,.0f}"
    return f"{number:,.2f}"


@register.filter
def humanise(text: str) -> str:
    return (text or "").replace("_", " ")
