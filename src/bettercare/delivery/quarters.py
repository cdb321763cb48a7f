"""The quarters a plan's returns and assessments may be recorded for, and their URL slugs.

Quarters are ``indicators.periods.Quarter`` (the one period type, which the model fields return);
a URL's text is read by ``reference.fields.parse_quarter``. A blank quarter ("") means "recorded at
plan stage"."""

from django.core.exceptions import ValidationError

from bettercare.indicators.periods import Quarter, quarters_of
from bettercare.reference.fields import parse_quarter

PLAN_STAGE = "plan-stage"  # URL slug for rows recorded at plan stage (quarter blank)

__all__ = ["PLAN_STAGE", "ensure_plan_quarter", "plan_quarters", "quarter_from_slug", "quarter_slug", "quarters_of"]


def quarter_from_slug(slug: str) -> Quarter | str:
    """The quarter of a URL slug: "" for plan stage, else the validated ``Quarter``."""
    if slug == PLAN_STAGE:
        return ""
    return parse_quarter(slug)


def quarter_slug(quarter: Quarter | str) -> str:
    return str(quarter) or PLAN_STAGE


def plan_quarters(plan) -> list[Quarter]:
    """The quarters of a plan's policy period."""
    return quarters_of(list(plan.period.financial_years))


def ensure_plan_quarter(plan, quarter: Quarter | str) -> None:
    """Raise ValidationError unless ``quarter`` is blank (plan stage) or in the plan's period."""
    if quarter and parse_quarter(quarter) not in plan_quarters(plan):
        raise ValidationError(
            f"{quarter} is outside the {plan.period.code} policy period ({', '.join(plan.period.financial_years)})."
        )
