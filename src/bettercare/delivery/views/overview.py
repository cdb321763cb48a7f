"""The delivery overview of a plan: HICM summary, action flags, top risks, conditions, returns."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from bettercare.delivery import actions as action_service
from bettercare.delivery import hicm as hicm_service
from bettercare.delivery import risks as risk_service
from bettercare.delivery.models import QuarterlyReturn

from .common import as_at, plan_or_404


@login_required
def plan_delivery(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    day, _ = as_at(request)
    model = hicm_service.model_for(plan)
    hicm_summary = None
    if model is not None:
        grid = hicm_service.assessments_by_quarter(plan)
        if grid:
            quarter, rows = list(grid.items())[-1]
            hicm_summary = (quarter, hicm_service.summary(model, list(rows.values())))
    rows = action_service.action_rows(plan.actions.select_related("change", "scheme", "priority"), day)
    return render(
        request,
        "delivery/plan.html",
        {
            "plan": plan,
            "model": model,
            "hicm_summary": hicm_summary,
            "action_total": len(rows),
            "action_counts": action_service.flag_counts(rows),
            "as_at": day,
            "risk_total": plan.risks.count(),
            "top_risks": [(r, risk_service.rating(r)) for r in risk_service.top_risks(plan, 5)],
            "returns": QuarterlyReturn.objects.filter(plan=plan).order_by("quarter", "revision"),
        },
    )
