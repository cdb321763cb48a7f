"""HICM pages: the grid of maturity by change and quarter, one change's history with its chart,
and the self-assessment form for a quarter."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from bettercare.delivery import hicm as hicm_service
from bettercare.delivery.charts import maturity_svg
from bettercare.delivery.forms import posted_int
from bettercare.delivery.freeze import freeze_reason
from bettercare.delivery.models import HicmAssessment
from bettercare.delivery.quarters import plan_quarters, quarter_from_slug, quarter_slug
from bettercare.delivery.rules import hicm_ratings
from bettercare.indicators.presentation import quarter_label
from bettercare.plans.locking import StaleEdit

from .common import can, plan_or_404, safe_next, validation_errors


def _model_or_404(plan):
    model = hicm_service.model_for(plan)
    if model is None:
        raise Http404(f"The {plan.period.code} policy period has no High Impact Change Model.")
    return model


@login_required
def hicm_grid(request, plan_id: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    model = _model_or_404(plan)
    grid = hicm_service.assessments_by_quarter(plan)
    changes = list(model.changes.order_by("number"))
    rows = []
    for change in changes:
        cells = []
        for quarter, found in grid.items():
            a = found.get(change.number)
            cells.append({
                "quarter": quarter,
                "maturity": hicm_service.level_title(model, a.maturity) if a else "",
                "planned": hicm_service.level_title(model, a.planned_maturity) if a else "",
                "rag": a.rag if a else "",
                "assessed": a is not None,
            })
        latest = next((found[change.number] for found in reversed(grid.values()) if change.number in found), None)
        rows.append({"change": change, "cells": cells, "latest": latest})
    summaries = [(q, hicm_service.summary(model, list(found.values()))) for q, found in grid.items()]
    return render(
        request,
        "delivery/hicm.html",
        {
            "plan": plan,
            "model": model,
            "quarters": list(grid.keys()),
            "rows": rows,
            "summaries": summaries,
            "levels": hicm_service.levels(model),
            "editable_quarters": [quarter_slug("")] + [q.code for q in plan_quarters(plan)],
            "can_edit": can(request, "edit", plan),
        },
    )


@login_required
def hicm_change(request, plan_id: int, number: int) -> HttpResponse:
    plan = plan_or_404(request, plan_id)
    model = _model_or_404(plan)
    change = get_object_or_404(model.changes, number=number)
    history = hicm_service.change_history(plan, change)
    title = f"Change {change.number}: {change.title} - maturity by quarter"
    svg = maturity_svg(model, history, title)
    rows = [
        {
            "assessment": a,
            "maturity": hicm_service.level_title(model, a.maturity),
            "planned": hicm_service.level_title(model, a.planned_maturity),
        }
        for a in history
    ]
    described = "; ".join(f"{quarter_label(r['assessment'].quarter)}: {r['maturity'] or 'not rated'}" for r in rows)
    return render(
        request,
        "delivery/hicm_change.html",
        {
            "plan": plan,
            "model": model,
            "change": change,
            "rows": rows,
            "chart": mark_safe(svg) if svg else None,  # SVG built by vl-convert from catalogue level names
            "chart_alt": f"Line chart of the maturity of change {change.number} by quarter. {described}.",
        },
    )


@login_required
def hicm_edit(request, plan_id: int, quarter: str) -> HttpResponse:
    plan = plan_or_404(request, plan_id, "edit")
    model = _model_or_404(plan)
    try:
        stored_quarter = quarter_from_slug(quarter)
    except ValidationError as error:
        raise Http404(" ".join(error.messages)) from None
    back = safe_next(request, reverse("delivery:hicm", args=[plan.id]))
    changes = list(model.changes.order_by("number"))
    errors, stale, attempted = [], "", {}
    values = {}
    if request.method == "POST":
        rows = []
        for change in changes:
            if f"version-{change.number}" not in request.POST:
                continue  # a row the form did not show is left alone
            row = {
                "change": change,
                "version": posted_int(request.POST, f"version-{change.number}"),
                "maturity": request.POST.get(f"maturity-{change.number}", ""),
                "planned_maturity": request.POST.get(f"planned_maturity-{change.number}", ""),
                "rag": request.POST.get(f"rag-{change.number}", ""),
                "narrative": (request.POST.get(f"narrative-{change.number}") or "").strip(),
            }
            rows.append(row)
            values[change.number] = row
        try:
            hicm_service.save_quarter(request.user, plan, stored_quarter, rows)
        except StaleEdit as error:
            stale = error.message
            errors = [("#hicm-form", error.message)]
            attempted = {  # what the user typed, shown beside the stored assessment so it is not lost
                f"{row['change'].number}. {row['change'].title}": row["narrative"] for row in rows if row["narrative"]
            }
            values = {}  # show what is stored now; the refused attempt is kept in history
        except ValidationError as error:
            errors = validation_errors(error)
        else:
            messages.success(request, f"HICM self-assessment for {quarter_label(stored_quarter)} saved.")
            return redirect(back)
    existing = {a.change_id: a for a in HicmAssessment.objects.filter(plan=plan, quarter=stored_quarter)}
    forms = []
    for change in changes:
        a = existing.get(change.id)
        posted = values.get(change.number)
        forms.append({
            "change": change,
            "version": posted["version"] if posted else (a.version if a else 0),
            "maturity": posted["maturity"] if posted else getattr(a, "maturity", ""),
            "planned_maturity": posted["planned_maturity"] if posted else getattr(a, "planned_maturity", ""),
            "rag": posted["rag"] if posted else getattr(a, "rag", ""),
            "rag_error": dict(errors).get(f"#rag-{change.number}"),
            "narrative": posted["narrative"] if posted else getattr(a, "narrative", ""),
            "source": getattr(a, "source", ""),
            "maturity_error": dict(errors).get(f"#maturity-{change.number}"),
            "planned_error": dict(errors).get(f"#planned_maturity-{change.number}"),
        })
    return render(
        request,
        "delivery/hicm_edit.html",
        {
            "plan": plan,
            "model": model,
            "quarter": stored_quarter,
            "forms": forms,
            "levels": hicm_service.levels(model),
            "ratings": hicm_ratings(),
            "errors": errors,
            "stale": stale,
            "attempted": attempted,
            "frozen": freeze_reason(plan, stored_quarter),
            "back": back,
        },
    )
