"""Finance monitoring per quarter and the 2014-16 contingency / payment-for-performance page."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from bettercare.monitoring.models import FinanceLine

from ..editing import StaleEdit, save_monitoring_row
from ..finance import finance_summary
from ..forms import FinanceLineForm, keep_after_stale
from ..payment import QUARTERS, contingency_table, payment_for_performance
from .common import get_plan, go_to


@login_required
def finance_monitoring(request, plan_id: int):
    plan = get_plan(request, plan_id)
    return render(
        request,
        "plans/finance.html",
        {
            "plan": plan,
            "summary": finance_summary(plan),
            "section": "finance",
            "may_record": request.user.has_perm("bettercare.edit", plan),
        },
    )


@login_required
def finance_line(request, plan_id: int, pk: int | None = None):
    """Record or correct a quarter's finance-monitoring line (allowed after approval: monitoring)."""
    plan = get_plan(request, plan_id, "edit")
    instance = get_object_or_404(FinanceLine, pk=pk, plan=plan) if pk else FinanceLine(plan=plan)
    form = FinanceLineForm(request.POST or None, instance=instance, plan=plan)
    back = reverse("plans:finance", args=[plan.pk])
    if request.method == "POST" and form.is_valid():
        try:
            line = save_monitoring_row(
                request.user, plan, form.save(commit=False), seen_version=form.cleaned_data.get("seen_version")
            )
        except StaleEdit as error:
            current = FinanceLine.objects.filter(pk=pk).first()
            form = keep_after_stale(form, error.message, seen_version=str(current.version if current else 0))
        else:
            messages.success(request, f"{'Changed' if pk else 'Recorded'} the {line.quarter} finance monitoring line.")
            return go_to(request, back)
    return render(
        request,
        "plans/row_form.html",
        {
            "plan": plan,
            "form": form,
            "noun": "finance monitoring line",
            "adding": pk is None,
            "cancel_url": back,
            "section": "finance",
        },
        status=400 if request.method == "POST" else 200,
    )


def _number(request, name: str, errors: list, label: str) -> Decimal | None:
    text = (request.GET.get(name) or "").replace(",", "").replace("£", "").strip()
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0:
        errors.append((f"#id_{name}", f"Enter {label} as a number of 0 or more, like 1500"))
        return None
    return value


@login_required
def payment(request, plan_id: int):
    """The contingency table and the amount held back and released quarter by quarter. The cost
    per admission and the quarterly admissions can be entered to model the release (not saved)."""
    plan = get_plan(request, plan_id)
    errors: list[tuple[str, str]] = []
    cost = _number(request, "cost", errors, "the cost per emergency admission")
    result = payment_for_performance(plan)
    actuals = {}
    if result:
        for q in QUARTERS:
            actuals[f"{result['financial_year']}-{q}"] = _number(
                request, f"actual_{q}", errors, f"the {q} emergency admissions"
            )
        result = payment_for_performance(plan, cost_per_admission=cost, actuals=actuals)
    return render(
        request,
        "plans/payment.html",
        {
            "plan": plan,
            "table": contingency_table(plan),
            "result": result,
            "errors": errors,
            "entered": {
                "cost": request.GET.get("cost", ""),
                **{q: request.GET.get(f"actual_{q}", "") for q in QUARTERS},
            },
            "quarters": QUARTERS,
            "section": "payment",
        },
        status=400 if errors else 200,
    )
