"""Typed reporting periods: calendar months, financial years (April–March) and their quarters.

Financial years run 1 April to 31 March and are written "2018-19"; quarters follow the NHS and
local-government convention Q1 = Apr–Jun, Q2 = Jul–Sep, Q3 = Oct–Dec, Q4 = Jan–Mar and are written
"2018-19-Q1". Lengths come from the real calendar (``Month(2018, 7).days == 31``, leap years
included).

>>> Month(2018, 7).days
31
>>> str(Month(2018, 7).financial_year), str(Month(2018, 7).quarter)
('2018-19', '2018-19-Q2')
>>> [str(m) for m in Quarter(2018, 1).months]
['2018-04', '2018-05', '2018-06']
>>> parse_period("2018/19 Q4")
Quarter(fy=2018, number=4)
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

__all__ = [
    "Month",
    "Quarter",
    "FinancialYear",
    "Period",
    "parse_period",
    "span",
    "exact",
    "years_span",
    "period_end",
    "quarters_of",
]

_MONTH_NAMES = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTH_NAMES.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTH_NAMES["sept"] = 9


def _fy_of(year: int, month: int) -> int:
    return year if month >= 4 else year - 1


def _check_year(year: int) -> int:
    if not isinstance(year, int) or isinstance(year, bool) or not 1900 <= year <= 2999:
        raise ValueError(f"year must be an integer between 1900 and 2999, got {year!r}")
    return year


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month, e.g. ``Month(2018, 7)`` is July 2018 (written "2018-07")."""

    year: int
    month: int

    def __post_init__(self) -> None:
        _check_year(self.year)
        if not isinstance(self.month, int) or isinstance(self.month, bool) or not 1 <= self.month <= 12:
            raise ValueError(f"month must be an integer from 1 to 12, got {self.month!r}")

    # -- facts ------------------------------------------------------------------------------
    @property
    def days(self) -> int:
        """Number of days in the month (from the calendar: February 2020 has 29)."""
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, self.days)

    @property
    def months(self) -> tuple[Month, ...]:
        return (self,)

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(_fy_of(self.year, self.month))

    @property
    def quarter(self) -> Quarter:
        return Quarter(_fy_of(self.year, self.month), (self.month_of_financial_year - 1) // 3 + 1)

    @property
    def month_of_financial_year(self) -> int:
        """1 for April … 12 for March."""
        return (self.month - 4) % 12 + 1

    @property
    def label(self) -> str:
        """Human label, e.g. "July 2018"."""
        return f"{calendar.month_name[self.month]} {self.year}"

    # -- arithmetic ------------------------------------------------------------------------
    def __add__(self, months: int) -> Month:
        if not isinstance(months, int):
            return NotImplemented
        index = self.year * 12 + (self.month - 1) + months
        return Month(index // 12, index % 12 + 1)

    def __sub__(self, other: int | Month) -> Month | int:  # type: ignore[override]
        if isinstance(other, Month):
            return (self.year * 12 + self.month) - (other.year * 12 + other.month)
        if isinstance(other, int):
            return self + (-other)
        return NotImplemented

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    # -- construction ----------------------------------------------------------------------
    @classmethod
    def from_date(cls, d: date) -> Month:
        return cls(d.year, d.month)

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse "2018-07", "2018-7", "2018-07-01", "Jul 2018", "July 2018", "Jul-18" or "07/2018"."""
        s = text.strip()
        m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-\d{1,2})?", s)
        if m:
            return cls(int(m.group(1)), int(m.group(2)))
        m = re.fullmatch(r"(\d{1,2})/(\d{4})", s)
        if m:
            return cls(int(m.group(2)), int(m.group(1)))
        m = re.fullmatch(r"([A-Za-z]+)[\s\-]+(\d{2}|\d{4})", s)
        if m and m.group(1).lower() in _MONTH_NAMES:
            year = int(m.group(2))
            return cls(year + 2000 if year < 100 else year, _MONTH_NAMES[m.group(1).lower()])
        raise ValueError(f"not a month: {text!r} (expected e.g. '2018-07' or 'Jul 2018')")


@dataclass(frozen=True, order=True, slots=True)
class FinancialYear:
    """An April–March financial year named by the calendar year it starts in: ``FinancialYear(2018)``
    is 1 April 2018 – 31 March 2019, written "2018-19"."""

    start_year: int

    def __post_init__(self) -> None:
        _check_year(self.start_year)

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        return date(self.start_year + 1, 3, 31)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def months(self) -> tuple[Month, ...]:
        first = Month(self.start_year, 4)
        return tuple(first + i for i in range(12))

    @property
    def quarters(self) -> tuple[Quarter, ...]:
        return tuple(Quarter(self.start_year, q) for q in (1, 2, 3, 4))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, (Month, Quarter)):
            return item.financial_year == self
        if isinstance(item, date):
            return self.start <= item <= self.end
        return False

    def __add__(self, years: int) -> FinancialYear:
        if not isinstance(years, int):
            return NotImplemented
        return FinancialYear(self.start_year + years)

    def __str__(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @classmethod
    def containing(cls, d: date) -> FinancialYear:
        return cls(_fy_of(d.year, d.month))

    @classmethod
    def parse(cls, text: str) -> FinancialYear:
        """Parse "2018-19", "2018/19", "2018-2019", "2018/2019", "FY2018-19" or "FY 2018/19"."""
        m = re.fullmatch(r"(?:FY\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})", text.strip(), flags=re.IGNORECASE)
        if not m:
            raise ValueError(f"not a financial year: {text!r} (expected e.g. '2018-19')")
        start = int(m.group(1))
        end_text = m.group(2)
        expected = start + 1 if len(end_text) == 4 else (start + 1) % 100
        if int(end_text) != expected:
            raise ValueError(f"a financial year spans two consecutive years, got {text!r}")
        return cls(start)


@dataclass(frozen=True, order=True, slots=True)
class Quarter:
    """Quarter ``number`` (1–4) of financial year ``fy``: Q1 = Apr–Jun … Q4 = Jan–Mar.

    ``Quarter(2018, 1)`` is April–June 2018, written "2018-19-Q1".
    """

    fy: int
    number: int

    def __post_init__(self) -> None:
        _check_year(self.fy)
        if not isinstance(self.number, int) or isinstance(self.number, bool) or not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1, 2, 3 or 4, got {self.number!r}")

    @property
    def financial_year(self) -> FinancialYear:
        return FinancialYear(self.fy)

    @property
    def months(self) -> tuple[Month, ...]:
        first = Month(self.fy, 4) + 3 * (self.number - 1)
        return (first, first + 1, first + 2)

    @property
    def start(self) -> date:
        return self.months[0].start

    @property
    def end(self) -> date:
        return self.months[-1].end

    @property
    def days(self) -> int:
        return sum(m.days for m in self.months)

    def __add__(self, quarters: int) -> Quarter:
        if not isinstance(quarters, int):
            return NotImplemented
        index = self.fy * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def __str__(self) -> str:
        return f"{self.financial_year}-Q{self.number}"

    @property
    def start_year(self) -> int:
        """The calendar year the quarter's financial year starts in."""
        return self.fy

    @property
    def code(self) -> str:
        """The stored text, "2018-19-Q1"."""
        return str(self)

    @property
    def label(self) -> str:
        """Human label, "Q1 2018-19 (April to June 2018)"."""
        first, last = self.months[0], self.months[-1]
        return (
            f"Q{self.number} {self.financial_year} "
            f"({calendar.month_name[first.month]} to {calendar.month_name[last.month]} {last.year})"
        )

    def next(self) -> Quarter:
        """The following quarter (Q4 2018-19 -> Q1 2019-20)."""
        return self + 1

    @classmethod
    def containing(cls, d: date) -> Quarter:
        return Month.from_date(d).quarter

    @classmethod
    def parse(cls, text: str) -> Quarter:
        """Parse "2018-19-Q1", "2018-19 Q1", "2018/19 Q1", "Q1 2018-19" or "Q1 2018/19"."""
        s = text.strip()
        m = re.fullmatch(r"(.+?)[\s\-]+Q([1-4])", s, flags=re.IGNORECASE)
        if m:
            return cls(FinancialYear.parse(m.group(1)).start_year, int(m.group(2)))
        m = re.fullmatch(r"Q([1-4])[\s\-]+(.+)", s, flags=re.IGNORECASE)
        if m:
            return cls(FinancialYear.parse(m.group(2)).start_year, int(m.group(1)))
        raise ValueError(f"not a quarter: {text!r} (expected e.g. '2018-19-Q1')")


Period = Month | Quarter | FinancialYear


def exact(text: str) -> Period | None:
    """The period whose stored text is exactly ``text`` ("2018-19", "2018-19-Q1", "2018-07"), else
    None. A financial year wins over a month ("2011-12" is 2011-12, not December 2011)."""
    for kind in (FinancialYear, Quarter, Month):
        try:
            period = kind.parse(str(text or ""))
        except ValueError:
            continue
        if str(period) == text:
            return period
    return None


def parse_period(text: str) -> Period:
    """Parse a quarter, a financial year or a month, in that order of preference."""
    for kind in (Quarter, FinancialYear, Month):
        try:
            return kind.parse(text)
        except ValueError:
            continue
    raise ValueError(f"not a month, quarter or financial year: {text!r}")


_STRICT_QUARTER = re.compile(r"(\d{4})-(\d{2})-Q([1-4])")
_STRICT_YEAR_PAIR = re.compile(r"(\d{4})-(\d{2})")


def years_span(text: str) -> tuple[date, date]:
    """First and last day of a financial year ("2018-19") or a policy period of two or three
    financial years ("2017-19", "2014-16"); ValueError for anything else.

    >>> years_span("2017-19")
    (datetime.date(2017, 4, 1), datetime.date(2019, 3, 31))
    """
    match = _STRICT_YEAR_PAIR.fullmatch(str(text).strip())
    years = (int(match[2]) - int(match[1]) % 100) % 100 if match else 0
    if not match or years not in (1, 2, 3):
        raise ValueError(f"{text!r} is not a financial year (2018-19) or a policy period (2017-19)")
    first = int(match[1])
    return FinancialYear(first).start, FinancialYear(first + years - 1).end


def span(value: str | dict) -> tuple[str, date, date]:
    """The label and inclusive first and last day of a period as the scenario files, the plan
    workbook and the importers write it: financial year "2018-19" (1 Apr 2018 - 31 Mar 2019),
    quarter "2018-19-Q1", month "2018-07", policy period "2017-19" (two financial years), day
    "2018-07-15", or a run of months "2012-04..2013-03" (also written ``{"start": "2012-04", "end":
    "2013-03"}``). "YYYY-NN" is a financial year when NN is the next year, a policy period when it
    is the year after, else a month.

    >>> span("2018-19-Q1")
    ('2018-19-Q1', datetime.date(2018, 4, 1), datetime.date(2018, 6, 30))
    >>> span({"start": "2012-04", "end": "2013-03"})[0]
    '2012-04..2013-03'
    """
    if isinstance(value, dict):
        first, last = str(value["start"]), str(value["end"])
        return f"{first}..{last}", Month.parse(first).start, Month.parse(last).end
    text = str(value).strip()
    if ".." in text:
        first, last = (part.strip() for part in text.split("..", 1))
        try:
            return f"{first}..{last}", Month.parse(first).start, Month.parse(last).end
        except ValueError:
            raise ValueError(f"{text!r} is not a run of months: write it like 2012-04..2013-03") from None
    if _STRICT_QUARTER.fullmatch(text):
        quarter = Quarter.parse(text)
        return text, quarter.start, quarter.end
    if match := _STRICT_YEAR_PAIR.fullmatch(text):
        first_year, second = int(match[1]), int(match[2])
        if second in ((first_year + 1) % 100, (first_year + 2) % 100):
            return (text, *years_span(text))
        if 1 <= second <= 12:
            month = Month(first_year, second)
            return text, month.start, month.end
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = date.fromisoformat(text)
        return text, day, day
    raise ValueError(f"{text!r} is not a period: use 2018-19, 2018-19-Q1, 2018-07 or {{start, end}}")


def period_end(label: str) -> date | None:
    """Last day of a period label as ``span`` reads it ("2018-19", "2018-19-Q1", "2018-07",
    "2018-07-15", "2012-04..2013-03"); None when the label is not a period."""
    try:
        return span(str(label or ""))[2]
    except ValueError:
        return None


def quarters_of(financial_years: list[str]) -> list[Quarter]:
    """Every quarter of the given financial years ("2017-18"), in order."""
    return [q for year in sorted(FinancialYear.parse(y) for y in financial_years) for q in year.quarters]


def days_between(start: date, end: date) -> int:
    """Inclusive number of days from ``start`` to ``end``."""
    if end < start:
        raise ValueError("end must not be before start")
    return (end - start).days + 1
