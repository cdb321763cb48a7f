"""National condition pages: the grid of confirmations by quarter, and the form for a quarter
(Yes or No per condition, a narrative required on No)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from bettercare.delivery import conditions as condition_service
from bettercare.delivery.forms import posted_answer, posted_int
from bettercare.delivery.freeze import freeze_reason
from bettercare.delivery.quarters import plan_quarters, quarter_from_slug
from bettercare.indicators.presentation import quarter_label
from bettercare.plans.locking import StaleEdit

from .common import can, plan_or_404, safe_next, validation_errors


@login_required
def condition_grid(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    grid = condition_service.grid(plan)
    return render(
        request,
        "delivery/conditions.html",
        {
            "plan": plan,
            "quarters": grid["quarters"],
            "rows": [(condition, [cells.get(q) for q in grid["quarters"]]) for condition, cells in grid["rows"]],
            "editable_quarters": [q.code for q in plan_quarters(plan)],
            "can_edit": can(request, "edit", plan),
        },
    )


@login_required
def condition_edit(request, plan_id: int, quarter: str) -> HttpResponse:
    plan = plan_or_404(request, plan_id, "edit")
    try:
        stored_quarter = quarter_from_slug(quarter)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    back = safe_next(request, reverse("delivery:conditions", args=[plan.id]))
    errors, stale, posted, attempted = [], "", {}, {}
    if request.method == "POST":
        rows = []
        for condition in condition_service.conditions_of(plan):
            if f"version-{condition.code}" not in request.POST:
                continue  # a row the form did not show is left alone
            row = {
                "condition": condition,
                "version": posted_int(request.POST, f"version-{condition.code}"),
                "confirmed": posted_answer(request.POST, f"confirmed-{condition.code}"),
                "narrative": (request.POST.get(f"narrative-{condition.code}") or "").strip(),
            }
            rows.append(row)
            posted[condition.id] = row
        try:
            condition_service.save_quarter(request.user, plan, stored_quarter, rows)
        except StaleEdit as error:
            stale = error.message
            errors = [("#conditions-form", error.message)]
            attempted = {  # what the user typed, shown beside the stored answers so it is not lost
                f"{row['condition'].number}. {row['condition'].title}": row["narrative"]
                for row in rows if row["narrative"]
            }
            posted = {}
        except ValidationError as error:
            errors = validation_errors(error)
        else:
            messages.success(request, f"National conditions for {quarter_label(stored_quarter)} saved.")
            return redirect(back)
    error_map = dict(errors)
    items = []
    for item in condition_service.answers(plan, stored_quarter):
        row = posted.get(item.condition.id)
        confirmation = item.confirmation
        confirmed = row["confirmed"] if row else getattr(confirmation, "confirmed", None)
        items.append({
            "condition": item.condition,
            "version": row["version"] if row else getattr(confirmation, "version", 0),
            "answer": {True: "yes", False: "no"}.get(confirmed, ""),
            "narrative": row["narrative"] if row else getattr(confirmation, "narrative", ""),
            "source": getattr(confirmation, "source", ""),
            "answer_error": error_map.get(f"#confirmed-{item.condition.code}"),
            "narrative_error": error_map.get(f"#narrative-{item.condition.code}"),
        })
    return render(
        request,
        "delivery/conditions_edit.html",
        {
            "plan": plan,
            "quarter": stored_quarter,
            "items": items,
            "errors": errors,
            "stale": stale,
            "attempted": attempted,
            "frozen": freeze_reason(plan, stored_quarter),
            "back": back,
        },
    )
