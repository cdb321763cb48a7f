"""Risk register pages: register with heat map and top risks, one risk with its score history,
and the add and edit forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.delivery import risks as risk_service
from bettercare.delivery.forms import NewRiskForm, RiskForm
from bettercare.delivery.models import Risk
from bettercare.plans.locking import StaleEdit

from .common import can, form_errors, plan_or_404, validation_errors

FIELDS = risk_service.EDITABLE_FIELDS
PLAN_LEVEL = "plan"


@login_required
def risk_register(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    scheme = request.GET.get("scheme", "")
    risks = plan.risks.select_related("scheme")
    if scheme == PLAN_LEVEL:
        risks = risks.filter(scheme=None)
    elif scheme:
        risks = risks.filter(scheme__ref=scheme)
    risks = list(risks)
    return render(
        request,
        "delivery/risks.html",
        {
            "plan": plan,
            "rows": [(r, risk_service.rating(r)) for r in risks],
            "heat": risk_service.heat_map(risks),
            "top": [(r, risk_service.rating(r)) for r in risk_service.top_risks(plan, 5)],
            "schemes": plan.schemes.filter(risk__isnull=False).distinct().order_by("ref"),
            "scheme": scheme,
            "plan_level": PLAN_LEVEL,
            "today": timezone.localdate(),
            "can_edit": can(request, "edit", plan),
        },
    )


def _risk_or_404(request, pk: int, action: str) -> Risk:
    risk = get_object_or_404(Risk.objects.select_related("plan__area", "plan__period", "scheme"), pk=pk)
    require(request.user, action, risk)
    return risk


@login_required
def risk_detail(request, pk: int) -> HttpResponse:
    risk = _risk_or_404(request, pk, "view")
    return render(
        request,
        "delivery/risk.html",
        {
            "plan": risk.plan,
            "risk": risk,
            "band": risk_service.rating(risk),
            "reviews": risk_service.score_history(risk),
            "can_edit": can(request, "edit", risk),
        },
    )


def _values(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in FIELDS}


@login_required
def risk_new(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, "edit")
    form = NewRiskForm(request.POST or None, plan=plan, initial={"version": 0})
    errors = []
    if request.method == "POST":
        if form.is_valid():
            try:
                risk = risk_service.create_risk(request.user, plan, form.cleaned_data["ref"], _values(form))
            except ValidationError as error:
                errors = validation_errors(error, form)
            else:
                messages.success(request, f"Risk {risk.ref} added.")
                return redirect(reverse("delivery:risk", args=[risk.id]))
        else:
            errors = form_errors(form)
    return render(request, "delivery/risk_form.html", {"plan": plan, "form": form, "errors": errors, "new": True})


@login_required
def risk_edit(request, pk: int) -> HttpResponse:
    risk = _risk_or_404(request, pk, "edit")
    initial = {name: getattr(risk, name) for name in FIELDS} | {"version": risk.version}
    form = RiskForm(request.POST or None, plan=risk.plan, initial=initial)
    errors, stale, attempted = [], "", {}
    if request.method == "POST":
        if form.is_valid():
            try:
                risk_service.update_risk(request.user, risk, form.cleaned_data["version"], _values(form))
            except StaleEdit as error:
                stale, attempted = error.message, error.pending["changes"]
                errors = [("#edit-form", error.message)]
                risk.refresh_from_db()
                fresh = {name: getattr(risk, name) for name in FIELDS} | {"version": risk.version}
                form = RiskForm(plan=risk.plan, initial=fresh)
            except ValidationError as error:
                errors = validation_errors(error, form)
            else:
                messages.success(request, f"Risk {risk.ref} saved.")
                return redirect(reverse("delivery:risk", args=[risk.id]))
        else:
            errors = form_errors(form)
    return render(
        request,
        "delivery/risk_form.html",
        {"plan": risk.plan, "form": form, "errors": errors, "stale": stale, "attempted": attempted, "item": risk},
    )
