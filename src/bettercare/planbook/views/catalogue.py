"""The policy periods in force (any signed-in user) and the upload of a new catalogue version
(national administrators only, checked before the file is read)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse

from bettercare.catalogue import CatalogueError, list_periods, load_period, unconfirmed
from bettercare.planbook.rollforward_forms import CatalogueUploadForm
from bettercare.reference.catalogue_store import CatalogueRefused
from bettercare.reference.mirror import add_version
from bettercare.reference.models import CatalogueVersion

from ..catalogue_access import may_manage_catalogue
from .common import go_to


def _periods() -> list[dict]:
    versions: dict[str, list[CatalogueVersion]] = {}
    for version in CatalogueVersion.objects.order_by("period_code", "-version"):
        versions.setdefault(version.period_code, []).append(version)
    rows = []
    for code in reversed(list_periods()):
        try:
            data = load_period(code)
        except CatalogueError as error:
            rows.append({"code": code, "error": str(error)})
            continue
        rows.append(
            {
                "code": code,
                "title": data["title"],
                "years": data["financial_years"],
                "metrics": data["metrics"],
                "streams": data["funding_streams"],
                "unconfirmed": unconfirmed(data),
                "versions": versions.get(code, []),
            }
        )
    return rows


@login_required
def catalogue(request):
    return render(
        request,
        "plans/catalogue.html",
        {"periods": _periods(), "may_upload": may_manage_catalogue(request.user)},
    )


@login_required
def catalogue_upload(request):
    """Rules: national administrators only (before the upload is read); the file is checked
    whole and refused with every problem (file, line, field) or recorded as the period's next
    version with its author, all or nothing."""
    if not may_manage_catalogue(request.user):
        raise PermissionDenied("Only national administrators may add policy periods to the catalogue.")
    form = CatalogueUploadForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        name, text = form.cleaned_data["file"]
        try:
            result = add_version(text, name, request.user, "web", form.cleaned_data["note"])
        except CatalogueRefused as error:
            problems = error.problems
        else:
            version = result.version
            if result.created:
                messages.success(request, f"{name} added as {version.period_code} catalogue version {version.version}.")
            else:
                messages.info(request, f"{name} is the same as {version.period_code} version {version.version}.")
            return go_to(request, reverse("plans:catalogue") + f"#period-{version.period_code}")
    return render(
        request,
        "plans/catalogue_upload.html",
        {"form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,
    )
