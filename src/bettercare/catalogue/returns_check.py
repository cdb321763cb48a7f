"""The optional ``quarterly_returns`` section of a period file (when each quarter's return is due),
checked for ``check.check_period_text``. Pure Python: no Django."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from .lined import LinedDict, LinedList


def line_of(container: Any, key: Any) -> int:
    if isinstance(container, (LinedDict, LinedList)):
        return container.line_of(key)
    return 1


def check_quarterly_returns(doc: LinedDict, years: list[str], report) -> None:
    """Optional ``quarterly_returns``: days after a quarter's end (1-366) and dates per quarter of
    the period (``2023-24-Q2: 2023-10-31``), each due after its quarter ends."""
    section = doc.get("quarterly_returns")
    if section is None:
        return
    where = line_of(doc, "quarterly_returns")
    if not isinstance(section, dict):
        report.add(where, "quarterly_returns", "must be a mapping (due_days_after_quarter_end, deadlines)")
        return
    days = section.get("due_days_after_quarter_end")
    if days is not None and (not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 366):
        report.add(line_of(section, "due_days_after_quarter_end"), "quarterly_returns.due_days_after_quarter_end",
                   f"must be a whole number of days from 1 to 366, not {days!r}")
    deadlines = section.get("deadlines") or {}
    if not isinstance(deadlines, dict):
        report.add(line_of(section, "deadlines"), "quarterly_returns.deadlines", "must map quarters to dates")
        return
    for quarter, due in deadlines.items():
        field = f"quarterly_returns.deadlines.{quarter}"
        match = re.match(r"^(\d{4}-\d{2})-Q([1-4])$", str(quarter))
        if not match or match[1] not in [str(y) for y in years]:
            report.add(line_of(deadlines, quarter), field, "must be a quarter like 2023-24-Q2 of the period's years")
            continue
        try:
            due_date = due if isinstance(due, date) else date.fromisoformat(str(due))
        except ValueError:
            report.add(line_of(deadlines, quarter), field, f"must be a date like 2023-10-31, not {due!r}")
            continue
        start = int(match[1][:4])
        ends = {1: date(start, 6, 30), 2: date(start, 9, 30), 3: date(start, 12, 31), 4: date(start + 1, 3, 31)}
        if due_date <= ends[int(match[2])]:
            report.add(line_of(deadlines, quarter), field, "a return cannot be due before its quarter ends")
