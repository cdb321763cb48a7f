"""History pages: who changed what and when, and refused stale saves, per risk, action or return."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from bettercare.accounts.access import require
from bettercare.delivery.history import history_entries
from bettercare.delivery.models import Action, QuarterlyReturn, Risk
from bettercare.delivery.workflow import describe


def _render(request, obj, title: str, back: str, plan, entries=None) -> HttpResponse:
    require(request.user, "view", obj)
    return render(
        request,
        "delivery/history.html",
        {"object": obj, "title": title, "back": back, "plan": plan,
         "entries": entries if entries is not None else history_entries(obj)},
    )


@login_required
def risk_history(request, pk: int) -> HttpResponse:
    risk = get_object_or_404(Risk.objects.select_related("plan__area", "plan__period"), pk=pk)
    return _render(request, risk, f"Risk {risk.ref}", reverse("delivery:risk", args=[risk.id]), risk.plan)


@login_required
def action_history(request, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("plan__area", "plan__period"), pk=pk)
    return _render(request, action, f"Action {action.ref}", reverse("delivery:actions", args=[action.plan_id]),
                   action.plan)


@login_required
def return_history(request, pk: int) -> HttpResponse:
    ret = get_object_or_404(QuarterlyReturn.objects.select_related("area", "plan__period"), pk=pk)
    require(request.user, "view", ret)
    entries = history_entries(ret, "Return")
    for row in ret.metric_statuses.select_related("metric"):
        entries += history_entries(row, f"Status of {row.metric.title}")
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return _render(request, ret, describe(ret), reverse("delivery:return", args=[ret.id]), ret.plan, entries)
