"""The page of a KPI set (a peer-review pack or local KPI report) of an HWB."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render

from bettercare.accounts.access import require
from bettercare.monitoring import kpi_sets
from bettercare.monitoring.models import KpiSet


@login_required
def kpi_set_detail(request, gss_code: str, set_id: int):
    kpi_set = get_object_or_404(KpiSet.objects.select_related("area"), pk=set_id, area__gss_code=gss_code)
    require(request.user, "view", kpi_set.area)
    return render(request, "monitoring/kpi_set.html", {
        "kpi_set": kpi_set,
        "area": kpi_set.area,
        "sections": kpi_sets.sections(kpi_set),
        "notes": kpi_sets.notes(kpi_set),
        "source_title": kpi_sets.source_title(kpi_set),
        "count": kpi_set.kpis.count(),
    })
