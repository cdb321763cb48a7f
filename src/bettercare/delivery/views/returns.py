"""Quarterly return pages: the HWB's returns and starting one, a return (figures, what is missing,
workflow buttons), its narrative and metric-status forms, and resubmission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from bettercare.accounts.access import require
from bettercare.delivery import workflow
from bettercare.delivery.assembly import assemble, changed_sections
from bettercare.delivery.forms import NarrativeForm, ResubmitForm, posted_int
from bettercare.delivery.models import QuarterlyReturn
from bettercare.delivery.quarters import quarter_slug, quarters_of
from bettercare.delivery.rules import metric_statuses
from bettercare.plans.locking import StaleEdit
from bettercare.reference.models import Area

from .common import can, form_errors, validation_errors

SECTION_TITLES = {
    "national_conditions": "National conditions",
    "metrics": "Metrics",
    "hicm": "High Impact Change Model",
    "finance": "Income and expenditure",
    "narrative": "Narrative",
}


def _return_or_404(request, pk: int, action: str = "view") -> QuarterlyReturn:
    ret = get_object_or_404(QuarterlyReturn.objects.select_related("area", "plan__period", "plan__area"), pk=pk)
    require(request.user, action, ret)
    return ret


def _open_quarters(area: Area) -> list[str]:
    years = sorted({year for plan in area.plans.select_related("period") for year in plan.period.financial_years})
    started = set(QuarterlyReturn.objects.filter(area=area).values_list("quarter", flat=True))
    return [q.code for q in quarters_of(years) if q not in started]


@login_required
def return_list(request, gss_code: str) -> HttpResponse:
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    errors = []
    if request.method == "POST":
        try:
            ret = workflow.start_return(request.user, area, request.POST.get("quarter", ""))
        except ValidationError as error:
            errors = [("#quarter", message) for message in error.messages]
        else:
            messages.success(request, f"Return for {ret.quarter} started.")
            return redirect(reverse("delivery:return", args=[ret.id]))
    return render(
        request,
        "delivery/returns.html",
        {
            "area": area,
            "returns": QuarterlyReturn.objects.filter(area=area).select_related("plan__period").order_by(
                "-quarter", "-revision"
            ),
            "open_quarters": _open_quarters(area),
            "can_edit": can(request, "edit", area),
            "errors": errors,
        },
    )


def _detail_context(request, ret: QuarterlyReturn) -> dict:
    frozen = ret.snapshot is not None and ret.status in ("approved", "submitted")
    figures = ret.snapshot if frozen else assemble(ret)
    changed = []
    if ret.status == "approved":
        changed = [SECTION_TITLES[name] for name in changed_sections(ret.snapshot, assemble(ret))]
    return {
        "ret": ret,
        "plan": ret.plan,
        "figures": figures,
        "frozen": frozen,
        "problems": [(section_anchor(name), message) for name, message in workflow.readiness_problems(ret).items()]
        if ret.status == "draft" else [],
        "changed": changed,
        "actions": workflow.allowed_actions(request.user, ret),
        "duty_note": workflow.SEPARATION_MESSAGE
        if ret.status == "ready" and can(request, "approve", ret) and workflow.prepared_by(request.user, ret)
        else "",
        "editable": workflow.can_edit_sections(request.user, ret),
        "latest": workflow.is_latest(ret),
        "can_resubmit": ret.status == "submitted" and workflow.is_latest(ret) and can(request, "edit", ret),
        "revisions": QuarterlyReturn.objects.filter(area=ret.area, quarter=ret.quarter).order_by("revision"),
        "quarter_slug": quarter_slug(ret.quarter),
        "section_titles": SECTION_TITLES,
    }


@login_required
def return_detail(request, pk: int) -> HttpResponse:
    ret = _return_or_404(request, pk)
    return render(request, "delivery/return.html", _detail_context(request, ret))


@login_required
def return_transition(request, pk: int) -> HttpResponse:
    ret = _return_or_404(request, pk)
    if request.method != "POST":
        return redirect(reverse("delivery:return", args=[ret.id]))
    action = request.POST.get("action", "")
    step = workflow.TRANSITIONS.get(action)
    confirmable = step in workflow.allowed_actions(request.user, ret)  # else the workflow says why not
    if confirmable and step.needs_confirmation and request.POST.get("confirmed") != "yes":
        return render(
            request,
            "delivery/return_confirm.html",
            {"ret": ret, "step": step, "version": posted_int(request.POST, "version") or ret.version},
        )
    try:
        moved = workflow.transition(request.user, ret, action, posted_int(request.POST, "version") or None)
    except PermissionDenied as error:
        context = _detail_context(request, ret) | {"errors": [("#workflow", str(error))]}
        return render(request, "delivery/return.html", context, status=403)
    except ValidationError as error:
        errors = [(section_anchor(name), message) for name, message in _flatten(error)]
        return render(request, "delivery/return.html", _detail_context(request, ret) | {"errors": errors})
    messages.success(request, f"The return is now {moved.get_status_display().lower()}.")
    return redirect(reverse("delivery:return", args=[moved.id]))


def section_anchor(problem: str) -> str:
    """The part of the return page where a problem (keyed by field name) can be fixed."""
    if problem.startswith(("confirmed-", "narrative-")):
        return "#national-conditions"
    if problem in ("achievements", "challenges", "support_needed"):
        return "#narrative"
    if problem.startswith(("reason-", "status-")):
        return "#metrics"
    return "#workflow"


def _flatten(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(name, message) for name, messages_ in error.message_dict.items() for message in messages_]
    return [("", message) for message in error.messages]


@login_required
def return_narrative(request, pk: int) -> HttpResponse:
    ret = _return_or_404(request, pk, "edit")
    back = reverse("delivery:return", args=[ret.id])
    try:
        workflow.ensure_editable(request.user, ret)
    except ValidationError as error:
        return render(request, "delivery/refused.html", {"ret": ret, "plan": ret.plan, "message": " ".join(
            error.messages), "back": back}, status=409)
    initial = {"achievements": ret.achievements, "challenges": ret.challenges,
               "support_needed": ret.support_needed, "version": ret.version}
    form = NarrativeForm(request.POST or None, initial=initial)
    errors, stale, attempted = [], "", {}
    if request.method == "POST":
        if form.is_valid():
            try:
                workflow.update_narrative(request.user, ret, form.cleaned_data["version"], form.cleaned_data)
            except StaleEdit as error:
                stale, attempted = error.message, error.pending["changes"]
                errors = [("#edit-form", error.message)]
                ret.refresh_from_db()
                form = NarrativeForm(initial={"achievements": ret.achievements, "challenges": ret.challenges,
                                              "support_needed": ret.support_needed, "version": ret.version})
            except ValidationError as error:
                errors = validation_errors(error, form)
            else:
                messages.success(request, "Narrative saved.")
                return redirect(back)
        else:
            errors = form_errors(form)
    return render(
        request,
        "delivery/return_narrative.html",
        {"ret": ret, "plan": ret.plan, "form": form, "errors": errors, "stale": stale, "attempted": attempted,
         "back": back},
    )


@login_required
def return_metrics(request, pk: int) -> HttpResponse:
    ret = _return_or_404(request, pk, "edit")
    back = reverse("delivery:return", args=[ret.id])
    try:
        workflow.ensure_editable(request.user, ret)
    except ValidationError as error:
        return render(request, "delivery/refused.html", {"ret": ret, "plan": ret.plan, "message": " ".join(
            error.messages), "back": back}, status=409)
    rows = list(ret.metric_statuses.select_related("metric").order_by("metric__id"))
    errors, stale, posted = [], "", {}
    if request.method == "POST":
        choices = []
        for row in rows:
            if f"version-{row.metric.code}" not in request.POST:
                continue  # a row the form did not show is left alone
            choice = {
                "row": row,
                "version": posted_int(request.POST, f"version-{row.metric.code}"),
                "chosen": request.POST.get(f"status-{row.metric.code}", ""),
                "reason": request.POST.get(f"reason-{row.metric.code}", ""),
            }
            choices.append(choice)
            posted[row.id] = choice
        try:
            workflow.choose_statuses(request.user, ret, choices)
        except StaleEdit as error:
            stale = error.message
            errors = [("#metrics-form", error.message)]
            posted = {}
            rows = list(ret.metric_statuses.select_related("metric").order_by("metric__id"))
        except ValidationError as error:
            errors = [(f"#{name}", message) for name, message in _flatten(error)]
        else:
            messages.success(request, "Metric statuses saved.")
            return redirect(back)
    error_map = dict(errors)
    items = []
    for row in rows:
        choice = posted.get(row.id)
        items.append({
            "row": row,
            "version": choice["version"] if choice else row.version,
            "chosen": (choice["chosen"] if choice else row.chosen_status) or row.proposed_status,
            "reason": choice["reason"] if choice else row.override_reason,
            "status_error": error_map.get(f"#status-{row.metric.code}"),
            "reason_error": error_map.get(f"#reason-{row.metric.code}"),
        })
    return render(
        request,
        "delivery/return_metrics.html",
        {"ret": ret, "plan": ret.plan, "items": items, "statuses": metric_statuses(), "errors": errors,
         "stale": stale, "back": back},
    )


@login_required
def return_resubmit(request, pk: int) -> HttpResponse:
    ret = _return_or_404(request, pk, "edit")
    form = ResubmitForm(request.POST or None)
    errors = []
    if request.method == "POST":
        if form.is_valid():
            try:
                new = workflow.resubmit(request.user, ret, form.cleaned_data["reason"])
            except ValidationError as error:
                errors = [("#id_reason", message) for _, message in _flatten(error)]
            else:
                messages.success(request, f"Version {new.revision} started as a draft.")
                return redirect(reverse("delivery:return", args=[new.id]))
        else:
            errors = form_errors(form)
    return render(request, "delivery/return_resubmit.html", {"ret": ret, "plan": ret.plan, "form": form,
                                                             "errors": errors})
