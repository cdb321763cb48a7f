"""Helpers shared by the plan pages: look a plan up behind its permission check, and answer a
refused edit of a frozen plan with a message that offers a new version."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from bettercare.accounts.access import require
from bettercare.plans.models import Plan
from bettercare.plans.totals import plan_totals

from ..checks import run_checks


def get_plan(request, plan_id: int, action: str = "view") -> Plan:
    """The plan, if the signed-in user may ``action`` it (else PermissionDenied -> 403)."""
    plan = get_object_or_404(Plan.objects.select_related("area", "period", "based_on"), pk=plan_id)
    require(request.user, action, plan)
    return plan


def editor_url(plan: Plan, anchor: str = "") -> str:
    return reverse("plans:editor", args=[plan.pk]) + (f"#{anchor}" if anchor else "")


def go_to(request, url: str):
    """A redirect that also works for htmx requests (a full-page client redirect)."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return redirect(url)


def refused(request, plan: Plan, error: Exception):
    """The edit was refused because the plan is frozen: say so on the editor, which offers a new version."""
    messages.error(request, str(error))
    return go_to(request, editor_url(plan))


def panels_context(plan: Plan, user) -> dict:
    """Totals and check results shown beside every edit."""
    return {
        "plan": plan,
        "totals": plan_totals(plan),
        "report": run_checks(plan),
        "can_edit": user.has_perm("bettercare.edit", plan) and not plan.is_frozen,
    }
