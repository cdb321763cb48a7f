"""Presentation of figures for people: pages, papers, workbooks and messages print numbers, money,
percentages, rates, periods and dates through this module, and round only here.

The rounding rule, stated once: a figure is converted to ``Decimal`` from its text (so the float
2.675 is the decimal 2.675, not 2.67499999…) and rounded half-up (``ROUND_HALF_UP``: 2.675 -> 2.68,
-2.675 -> -2.68) to the places its kind is printed with. Negative figures carry the minus sign
U+2212 ("−£593,000", "−1.1%"), never a hyphen.

Places per kind (``places``):
- counts (a figure on the count scale, or a metric counted in admissions) are whole numbers with
  thousands separators ("927");
- percentages to one decimal place ("85.3%");
- rates (per 100,000, per day) and other values to two decimal places ("2.68", "927.00");
- money: whole pounds with pence only when present ("£1,234,567", "£12.50"); in tables £'000
  (whole thousands); in sentences £m to three places with trailing zeros dropped (so £55,400,000
  is "£55.4m" and £55,993,000 is "£55.993m": exact for whole thousands).

Workbooks store the rounded Decimal (``rounded``) with the matching number format
(``excel_format``), so Excel shows the same text as the page and the paper."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

ROUNDING = ROUND_HALF_UP
MINUS = "\u2212"
NONE = "–"

COMPARISONS = {
    "better": "statistically significantly better than the target",
    "similar": "statistically similar to the target",
    "worse": "statistically significantly worse than the target",
}
POLARITY_TEXT = {
    "lower": "Good performance is represented by a fall in the figures",
    "higher": "Good performance is represented by a rise in the figures",
    "neutral": "No polarity: neither a rise nor a fall is better",
}
RAG_NAMES = {"green": "Green", "amber": "Amber", "red": "Red", "grey": "Not rated"}
COMPONENT_NAMES = {"nhs": "NHS", "social_care": "Social care", "both": "Joint (both)", "": "Total"}


def rounded(value: Any, places: int) -> Decimal | None:
    """``value`` as a Decimal rounded half-up to ``places`` decimals (None for no figure)."""
    amount = as_decimal(value)
    if amount is None:
        return None
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUNDING)


def as_decimal(value: Any) -> Decimal | None:
    """A Decimal from a Decimal, int, float or numeric string; None for no figure."""
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _signed(text: str, negative: bool) -> str:
    """``text`` (unsigned) with the minus sign in front when negative and not shown as zero."""
    return f"{MINUS}{text}" if negative and any(ch in "123456789" for ch in text) else text


def number(value: Any, places: int | None = None) -> str:
    """A number with thousands separators, rounded half-up to ``places`` decimals, or with the
    places it was stored with when ``places`` is None ("1,234.5"); "–" for no figure."""
    amount = as_decimal(value)
    if amount is None:
        return NONE
    if places is None:
        places = max(0, -int(amount.normalize().as_tuple().exponent))
    return _signed(f"{abs(_round(amount, places)):,.{places}f}", amount < 0)


def places(unit: str = "", scale: str = "value") -> int:
    """Decimal places a metric figure is printed with: 0 for counts, 1 for percentages, else 2."""
    if scale == "count" or unit in ("admissions", "count"):
        return 0
    if unit == "%":
        return 1
    return 2


def figure_text(value: Any, unit: str = "", scale: str = "value", decimals: int | None = None) -> str:
    """A metric figure: counts whole, percentages to 1 place, rates to 2 places (``places``), or
    ``decimals`` places when the metric states its own precision; "–" for none."""
    amount = as_decimal(value)
    if amount is None:
        return NONE
    text = number(amount, places(unit, scale) if decimals is None else decimals)
    return text + "%" if unit == "%" and scale != "count" else text


def excel_format(unit: str = "", scale: str = "value", decimals: int | None = None) -> str:
    """The Excel number format that shows a ``rounded`` figure as ``figure_text`` prints it."""
    count = places(unit, scale) if decimals is None else decimals
    body = "#,##0" + ("." + "0" * count if count else "")
    negative = f'"{MINUS}"{body}'
    if unit == "%" and scale != "count":
        body, negative = f'{body}"%"', f'{negative}"%"'
    return f"{body};{negative}"


def excel_figure(value: Any, unit: str = "", scale: str = "value", decimals: int | None = None) -> Decimal | None:
    """A metric figure for a workbook cell: the Decimal ``figure_text`` prints (rounded half-up)."""
    return rounded(value, places(unit, scale) if decimals is None else decimals)


def thousands(value: Any) -> str:
    """Money in £'000, whole thousands with separators ("55,993"); "–" for none, "0" for zero."""
    amount = as_decimal(value)
    if amount is None:
        return NONE
    return _signed(f"{abs(_round(amount / 1000, 0)):,.0f}", amount < 0)


def millions(value: Any) -> str:
    """Money in £m for sentences: "£55.4m" (three places at most, trailing zeros dropped)."""
    amount = as_decimal(value)
    if amount is None:
        return NONE
    text = f"{abs(_round(amount / 1_000_000, 3)):,.3f}".rstrip("0").rstrip(".")
    return _signed(f"£{text}m", amount < 0)


def pounds(value: Any) -> str:
    """Money in whole pounds ("£1,234,567", "−£1,000"); pence shown only when present."""
    amount = as_decimal(value)
    if amount is None:
        return NONE
    size = abs(amount)
    if size == size.to_integral_value():
        return _signed(f"£{size:,.0f}", amount < 0)
    return _signed(f"£{_round(size, 2):,.2f}", amount < 0)


def percent(share: Any, places: int = 1) -> str:
    """A share (0.0106) as a percentage ("1.1%")."""
    amount = as_decimal(share)
    if amount is None:
        return NONE
    return _signed(f"{abs(_round(amount * 100, places)):,.{places}f}%", amount < 0)


def period_label(period: str) -> str:
    """A period label for people: "2018-07" -> "July 2018"; "2018-04..2018-07" -> "April to July
    2018"; "2018-19-Q1" -> "Q1 2018-19"; a financial year stays "2018-19" (periods read by
    ``periods.exact``)."""
    from .periods import Month, Quarter, exact

    text = (period or "").strip()
    if ".." in text:
        first, last = (exact(part.strip()) for part in text.split("..", 1))
        if isinstance(first, Month) and isinstance(last, Month):
            start = calendar.month_name[first.month] + ("" if first.year == last.year else f" {first.year}")
            return f"{start} to {last.label}"
        return text.replace("..", " to ")
    value = exact(text)
    if isinstance(value, Month):
        return value.label
    if isinstance(value, Quarter):
        return f"Q{value.number} {value.financial_year}"
    return text


def long_date(day: date | None) -> str:
    """ "27 September 2018"; "" for no date."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}" if day else ""


def comparison_text(comparison: str, reason: str = "") -> str:
    """Statistical comparison with the target in words."""
    if comparison in COMPARISONS:
        return COMPARISONS[comparison]
    return "not compared statistically" + (f" ({reason})" if reason else "")


def polarity_text(polarity: str) -> str:
    """Seed 004's "Aim / Polarity" wording for lower / higher / neutral."""
    return POLARITY_TEXT.get(polarity, polarity or "")


def rag_name(rag: str) -> str:
    """Green, Amber, Red or Not rated."""
    return RAG_NAMES.get(rag or "grey", RAG_NAMES["grey"])


def component_name(component: str) -> str:
    """An attribution for people: NHS, Social care, Joint (both); blank is the Total."""
    return COMPONENT_NAMES.get(component or "", (component or "").replace("_", " ").capitalize())


def sources_text(sources: list[str]) -> str:
    """Several sources in one line: the shared leading part once, then what differs.

    ["004 para 8, table, A", "004 para 8, table, B"] -> "004 para 8, table (A; B)"."""
    unique = list(dict.fromkeys(s for s in sources if s))
    if len(unique) <= 1:
        return unique[0] if unique else "not recorded"
    split = [s.split(", ") for s in unique]
    common: list[str] = []
    for parts in zip(*split, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    if not common or any(len(parts) == len(common) for parts in split):
        return "; ".join(unique)
    rest = [", ".join(parts[len(common) :]) for parts in split]
    return f"{', '.join(common)} ({'; '.join(rest)})"


NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def count_words(count: int) -> str:
    """3 -> "three" (numbers above ten as digits)."""
    return NUMBER_WORDS[count] if 0 <= count < len(NUMBER_WORDS) else f"{count:,}"


def quarter_label(quarter) -> str:
    """A quarter for people: "Q1 2018-19 (April to June 2018)" for a ``periods.Quarter`` or its
    text; "Plan stage" for a blank stored quarter (rows recorded when the plan was made); other
    text as it is."""
    from .periods import Quarter

    if isinstance(quarter, Quarter):
        return quarter.label
    if not quarter:
        return "Plan stage"
    try:
        return Quarter.parse(str(quarter)).label
    except ValueError:
        return str(quarter)


def stated_text(value: Any, decimals: int | None, unit: str = "") -> str:
    """A value as its source printed it (its own decimal places), else by ``figure_text``'s rule."""
    return figure_text(value, unit, decimals=decimals)
