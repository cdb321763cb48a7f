"""Roll a plan forward to next year: choose the year, the uplifts and a match for anything that no
longer exists, see what will be carried, then create the draft; and the account of a roll-forward
(stream totals, every carried, uplifted and unmapped line, what was not carried)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from bettercare.catalogue import load_period
from bettercare.planbook.rollforward import later_periods, preview, roll_forward
from bettercare.planbook.rollforward_forms import RollForwardForm
from bettercare.planbook.uplift import ROUNDING_RULE, RollForwardError
from bettercare.plans.models import RollForwardRecord

from .common import get_plan, go_to

KIND_SECTIONS = {"stream": "funding_streams", "scheme_type": "scheme_types", "metric": "metrics"}
KIND_NAMES = {"stream": "Funding stream", "scheme_type": "Scheme type", "metric": "Metric"}


def _unmatched_choices(report, catalogue: dict) -> dict[str, list[tuple[str, str]]]:
    choices = {}
    for kind, old_id in report.unmatched():
        entries = catalogue[KIND_SECTIONS[kind]]
        choices[old_id] = [(str(entry["id"]), entry["title"]) for entry in entries]
    return choices


@login_required
def roll_forward_page(request, plan_id: int):
    """Rules: only an editor of the plan's HWB may roll it forward (checked before the form is
    read); the new plan is a draft; nothing is written until the user confirms."""
    source = get_plan(request, plan_id, "edit")
    periods = later_periods(source)
    if not periods:
        messages.error(request, f"There is no policy year after {source.period.code} in the catalogue yet.")
        return go_to(request, reverse("plans:versions", args=[source.pk]))
    to_code = request.POST.get("to") or request.GET.get("to") or periods[0]
    if to_code not in periods:
        to_code = periods[0]
    catalogue = load_period(to_code)
    first_look = preview(source, to_code)
    form = RollForwardForm(
        request.POST if request.method == "POST" and "create" in request.POST else None,
        initial={"to": to_code},
        periods=periods,
        streams=catalogue["funding_streams"],
        unmatched=_unmatched_choices(first_look, catalogue),
    )
    error = ""
    if form.is_bound and form.is_valid():
        try:
            report = roll_forward(
                request.user, source, to_code, form.cleaned_data["uplifts"], form.cleaned_data["mapping"]
            )
        except RollForwardError as problem:
            error = str(problem)
        else:
            messages.success(
                request,
                f"Draft {report.plan.period.code} plan created (version {report.plan.version}) from the "
                f"{source.period.code} plan.",
            )
            return go_to(request, reverse("plans:rolled_forward", args=[report.plan.pk]))
    return render(
        request,
        "plans/roll_forward.html",
        {
            "plan": source,
            "form": form,
            "to_code": to_code,
            "periods": periods,
            "report": first_look,
            "error": error,
            "rounding_rule": ROUNDING_RULE,
            "kind_names": KIND_NAMES,
            "section": "versions",
        },
        status=400 if form.is_bound and (form.errors or error) else 200,
    )


@login_required
def rolled_forward(request, plan_id: int):
    plan = get_plan(request, plan_id)
    record = get_object_or_404(RollForwardRecord.objects.select_related("source", "author"), plan=plan)
    report = record.report
    lines = report["lines"]
    sections: dict[str, list[dict]] = {}
    for line in lines:
        sections.setdefault(line["section"], []).append(line)
    return render(
        request,
        "plans/rolled_forward.html",
        {
            "plan": plan,
            "record": record,
            "report": report,
            "sections": sections,
            "unmapped": [line for line in lines if line["status"] == "unmapped"],
            "counts": {
                status: sum(1 for line in lines if line["status"] == status)
                for status in ("carried", "uplifted", "unmapped")
            },
            "section": "versions",
        },
    )
