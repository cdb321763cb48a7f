"""Plan status changes. Rules: a draft is submitted only when the plan checks find no error that
an approver has not accepted (warnings do not block; ``findings`` explains and accepts them);
only an approver of the HWB approves a submitted plan.
Both freeze the plan (``Plan.is_frozen``)."""

from datetime import date

from django.db import transaction

from bettercare.accounts.access import require
from bettercare.plans.models import Plan

from .checks import Report, run_checks
from .editing import ensure_editable
from .findings import blocking_errors


class SubmissionRefused(Exception):
    """The plan checks found errors not accepted by an approver; ``report`` holds them."""

    def __init__(self, report: Report):
        self.report = report
        count = len(blocking_errors(report))
        super().__init__(
            f"The plan cannot be submitted: the checks found {count} error{'s' if count != 1 else ''} "
            "that an approver has not accepted."
        )


@transaction.atomic
def submit_plan(user, plan: Plan, on: date | None = None) -> Report:
    """Run the checks and, if every error found has an accepted explanation, mark the draft submitted
    (frozen)."""
    ensure_editable(user, plan)
    report = run_checks(plan)
    if blocking_errors(report):
        raise SubmissionRefused(report)
    plan.status = "submitted"
    plan.submitted_on = on or date.today()
    plan.save(update_fields=["status", "submitted_on"])
    return report


@transaction.atomic
def approve_plan(user, plan: Plan, on: date | None = None) -> None:
    """Approve a submitted plan (approvers only)."""
    require(user, "approve", plan)
    if plan.status != "submitted":
        raise ValueError(f"Only a submitted plan can be approved; this one is {plan.get_status_display().lower()}.")
    plan.status = "approved"
    plan.approved_on = on or date.today()
    plan.save(update_fields=["status", "approved_on"])
