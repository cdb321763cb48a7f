"""Turn the period notations of the scenario files into (label, first day, last day).

Notations: financial year "2018-19" (1 Apr 2018 - 31 Mar 2019), quarter "2018-19-Q1" (Q1 = Apr-Jun),
month "2018-07", policy period "2017-19" (two financial years), and ``{start: "2012-04", end:
"2013-03"}`` for any run of months."""

import calendar
import re
from datetime import date

FY = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER = re.compile(r"^(\d{4})-(\d{2})-Q([1-4])$")


def _month_start(text: str) -> date:
    year, month = (int(part) for part in text.split("-"))
    return date(year, month, 1)


def _month_end(text: str) -> date:
    year, month = (int(part) for part in text.split("-"))
    return date(year, month, calendar.monthrange(year, month)[1])


def span(value) -> tuple[str, date, date]:
    """The canonical label and the inclusive date range of a period notation."""
    if isinstance(value, dict):
        start, end = str(value["start"]), str(value["end"])
        return f"{start}..{end}", _month_start(start), _month_end(end)
    text = str(value).strip()
    if match := QUARTER.match(text):
        first_year, quarter = int(match[1]), int(match[3])
        start_month = 4 + 3 * (quarter - 1)
        year = first_year + (1 if start_month > 12 else 0)
        start_month = (start_month - 1) % 12 + 1
        end_month = start_month + 2
        return text, date(year, start_month, 1), date(year, end_month, calendar.monthrange(year, end_month)[1])
    if match := FY.match(text):
        first_year, second = int(match[1]), int(match[2])
        if second == (first_year + 1) % 100:
            return text, date(first_year, 4, 1), date(first_year + 1, 3, 31)
        if second == (first_year + 2) % 100:  # policy period such as 2017-19
            return text, date(first_year, 4, 1), date(first_year + 2, 3, 31)
        if 1 <= second <= 12:
            return text, _month_start(text), _month_end(text)
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        day = date.fromisoformat(text)
        return text, day, day
    raise ValueError(f"{text!r} is not a period: use 2018-19, 2018-19-Q1, 2018-07 or {{start, end}}")
