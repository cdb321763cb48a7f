"""The plan editor: one page with the plan's totals and checks always visible, its contributions,
schemes (with their spend editable in place), metric ambitions, contingency lines and national
conditions; and the add / change / remove pages behind it. Every save goes through ``editing``,
which refuses frozen plans and users who may not edit."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import ProtectedError
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from bettercare.plans.models import ContingencyLine, Contribution, MetricTarget, Scheme

from ..editing import (
    PlanFrozen,
    StaleEdit,
    delete_row,
    ensure_editable,
    save_conditions,
    save_row,
    save_scheme,
    save_spend,
)
from ..forms import (
    ConditionsForm,
    ContingencyForm,
    ContributionForm,
    MetricTargetForm,
    SchemeForm,
    SpendForm,
    finance_versions,
    keep_after_stale,
    plan_years,
)
from .common import editor_url, get_plan, go_to, panels_context, refused

ROW_KINDS = {
    "contributions": {
        "model": Contribution,
        "form": ContributionForm,
        "noun": "contribution",
        "anchor": "income",
        "describe": lambda c: f"{c.organisation.name}, {c.stream.title}, {c.financial_year}",
    },
    "metrics": {
        "model": MetricTarget,
        "form": MetricTargetForm,
        "noun": "metric ambition",
        "anchor": "metrics",
        "describe": lambda t: f"{t.metric.title}: {t.get_kind_display()} {t.period}",
    },
    "contingency": {
        "model": ContingencyLine,
        "form": ContingencyForm,
        "noun": "contingency line",
        "anchor": "contingency",
        "describe": lambda c: f"{c.outcome} ({c.label or c.financial_year})",
    },
}


def _schemes(plan):
    return plan.schemes.select_related("locality", "funding_stream", "scheme_type").prefetch_related("finances")


def _spend_form(scheme, years, data=None):
    return SpendForm(data, scheme=scheme, years=years, auto_id=f"spend-{scheme.pk}-%s")


def _scheme_rows(plan, years, bound_spend=None) -> list[dict]:
    """Each scheme with its inline spend form (the bound one, with its errors, for the scheme just posted)."""
    rows = []
    for scheme in _schemes(plan):
        bound = bound_spend is not None and bound_spend.scheme.pk == scheme.pk
        rows.append({"scheme": scheme, "form": bound_spend if bound else _spend_form(scheme, years)})
    return rows


def _editor_context(request, plan, bound_spend=None):
    years = plan_years(plan)
    schemes = _scheme_rows(plan, years, bound_spend)
    return {
        **panels_context(plan, request.user),
        "years": years,
        "schemes": schemes,
        "contributions": plan.contributions.select_related("organisation", "stream", "locality").order_by(
            "financial_year", "organisation__name", "stream__id"
        ),
        "targets": plan.metric_targets.select_related("metric", "locality").order_by(
            "metric__id", "locality__name", "period_start"
        ),
        "contingency": plan.contingency_lines.select_related("locality", "metric").order_by("locality__name", "id"),
        "conditions": plan.condition_confirmations.filter(quarter="")
        .select_related("condition")
        .order_by("condition__number"),
        "may_edit": request.user.has_perm("bettercare.edit", plan),
        "section": "editor",
    }


@login_required
def editor(request, plan_id: int):
    plan = get_plan(request, plan_id)
    return render(request, "plans/editor.html", _editor_context(request, plan))


@login_required
@require_POST
def scheme_spend(request, plan_id: int, pk: int):
    """Save one scheme's spend from its row; with htmx, answer with the row and fresh totals and checks."""
    plan = get_plan(request, plan_id)
    scheme = get_object_or_404(Scheme.objects.prefetch_related("finances"), pk=pk, plan=plan)
    years = plan_years(plan)
    form = _spend_form(scheme, years, request.POST)
    stale = None
    if form.is_valid():
        try:
            save_spend(request.user, plan, scheme, form.values(), form.seen())
        except PlanFrozen as error:
            return refused(request, plan, error)
        except StaleEdit as error:
            stale = error
    if stale is not None:
        scheme = Scheme.objects.prefetch_related("finances").get(pk=scheme.pk)
        form = keep_after_stale(form, stale.message, seen_versions=finance_versions(scheme, ("spend",)))
    elif form.is_valid():
        note = f"Saved the spend of scheme {scheme.ref}."
        if not request.htmx:
            messages.success(request, note)
            return go_to(request, editor_url(plan, f"scheme-{scheme.pk}"))
        context = {
            **panels_context(plan, request.user),
            "schemes": _scheme_rows(plan, years),
            "years": years,
            "note": note,
            "oob": True,
        }
        return render(request, "plans/_spend_saved.html", context)
    if request.htmx:
        context = {
            **panels_context(plan, request.user),
            "schemes": _scheme_rows(plan, years, form),
            "years": years,
            "oob": True,
            "error_form": form,
        }
        return render(request, "plans/_spend_saved.html", context)  # htmx swaps 2xx answers only
    context = _editor_context(request, plan, bound_spend=form)
    context["error_form"] = form
    return render(request, "plans/editor.html", context, status=400)


@login_required
def row_edit(request, plan_id: int, kind: str, pk: int | None = None):
    """Add (no ``pk``) or change a contribution, metric ambition or contingency line."""
    if kind not in ROW_KINDS:
        raise Http404(f"No such part of a plan: {kind}")
    spec = ROW_KINDS[kind]
    plan = get_plan(request, plan_id)
    try:
        ensure_editable(request.user, plan)
    except PlanFrozen as error:
        return refused(request, plan, error)
    instance = get_object_or_404(spec["model"], pk=pk, plan=plan) if pk else spec["model"](plan=plan)
    form = spec["form"](request.POST or None, instance=instance, plan=plan)
    if request.method == "POST" and form.is_valid():
        row = form.save(commit=False)
        try:
            save_row(request.user, plan, row, seen_version=form.cleaned_data.get("seen_version"), noun=spec["noun"])
        except PlanFrozen as error:
            return refused(request, plan, error)
        except StaleEdit as error:
            current = spec["model"].objects.filter(pk=pk).first()
            form = keep_after_stale(form, error.message, seen_version=str(current.version if current else 0))
        else:
            messages.success(request, f"{'Changed' if pk else 'Added'} the {spec['noun']}: {spec['describe'](row)}.")
            return go_to(request, editor_url(plan, spec["anchor"]))
    return render(
        request,
        "plans/row_form.html",
        {
            "plan": plan,
            "form": form,
            "noun": spec["noun"],
            "adding": pk is None,
            "cancel_url": editor_url(plan, spec["anchor"]),
            "section": "editor",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def row_remove(request, plan_id: int, kind: str, pk: int):
    """Ask, then remove a contribution, metric ambition, contingency line or scheme."""
    if kind not in ROW_KINDS and kind != "schemes":
        raise Http404(f"No such part of a plan: {kind}")
    plan = get_plan(request, plan_id)
    try:
        ensure_editable(request.user, plan)
    except PlanFrozen as error:
        return refused(request, plan, error)
    if kind == "schemes":
        row, noun, anchor = get_object_or_404(Scheme, pk=pk, plan=plan), "scheme", "schemes"
        description = f"{row.ref} {row.name}"
    else:
        spec = ROW_KINDS[kind]
        row, noun, anchor = get_object_or_404(spec["model"], pk=pk, plan=plan), spec["noun"], spec["anchor"]
        description = spec["describe"](row)
    if request.method == "POST":
        try:
            delete_row(request.user, plan, row)
        except PlanFrozen as error:
            return refused(request, plan, error)
        except ProtectedError:
            messages.error(request, f"The {noun} {description} has finance monitoring lines: remove those first.")
            return go_to(request, editor_url(plan, anchor))
        messages.success(request, f"Removed the {noun}: {description}.")
        return go_to(request, editor_url(plan, anchor))
    return render(
        request,
        "plans/confirm_remove.html",
        {"plan": plan, "noun": noun, "description": description, "anchor": anchor, "section": "editor"},
    )


@login_required
def scheme_edit(request, plan_id: int, pk: int | None = None):
    """Add or change a scheme: every field, spend and benefits per year, impact on each metric."""
    plan = get_plan(request, plan_id)
    try:
        ensure_editable(request.user, plan)
    except PlanFrozen as error:
        return refused(request, plan, error)
    instance = get_object_or_404(Scheme, pk=pk, plan=plan) if pk else Scheme(plan=plan)
    form = SchemeForm(request.POST or None, instance=instance, plan=plan)
    if request.method == "POST" and form.is_valid():
        scheme = form.save(commit=False)
        try:
            save_scheme(
                request.user,
                plan,
                scheme,
                form.finance_values(),
                form.impact_values(),
                seen_version=form.cleaned_data.get("seen_version"),
                seen_finances=form.seen_finances(),
            )
        except PlanFrozen as error:
            return refused(request, plan, error)
        except StaleEdit as error:
            current = Scheme.objects.prefetch_related("finances").filter(pk=pk).first()
            form = keep_after_stale(
                form,
                error.message,
                seen_version=str(current.version if current else 0),
                seen_finances=finance_versions(current) if current else "",
            )
        else:
            messages.success(request, f"{'Changed' if pk else 'Added'} scheme {scheme.ref}.")
            return go_to(request, editor_url(plan, f"scheme-{scheme.pk}"))
    return render(
        request,
        "plans/scheme_form.html",
        {
            "plan": plan,
            "form": form,
            "adding": pk is None,
            "section": "editor",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def conditions_edit(request, plan_id: int):
    """Answer the period's national conditions (Yes / No / not yet) with narratives."""
    plan = get_plan(request, plan_id)
    try:
        ensure_editable(request.user, plan)
    except PlanFrozen as error:
        return refused(request, plan, error)
    form = ConditionsForm(request.POST or None, plan=plan)
    if request.method == "POST" and form.is_valid():
        answers = [
            {
                "condition": row["condition"],
                "confirmed": {"yes": True, "no": False}.get(form.cleaned_data[row["answer"]]),
                "narrative": form.cleaned_data[row["narrative"]],
            }
            for row in form.rows
        ]
        try:
            save_conditions(request.user, plan, answers)
        except PlanFrozen as error:
            return refused(request, plan, error)
        messages.success(request, "Saved the national conditions.")
        return go_to(request, editor_url(plan, "conditions"))
    return render(
        request,
        "plans/conditions_form.html",
        {"plan": plan, "form": form, "section": "editor"},
        status=400 if request.method == "POST" else 200,
    )
