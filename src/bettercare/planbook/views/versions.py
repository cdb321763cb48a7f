"""Plan checks, status changes and versions: run the checks, explain and accept findings, submit
(refused while an error is not accepted) and approve after a confirmation page, copy a frozen plan to
a new version, and compare any two versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bettercare.plans.models import Plan

from .. import findings as finding_service
from ..checks import run_checks
from ..editing import PlanFrozen
from ..versions import compare, create_new_version
from ..workflow import SubmissionRefused, approve_plan, submit_plan
from .common import editor_url, get_plan, go_to, refused


def _checks_context(request, plan: Plan, errors: list | None = None, posted=None) -> dict:
    report = run_checks(plan)
    reviewed = finding_service.review(report)
    draft = plan.status == "draft"
    may_explain = request.user.has_perm("bettercare.edit", plan) and draft
    may_accept = request.user.has_perm("bettercare.approve", plan) and draft
    return {
        "plan": plan,
        "report": report,
        "reviewed": reviewed,
        "blocking": [r for r in reviewed if r.blocks_submission],
        "accepted": finding_service.accepted(plan),
        "section": "checks",
        "may_explain": may_explain,
        "may_accept": may_accept,
        "may_choose": may_explain or may_accept,
        "may_submit": request.user.has_perm("bettercare.edit", plan) and draft,
        "may_approve": request.user.has_perm("bettercare.approve", plan) and plan.status == "submitted",
        "errors": errors or [],
        "posted": posted or {},
        "chosen": set(posted.getlist("finding")) if posted else set(),
    }


@login_required
def checks(request, plan_id: int):
    plan = get_plan(request, plan_id)
    return render(request, "plans/checks.html", _checks_context(request, plan))


FINDING_FIELDS = {"finding": "findings", "explanation": "explanation", "reason": "acceptance-reason"}


@login_required
@require_POST
def findings(request, plan_id: int):
    """Explain the chosen findings (editors) or accept their explanations (approvers)."""
    plan = get_plan(request, plan_id)
    keys = request.POST.getlist("finding")
    try:
        if request.POST.get("action") == "accept":
            done = finding_service.accept(request.user, run_checks(plan), keys, request.POST.get("reason", ""))
            verb = "accepted"
        else:
            explanation = request.POST.get("explanation", "")
            done = finding_service.explain(request.user, run_checks(plan), keys, explanation)
            verb = "explained"
    except PlanFrozen as error:
        return refused(request, plan, error)
    except ValidationError as error:
        problems = [
            ("#" + FINDING_FIELDS.get(name, "findings"), message)
            for name, messages_ in error.message_dict.items()
            for message in messages_
        ]
        return render(request, "plans/checks.html", _checks_context(request, plan, problems, request.POST))
    except PermissionDenied as error:
        context = _checks_context(request, plan, [("#findings", str(error))], request.POST)
        return render(request, "plans/checks.html", context, status=403)
    messages.success(request, f"{len(done)} finding{'s' if len(done) != 1 else ''} {verb}.")
    return go_to(request, reverse("plans:checks", args=[plan.pk]) + "#findings")


@login_required
def submit(request, plan_id: int):
    """GET: what submitting will do (a confirmation page); POST: submit."""
    plan = get_plan(request, plan_id)
    if request.method != "POST":
        context = _checks_context(request, plan)
        if not context["may_submit"]:
            raise PermissionDenied(f"Only editors of {plan.area.name} can submit a draft of its plan.")
        return render(request, "plans/confirm.html", context | {"step": "submit"})
    try:
        report = submit_plan(request.user, plan)
    except PlanFrozen as error:
        return refused(request, plan, error)
    except SubmissionRefused as error:
        messages.error(request, f"{error} Correct them, or explain them for an approver to accept; then submit again.")
        return go_to(request, reverse("plans:checks", args=[plan.pk]))
    warnings = len(report.warnings)
    accepted = len(finding_service.accepted(plan))
    messages.success(
        request,
        f"Version {plan.version} is submitted and can no longer be changed"
        + (f" ({warnings} warning{'s' if warnings != 1 else ''} noted)" if warnings else "")
        + (f"; {accepted} accepted finding{'s are' if accepted != 1 else ' is'} listed with it." if accepted else "."),
    )
    return go_to(request, editor_url(plan))


@login_required
def approve(request, plan_id: int):
    """GET: what approving will do (a confirmation page); POST: approve."""
    plan = get_plan(request, plan_id)
    if request.method != "POST":
        context = _checks_context(request, plan)
        if not context["may_approve"]:
            raise PermissionDenied(f"Only approvers of {plan.area.name} can approve a submitted plan.")
        return render(request, "plans/confirm.html", context | {"step": "approve"})
    try:
        approve_plan(request.user, plan)
    except ValueError as error:
        messages.error(request, str(error))
        return go_to(request, reverse("plans:checks", args=[plan.pk]))
    messages.success(request, f"Version {plan.version} is approved.")
    return go_to(request, editor_url(plan))


@login_required
@require_POST
def new_version(request, plan_id: int):
    """Copy the plan and all its rows to the next version, as a draft, and open its editor."""
    plan = get_plan(request, plan_id)
    if not request.user.has_perm("bettercare.edit", plan):
        raise PermissionDenied(f"Only editors of {plan.area.name} can create a new version of its plan.")
    copy = create_new_version(request.user, plan)
    messages.success(
        request,
        f"Created version {copy.version} as a draft, copied from version {plan.version}. "
        "Sign-off is not copied: the new version needs its own.",
    )
    return go_to(request, editor_url(copy))


@login_required
def versions(request, plan_id: int):
    plan = get_plan(request, plan_id)
    siblings = Plan.objects.filter(area=plan.area, period=plan.period).order_by("version")
    return render(
        request,
        "plans/versions.html",
        {
            "plan": plan,
            "versions": siblings,
            "section": "versions",
            "may_roll_forward": request.user.has_perm("bettercare.edit", plan),
        },
    )


@login_required
def compare_versions(request, plan_id: int, other_id: int | None = None):
    """What changed between two versions (``?old=&new=`` from the versions page, or the URL)."""
    plan = get_plan(request, plan_id)
    siblings = Plan.objects.filter(area=plan.area, period=plan.period)
    old_id = request.GET.get("old") or plan.pk
    new_id = request.GET.get("new") or other_id
    try:
        old = get_object_or_404(siblings, pk=int(old_id))
        new = get_object_or_404(siblings, pk=int(new_id)) if new_id else None
    except (TypeError, ValueError):
        old, new = plan, None
    if new is None:
        messages.error(request, "Choose two versions to compare.")
        return go_to(request, reverse("plans:versions", args=[plan.pk]))
    return render(
        request,
        "plans/compare.html",
        {"plan": plan, "diff": compare(old, new), "versions": siblings.order_by("version"), "section": "versions"},
    )
