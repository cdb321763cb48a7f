"""Financial quarters as typed values: ``"2018-19-Q1"`` is April-June 2018 (Q1 = April-June,
financial years April-March; architecture.md "Conventions"). Also reads the period labels that
metric figures carry ("2018-19", "2018-19-Q1", "2018-07", "2012-04..2013-03") to find their end."""

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from bettercare.reference.fields import validate_quarter

PLAN_STAGE = "plan-stage"  # URL slug for rows recorded at plan stage (quarter blank)
MONTH_NAMES = [calendar.month_name[m] for m in range(1, 13)]


@dataclass(frozen=True, order=True)
class Quarter:
    """One financial quarter: ``Quarter.parse("2018-19-Q1")``."""

    start_year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> "Quarter":
        """Read "YYYY-YY-Qn"; a ValidationError names the rule broken."""
        text = str(text or "").strip()
        validate_quarter(text)
        return cls(int(text[:4]), int(text[-1]))

    @property
    def code(self) -> str:
        return f"{self.financial_year}-Q{self.number}"

    @property
    def financial_year(self) -> str:
        return f"{self.start_year}-{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        month = 4 + 3 * (self.number - 1)
        year = self.start_year + (month > 12)
        return date(year, (month - 1) % 12 + 1, 1)

    @property
    def end(self) -> date:
        first = self.start
        month = first.month + 2
        year = first.year + (month > 12)
        month = (month - 1) % 12 + 1
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def label(self) -> str:
        """ "Q1 2018-19 (April to June 2018)"."""
        return (
            f"Q{self.number} {self.financial_year} "
            f"({MONTH_NAMES[self.start.month - 1]} to {MONTH_NAMES[self.end.month - 1]} {self.end.year})"
        )

    def next(self) -> "Quarter":
        return Quarter(self.start_year, self.number + 1) if self.number < 4 else Quarter(self.start_year + 1, 1)

    def __str__(self) -> str:
        return self.code


def quarters_of(financial_years: list[str]) -> list[Quarter]:
    """Every quarter of the given financial years ("2017-18"), in order."""
    return [Quarter(int(year[:4]), number) for year in sorted(financial_years) for number in range(1, 5)]


def quarter_from_slug(slug: str) -> str:
    """The stored quarter for a URL slug: "" for plan stage, else a validated "YYYY-YY-Qn"."""
    if slug == PLAN_STAGE:
        return ""
    return Quarter.parse(slug).code


def quarter_slug(quarter: str) -> str:
    return quarter or PLAN_STAGE


def quarter_label(quarter: str) -> str:
    """A stored quarter for people: "Plan stage" when blank."""
    if not quarter:
        return "Plan stage"
    try:
        return Quarter.parse(quarter).label
    except ValidationError:
        return quarter


def period_end(label: str) -> date | None:
    """Last day of a period label: "2018-19" (financial year), "2018-19-Q1", "2018-07" (month),
    "2018-07-15" (day) or "2012-04..2013-03" (months); None when the label is not one of these."""
    text = str(label or "").strip()
    if ".." in text:
        return period_end(text.split("..", 1)[1])
    if re.fullmatch(r"\d{4}-\d{2}-Q[1-4]", text):
        try:
            return Quarter.parse(text).end
        except ValidationError:
            return None
    if re.fullmatch(r"\d{4}-\d{2}", text):
        first, second = int(text[:4]), int(text[5:])
        if (first + 1) % 100 == second:
            return date(first + 1, 3, 31)
        if 1 <= second <= 12:
            return date(first, second, calendar.monthrange(first, second)[1])
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    return None


def plan_quarters(plan) -> list[Quarter]:
    """The quarters of a plan's policy period."""
    return quarters_of(list(plan.period.financial_years))


def ensure_plan_quarter(plan, quarter: str) -> None:
    """Raise ValidationError unless ``quarter`` is blank (plan stage) or in the plan's period."""
    if quarter and Quarter.parse(quarter) not in plan_quarters(plan):
        raise ValidationError(
            f"{quarter} is outside the {plan.period.code} policy period ({', '.join(plan.period.financial_years)})."
        )
