"""The national team's assurance page for a plan version (the outcome shows on the plan's page)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render

from bettercare.planbook.assurance import assurance_form, record_assurance
from bettercare.plans.models import Plan


@login_required
def assurance(request, plan_id: int):
    """Rules: national team only, checked in the service before the form is read."""
    plan = get_object_or_404(Plan.objects.select_related("area", "period"), pk=plan_id)
    if request.method == "POST":
        saved, form = record_assurance(request.user, plan, request.POST)
        if saved is not None:
            messages.success(request, f"Assurance outcome recorded: {saved.get_outcome_display()}.")
            return redirect("plan", plan_id=plan.pk)
    else:
        form = assurance_form(request.user, plan)
    return render(request, "bettercare/form_page.html", {
        "area": plan.area,
        "form": form,
        "title": f"Assurance of {plan.area.name}'s {plan.period.code} plan, version {plan.version}",
        "intro": "Record the national team's outcome for this version. The HWB sees it on the plan's page; "
        "a change keeps the earlier outcome in the history.",
        "submit": "Save assurance outcome",
    })
