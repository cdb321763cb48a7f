"""Explaining and accepting plan-check findings. Rules: an editor of the HWB records why a finding
stands (e.g. a slip in the source document that the signed plan kept); an approver of the HWB accepts
an explanation, giving a reason; with separation of duties on (setting ``SEPARATION_OF_DUTIES``,
default on) the person who explained a finding cannot accept it. Changing an explanation withdraws
its acceptance. An accepted error no longer blocks submission; every accepted finding stays listed
with the plan (checks page, return workbook). Only a draft's findings can be explained or accepted:
a submitted plan keeps what was accepted when it was submitted."""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.plans.models import FindingResponse, Plan

from .checks import Report
from .checks.registry import Finding
from .editing import ensure_editable


@dataclass(frozen=True)
class ReviewedFinding:
    """A finding of the current check run with its explanation (if any)."""

    finding: Finding
    response: FindingResponse | None

    @property
    def key(self) -> str:
        return self.finding.key

    @property
    def is_accepted(self) -> bool:
        return self.response is not None and self.response.is_accepted

    @property
    def blocks_submission(self) -> bool:
        return self.finding.severity == "error" and not self.is_accepted


def responses(plan: Plan) -> dict[str, FindingResponse]:
    """The plan's explanations by finding key."""
    return {r.key: r for r in FindingResponse.objects.filter(plan=plan).select_related("explained_by", "accepted_by")}


def review(report: Report) -> list[ReviewedFinding]:
    """Each finding of a check run beside its explanation and acceptance."""
    known = responses(report.plan)
    return [ReviewedFinding(finding, known.get(finding.key)) for finding in report.findings]


def blocking_errors(report: Report) -> list[Finding]:
    """The errors that stop submission: those not accepted by an approver."""
    return [reviewed.finding for reviewed in review(report) if reviewed.blocks_submission]


def accepted(plan: Plan) -> list[FindingResponse]:
    """The plan's accepted findings (for the submitted plan and the return workbook)."""
    return [r for r in responses(plan).values() if r.is_accepted]


def _chosen(report: Report, keys: list[str]) -> list[Finding]:
    by_key = {finding.key: finding for finding in report.findings}
    missing = [key for key in keys if key not in by_key]
    if not keys:
        raise ValidationError({"finding": "Choose at least one finding."})
    if missing:
        raise ValidationError(
            {"finding": "A chosen finding is no longer found by the checks; run the checks again and choose again."}
        )
    return [by_key[key] for key in keys]


@transaction.atomic
def explain(user, report: Report, keys: list[str], explanation: str) -> list[FindingResponse]:
    """Record ``explanation`` (required) on each chosen finding of a draft (editors); a changed
    explanation withdraws an earlier acceptance."""
    plan = report.plan
    ensure_editable(user, plan)
    explanation = (explanation or "").strip()
    errors = {}
    if not explanation:
        errors["explanation"] = "Enter an explanation of the chosen findings."
    try:
        findings = _chosen(report, keys)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    saved, now = [], timezone.now()
    for finding in findings:
        response = FindingResponse.objects.filter(plan=plan, key=finding.key).first() or FindingResponse(
            plan=plan, key=finding.key
        )
        if response.pk and response.explanation == explanation:
            saved.append(response)
            continue
        response.rule, response.location, response.message = finding.rule, finding.location[:300], finding.message
        response.explanation, response.explained_by, response.explained_at = explanation, user, now
        response.accepted_by = response.accepted_at = None
        response.acceptance_reason = ""
        response._history_user = user
        response.save()
        saved.append(response)
    return saved


@transaction.atomic
def accept(user, report: Report, keys: list[str], reason: str) -> list[FindingResponse]:
    """Accept the explanations of the chosen findings of a draft (approvers), with a reason."""
    plan = report.plan
    require(user, "approve", plan)
    if plan.status != "draft":
        raise ValidationError(
            f"Version {plan.version} is {plan.get_status_display().lower()}: its findings were settled when it "
            "was submitted."
        )
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = "Enter why the explanations are accepted."
    try:
        findings = _chosen(report, keys)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    known = responses(plan)
    unexplained = [f for f in findings if f.key not in known]
    if unexplained:
        raise ValidationError(
            {"finding": f"{unexplained[0].rule} at {unexplained[0].location} has no explanation yet; an editor "
             "explains a finding before it can be accepted."}
        )
    if settings.SEPARATION_OF_DUTIES:
        own = [f for f in findings if known[f.key].explained_by_id == user.pk]
        if own:
            raise PermissionDenied(
                f"You explained {own[0].rule} at {own[0].location}, so another approver must accept it "
                "(separation of duties)."
            )
    now = timezone.now()
    for finding in findings:
        response = known[finding.key]
        response.accepted_by, response.accepted_at, response.acceptance_reason = user, now, reason
        response._history_user = user
        response.save()
    return [known[f.key] for f in findings]
