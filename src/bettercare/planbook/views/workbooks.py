"""Download a plan as a planning workbook; upload one to import it as a new plan version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render

from bettercare.accounts.access import visible_areas

from ..forms import ImportForm
from ..workbook import IdenticalWorkbook, WorkbookRefused, export_plan, import_workbook
from .common import editor_url, get_plan, go_to

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def download(request, plan_id: int):
    plan = get_plan(request, plan_id)
    name = f"bcf-plan-{plan.area.gss_code}-{plan.period.code}-v{plan.version}.xlsx"
    response = HttpResponse(export_plan(plan), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def may_import_somewhere(user) -> bool:
    """Rule checked before an upload is read: the user edits at least one HWB (the workbook's own HWB
    is checked once its cover is read, before anything is written)."""
    return bool(user.is_superuser) or user.memberships.filter(role__in=("editor", "approver")).exists()


@login_required
def upload(request):
    """Import a workbook, all or nothing. Rules: the user must be an editor of the workbook's HWB,
    and an approver to import a plan whose cover says it is already submitted or approved."""
    if request.method == "POST" and not may_import_somewhere(request.user):
        raise PermissionDenied("Only an editor of a health and wellbeing board can import a plan: nothing was read.")
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        try:
            with transaction.atomic():
                plan = import_workbook(upload, upload.name, refuse_identical=True)
                if not request.user.has_perm("bettercare.edit", plan):
                    raise PermissionDenied(f"You are not an editor of {plan.area.name}: nothing was imported.")
                if plan.is_frozen and not request.user.has_perm("bettercare.approve", plan):
                    raise PermissionDenied(
                        f"The workbook's plan is {plan.get_status_display().lower()}: only an approver of "
                        f"{plan.area.name} can import it. Nothing was imported."
                    )
        except WorkbookRefused as error:
            problems = error.problems
        except IdenticalWorkbook as error:
            if not request.user.has_perm("bettercare.edit", error.plan):
                form.add_error("workbook", f"You are not an editor of {error.plan.area.name}: nothing was imported.")
            else:
                messages.info(request, str(error))
                return go_to(request, editor_url(error.plan))
        except PermissionDenied as error:
            form.add_error("workbook", str(error))
        else:
            messages.success(request, f"Imported {upload.name} as version {plan.version} of {plan.area.name}'s plan.")
            return go_to(request, editor_url(plan))
    return render(
        request,
        "plans/import.html",
        {"form": form, "problems": problems, "areas": visible_areas(request.user)},
        status=400 if request.method == "POST" else 200,
    )
