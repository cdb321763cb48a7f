"""Pages that edit metric definitions and targets: an HWB's local metrics, and re-basing a target.
The writes happen in ``monitoring.local_metrics`` and ``monitoring.targets``."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bettercare.accounts.access import require
from bettercare.monitoring.forms import LocalMetricForm, RebaseForm
from bettercare.monitoring.local_metrics import add_local_metric
from bettercare.monitoring.targets import rebase_target
from bettercare.plans.models import MetricTarget
from bettercare.reference.models import Area, Metric


@login_required
def local_metric_new(request, gss_code: str):
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "edit", area)
    plan = area.plans.select_related("period").order_by("-period__code", "-version").first()
    if plan is None:
        raise PermissionDenied("This HWB has no plan to attach a local metric to.")
    form = LocalMetricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Metric.objects.filter(period=plan.period, code=data["code"]).exists():
            form.add_error("code", f"{data['code']} is already a metric of the {plan.period} period")
        else:
            add_local_metric(area, plan.period, form.cleaned_data)
            messages.success(request, f"Local metric {data['title']} added to {area}'s {plan.period} metrics.")
            return redirect("dashboard", gss_code=gss_code)
    return render(
        request,
        "bettercare/form_page.html",
        {
            "area": area,
            "form": form,
            "title": "Add a local metric",
            "intro": f"A local metric sits beside the national ones in {area}'s {plan.period} plan.",
            "submit": "Add local metric",
        },
    )


@login_required
def rebase(request, target_id: int):
    target = get_object_or_404(MetricTarget.objects.select_related("plan__area", "metric"), pk=target_id)
    require(request.user, "edit", target.plan)
    form = RebaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rebase_target(request.user, target, data["numerator"], data["value"], data["reason"], data["effective"])
        except PermissionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{target.metric.title}: target re-based; the previous figure is kept.")
            url = reverse("metric", args=[target.plan.area.gss_code, target.metric.code])
            return redirect(f"{url}?period={target.plan.period.financial_years[0]}")
    return render(
        request,
        "bettercare/form_page.html",
        {
            "area": target.plan.area,
            "form": form,
            "title": f"Re-base a target: {target.metric.title}",
            "intro": f"Current: {target.label or target.kind} {target.period}: count {target.numerator or '–'}, "
            f"value {target.value or '–'}. The current figure and your reason are kept in the history.",
            "submit": "Re-base target",
        },
    )
