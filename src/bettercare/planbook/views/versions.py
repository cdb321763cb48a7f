"""Plan checks, status changes and versions: run the checks, submit (refused while a check finds an
error), approve, copy a frozen plan to a new version, and compare any two versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bettercare.plans.models import Plan

from ..checks import run_checks
from ..editing import PlanFrozen
from ..versions import compare, create_new_version
from ..workflow import SubmissionRefused, approve_plan, submit_plan
from .common import editor_url, get_plan, go_to, refused


@login_required
def checks(request, plan_id: int):
    plan = get_plan(request, plan_id)
    report = run_checks(plan)
    return render(
        request,
        "plans/checks.html",
        {
            "plan": plan,
            "report": report,
            "section": "checks",
            "may_submit": request.user.has_perm("bettercare.edit", plan) and plan.status == "draft",
            "may_approve": request.user.has_perm("bettercare.approve", plan) and plan.status == "submitted",
        },
    )


@login_required
@require_POST
def submit(request, plan_id: int):
    plan = get_plan(request, plan_id)
    try:
        report = submit_plan(request.user, plan)
    except PlanFrozen as error:
        return refused(request, plan, error)
    except SubmissionRefused as error:
        messages.error(request, f"{error} Correct them, then submit again.")
        return go_to(request, reverse("plans:checks", args=[plan.pk]))
    warnings = len(report.warnings)
    messages.success(
        request,
        f"Version {plan.version} is submitted and can no longer be changed"
        + (f" ({warnings} warning{'s' if warnings != 1 else ''} noted)." if warnings else "."),
    )
    return go_to(request, editor_url(plan))


@login_required
@require_POST
def approve(request, plan_id: int):
    plan = get_plan(request, plan_id)
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
