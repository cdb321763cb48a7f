"""What may no longer change, so that nothing signed off changes underneath its signatories.

Rules:
- a national-condition confirmation or HICM self-assessment recorded at plan stage (quarter blank)
  is part of the plan: it cannot change once the plan is submitted, approved or assured;
- a quarter's confirmations and HICM self-assessments cannot change while that quarter's latest
  return is ready for sign-off, approved or submitted (return it to draft, or start a resubmission).
"""

from django.core.exceptions import ValidationError

from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import quarter_label
from bettercare.plans.models import Plan

from .models import QuarterlyReturn


def latest_return(plan: Plan, quarter: Quarter | str) -> QuarterlyReturn | None:
    """The latest revision of the HWB's return for ``quarter`` (None when not started)."""
    return QuarterlyReturn.objects.filter(area_id=plan.area_id, quarter=quarter).order_by("-revision").first()


def freeze_reason(plan: Plan, quarter: Quarter | str) -> str:
    """Why the plan's rows for ``quarter`` cannot change now; "" when they can."""
    if not quarter:
        if plan.is_frozen:
            return (
                f"The plan is {plan.get_status_display().lower()}: what it recorded at plan stage is part of "
                "the signed-off plan and cannot change."
            )
        return ""
    current = latest_return(plan, quarter)
    if current is None or current.status == "draft":
        return ""
    hint = "Start a resubmission to change it." if current.status == "submitted" else "Return it to draft first."
    return f"The {quarter_label(quarter)} return is {current.get_status_display().lower()}: {hint}"


def ensure_open(plan: Plan, quarter: Quarter | str) -> None:
    """Raise ValidationError when the plan's rows for ``quarter`` are frozen."""
    reason = freeze_reason(plan, quarter)
    if reason:
        raise ValidationError(reason)
