"""Text forms of money and numbers for messages, workbooks and pages (presentation only)."""

from decimal import Decimal


def money(value: Decimal | None) -> str:
    """ "£1,234,567" (pence shown only when present); "–" for no figure."""
    if value is None:
        return "–"
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{amount:,.2f}"


def number(value: Decimal | None, places: int | None = None) -> str:
    """A number with thousands separators, to ``places`` decimals when given, else as stored
    (trailing zeros dropped)."""
    if value is None:
        return "–"
    amount = Decimal(value)
    if places is None:
        places = len(format(amount.normalize(), "f").partition(".")[2])
    return f"{amount:,.{places}f}"
