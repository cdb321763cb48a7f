"""Template filters: money in pounds with thousands separators, and dictionary look-up."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def pounds(value) -> str:
    """Format Decimal pounds as "£1,234,567" (whole pounds; pence shown only when present)."""
    if value is None or value == "":
        return "–"
    amount = Decimal(value)
    if amount == amount.to_integral_value():
        return f"£{amount:,.0f}"
    return f"£{amount:,.2f}"


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None
