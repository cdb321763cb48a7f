"""When a quarter's return is due, from the policy period's catalogue file (``quarterly_returns``).

Rule: a date listed under ``quarterly_returns.deadlines`` for the quarter (``2023-24-Q2: 2023-10-31``)
wins; otherwise the return is due ``due_days_after_quarter_end`` days after the quarter's last day.
A return is late when it was not submitted by the end of its due day (submitted on the day is on time)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bettercare.catalogue import load_period
from bettercare.indicators.periods import Quarter

DEFAULT_DUE_DAYS = 30


@dataclass(frozen=True)
class Deadline:
    due: date
    rule: str  # how the date was set, in words
    confirmed: bool

    def missed_by(self, submitted: datetime | date | None, today: date) -> bool:
        """True when the return was not submitted by the end of the due day."""
        if submitted is None:
            return today > self.due
        day = submitted.date() if isinstance(submitted, datetime) else submitted
        return day > self.due


def period_code_for(quarter: Quarter, period_codes: list[str]) -> str | None:
    """The policy period (of ``period_codes``) whose financial years hold the quarter."""
    year = str(quarter.financial_year)
    for code in period_codes:
        if year in (load_period(code).get("financial_years") or []):
            return code
    return None


def return_deadline(period_code: str, quarter: Quarter) -> Deadline:
    """The due date of ``quarter``'s return under policy period ``period_code`` (see the module docstring)."""
    section = load_period(period_code).get("quarterly_returns") or {}
    confirmed = bool(section.get("confirmed"))
    listed = (section.get("deadlines") or {}).get(str(quarter))
    if listed:
        due = listed if isinstance(listed, date) else date.fromisoformat(str(listed))
        return Deadline(due, f"due {due:%d %B %Y} (the {period_code} reporting timetable)", confirmed)
    days = int(section.get("due_days_after_quarter_end") or DEFAULT_DUE_DAYS)
    due = quarter.end + timedelta(days=days)
    return Deadline(
        due, f"due {due:%d %B %Y}: {days} days after the quarter ends ({period_code} rule)", confirmed
    )
