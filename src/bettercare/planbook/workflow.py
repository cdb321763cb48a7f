"""Plan status changes. Rules: a draft is submitted only when the plan checks find no error
(warnings are shown but do not block); only an approver of the HWB approves a submitted plan.
Both freeze the plan (``Plan.is_frozen``)."""

from datetime import date

from django.db import transaction

from bettercare.accounts.access import require
from bettercare.plans.models import Plan

from .checks import Report, run_checks
from .editing import ensure_editable


class SubmissionRefused(Exception):
    """The plan checks found errors; ``report`` holds them."""

    def __init__(self, report: Report):
        self.report = report
        count = len(report.errors)
        super().__init__(f"The plan cannot be submitted: the checks found {count} error{'s' if count != 1 else ''}.")


@transaction.atomic
def submit_plan(user, plan: Plan, on: date | None = None) -> Report:
    """Run the checks and, if none is an error, mark the draft submitted (frozen)."""
    ensure_editable(user, plan)
    report = run_checks(plan)
    if report.errors:
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
