"""Action and milestone pages: the filterable, printable table, and the add and edit forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bettercare.accounts.access import require
from bettercare.delivery import actions as action_service
from bettercare.delivery.forms import ActionForm, NewActionForm
from bettercare.delivery.models import Action
from bettercare.plans.locking import StaleEdit

from .common import as_at, can, form_errors, plan_or_404, validation_errors

FIELDS = action_service.EDITABLE_FIELDS


@login_required
def action_list(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    day, date_error = as_at(request)
    actions = plan.actions.select_related("change", "scheme", "priority")
    rows = action_service.action_rows(actions, day)
    chosen = {name: request.GET.get(name, "") for name in ("change", "scheme", "priority", "flag")}
    status = request.GET.get("status")
    shown = action_service.filter_rows(rows, status=status if status not in (None, "*") else None, **chosen)
    return render(
        request,
        "delivery/actions.html",
        {
            "plan": plan,
            "rows": shown,
            "total": len(rows),
            "counts": action_service.flag_counts(rows),
            "as_at": day,
            "as_at_text": request.GET.get("as_at", ""),
            "date_error": date_error,
            "chosen": chosen,
            "status": status if status is not None else "*",
            "changes": sorted({a.change for a in actions if a.change}, key=lambda c: c.number),
            "schemes": sorted({a.scheme for a in actions if a.scheme}, key=lambda s: s.ref),
            "priorities": sorted({a.priority for a in actions if a.priority}, key=lambda p: p.code),
            "statuses": sorted({a.status for a in actions}),
            "flags": action_service.FLAGS,
            "can_edit": can(request, "edit", plan),
        },
    )


def _values(form) -> dict:
    return {name: form.cleaned_data.get(name) for name in FIELDS}


@login_required
def action_new(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id, "edit")
    form = NewActionForm(request.POST or None, plan=plan, initial={"version": 0})
    errors = []
    if request.method == "POST":
        if form.is_valid():
            try:
                action = action_service.create_action(request.user, plan, form.cleaned_data["ref"], _values(form))
            except ValidationError as error:
                errors = validation_errors(error, form)
            else:
                messages.success(request, f"Action {action.ref} added.")
                return redirect(reverse("delivery:actions", args=[plan.id]))
        else:
            errors = form_errors(form)
    return render(request, "delivery/action_form.html", {"plan": plan, "form": form, "errors": errors, "new": True})


@login_required
def action_edit(request, pk: int) -> HttpResponse:
    action = get_object_or_404(Action.objects.select_related("plan__area", "plan__period"), pk=pk)
    require(request.user, "edit", action)
    plan = action.plan
    initial = {name: getattr(action, name) for name in FIELDS} | {"version": action.version}
    form = ActionForm(request.POST or None, plan=plan, initial=initial)
    errors, stale, attempted = [], "", {}
    if request.method == "POST":
        if form.is_valid():
            try:
                action_service.update_action(request.user, action, form.cleaned_data["version"], _values(form))
            except StaleEdit as error:
                stale, attempted = error.message, error.pending["changes"]
                errors = [("#edit-form", error.message)]
                action.refresh_from_db()
                fresh = {name: getattr(action, name) for name in FIELDS} | {"version": action.version}
                form = ActionForm(plan=plan, initial=fresh)
            except ValidationError as error:
                errors = validation_errors(error, form)
            else:
                messages.success(request, f"Action {action.ref} saved.")
                return redirect(reverse("delivery:actions", args=[plan.id]))
        else:
            errors = form_errors(form)
    return render(
        request,
        "delivery/action_form.html",
        {"plan": plan, "form": form, "errors": errors, "stale": stale, "attempted": attempted, "item": action},
    )
