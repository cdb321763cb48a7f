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


@register.filter
def term(ident: str) -> str:
    """The title of a catalogue id (metric, stream, scheme type, condition) in words."""
    from bettercare.catalogue.glossary import term as catalogue_term

    return catalogue_term(ident)


@register.filter
def plain_source(text: str) -> str:
    """A source note with internal references (seed numbers, the primer, file paths) in words."""
    from bettercare.catalogue.glossary import plain_source as plain

    return plain(text)


@register.filter
def rules_name(period_code: str) -> str:
    from bettercare.catalogue.glossary import rules_name as name

    return name(period_code)


@register.filter
def stated(row) -> str:
    """A target row's stated value with the decimal places its source printed (702.5, not 702.5000)."""
    from bettercare.indicators.presentation import stated_text

    return stated_text(getattr(row, "value", None), getattr(row, "value_decimals", None))


@register.filter
def component_name(component: str) -> str:
    """A metric breakdown in words: NHS, Social care, Joint (both)."""
    from bettercare.indicators.presentation import component_name as name

    return name(component)


@register.filter
def uk_time(value) -> str:
    """A moment (datetime or ISO 8601 text, as stored in snapshots) in UK time to the minute:
    "29 November 2026, 19:14"."""
    from datetime import datetime

    from bettercare.delivery.history import uk_time as words

    if not value:
        return "–"
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            return value
    return words(value)
