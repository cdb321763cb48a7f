"""Presentation of figures in documents: rounding happens here and only here.

Rules (stated in every document's notes on method):
- counts are whole numbers with thousands separators;
- percentages to one decimal place;
- rates (per 100,000, per day) to two decimal places;
- money in tables in £'000 (whole thousands), in sentences in £m to three places with trailing zeros
  dropped (so £55,400,000 is "£55.4m" and £55,993,000 is "£55.993m": exact for whole thousands)."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

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


def _round(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def as_decimal(value: Any) -> Decimal | None:
    """A Decimal from a Decimal, int, float or numeric string; None for no figure."""
    if value is None or value == "":
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def figure_text(value: Any, unit: str = "", scale: str = "value") -> str:
    """A metric figure: counts whole, percentages to 1 place, rates to 2 places; "–" for none."""
    amount = as_decimal(value)
    if amount is None:
        return "–"
    if scale == "count" or unit in ("admissions", "count"):
        return f"{_round(amount, 0):,.0f}"
    if unit == "%":
        return f"{_round(amount, 1):,.1f}%"
    return f"{_round(amount, 2):,.2f}"


def thousands(value: Any) -> str:
    """Money in £'000, whole thousands with separators ("55,993"); "–" for none, "0" for zero."""
    amount = as_decimal(value)
    if amount is None:
        return "–"
    text = f"{_round(amount / 1000, 0):,.0f}"
    return text.replace("-", "−") if amount < 0 else text


def millions(value: Any) -> str:
    """Money in £m for sentences: "£55.4m" (three places at most, trailing zeros dropped)."""
    amount = as_decimal(value)
    if amount is None:
        return "–"
    text = f"{abs(_round(amount / 1_000_000, 3)):,.3f}".rstrip("0").rstrip(".")
    return f"{'−' if amount < 0 else ''}£{text}m"


def pounds(value: Any) -> str:
    """Money in whole pounds ("£1,234,567"); pence shown only when present."""
    amount = as_decimal(value)
    if amount is None:
        return "–"
    sign = "−" if amount < 0 else ""
    amount = abs(amount)
    if amount == amount.to_integral_value():
        return f"{sign}£{amount:,.0f}"
    return f"{sign}£{_round(amount, 2):,.2f}"


def percent(share: Any, places: int = 1) -> str:
    """A share (0.0106) as a percentage ("1.1%")."""
    amount = as_decimal(share)
    if amount is None:
        return "–"
    text = f"{abs(_round(amount * 100, places)):,.{places}f}%"
    return f"−{text}" if amount < 0 and text.strip("0.%") else text


def _month(text: str) -> tuple[int, int] | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        return None
    return int(match.group(1)), int(match.group(2))


def period_label(period: str) -> str:
    """A period label for people: "2018-07" -> "July 2018"; "2018-04..2018-07" -> "April to July
    2018"; "2018-19-Q1" -> "Q1 2018-19"; a financial year stays "2018-19"."""
    text = (period or "").strip()
    if ".." in text:
        first, last = (_month(part) for part in text.split("..", 1))
        if first and last:
            start = calendar.month_name[first[1]] + ("" if first[0] == last[0] else f" {first[0]}")
            return f"{start} to {calendar.month_name[last[1]]} {last[0]}"
        return text.replace("..", " to ")
    month = _month(text)
    if month and (month[0] + 1) % 100 != month[1]:
        return f"{calendar.month_name[month[1]]} {month[0]}"
    quarter = re.fullmatch(r"(\d{4}-\d{2})-Q([1-4])", text)
    if quarter:
        return f"Q{quarter.group(2)} {quarter.group(1)}"
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
    """An ``indicators.periods.Quarter`` for people: "Q1 2018-19 (April to June 2018)"."""
    first, last = quarter.months[0], quarter.months[-1]
    return (
        f"Q{quarter.number} {quarter.financial_year} "
        f"({calendar.month_name[first.month]} to {calendar.month_name[last.month]} {last.year})"
    )


def stated_text(value: Any, decimals: int | None, unit: str = "") -> str:
    """A value as its source printed it (its own decimal places), else by ``figure_text``'s rule."""
    amount = as_decimal(value)
    if amount is None:
        return "–"
    if decimals is None:
        return figure_text(amount, unit)
    text = f"{_round(amount, decimals):,.{decimals}f}"
    return text + "%" if unit == "%" else text
