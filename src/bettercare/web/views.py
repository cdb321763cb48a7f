"""Pages: home (the HWBs a user can see), an HWB (its plans with funding totals), a plan."""

from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from bettercare.accounts.access import is_national, require, visible_areas
from bettercare.planbook.assurance import assurance_of, may_assure
from bettercare.plans.models import Plan
from bettercare.plans.services import funding_table, stream_table
from bettercare.reference.models import Area

SORTS = {"name": lambda row: row["area"].name, "code": lambda row: row["area"].gss_code,
         "region": lambda row: (row["region"], row["area"].name)}


@login_required
def home(request):
    """The HWB list: searchable by name or code, filtered by region, sorted by any column. Works as
    a plain GET form; ``hwb-list.js`` filters and sorts as the user types (progressive enhancement)."""
    from bettercare.catalogue.national_areas import national_areas

    regions = {area.gss_code: area.region_name for area in national_areas()}
    areas = visible_areas(request.user)
    periods = defaultdict(list)
    for area_id, code in Plan.objects.filter(area__in=areas).values_list("area_id", "period__code"):
        periods[area_id].append(code)
    rows = [{"area": area, "region": regions.get(area.gss_code, ""), "plans": periods[area.pk]} for area in areas]
    total = len(rows)
    query = request.GET.get("q", "").strip()
    region = request.GET.get("region", "")
    sort = request.GET.get("sort", "name") if request.GET.get("sort") in SORTS else "name"
    if query:
        rows = [row for row in rows if query.casefold() in f"{row['area'].name} {row['area'].gss_code}".casefold()]
    if region:
        rows = [row for row in rows if row["region"] == region]
    rows.sort(key=SORTS[sort])
    return render(request, "bettercare/home.html", {
        "rows": rows, "total": total, "query": query, "region": region, "sort": sort,
        "regions": sorted(set(regions.values())), "national": is_national(request.user),
    })


@login_required
def area_detail(request, gss_code: str):
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    plans = [(plan, funding_table(plan)) for plan in area.plans.select_related("period")]
    kpis = area.kpis.filter(kpi_set=None).select_related("locality").order_by("name", "period")
    kpi_sets = area.kpi_sets.annotate(kpi_count=Count("kpis"))
    return render(request, "bettercare/area.html",
                  {"area": area, "plans": plans, "kpis": kpis, "kpi_sets": kpi_sets})


@login_required
def plan_detail(request, plan_id: int):
    plan = get_object_or_404(Plan.objects.select_related("area", "period"), pk=plan_id)
    require(request.user, "view", plan)
    funding = funding_table(plan)
    streams = {year: stream_table(plan, year) for year in funding["years"]}
    schemes = plan.schemes.select_related("locality", "priority").prefetch_related("finances")
    return render(
        request,
        "bettercare/plan.html",
        {
            "plan": plan,
            "funding": funding,
            "streams": streams,
            "schemes": schemes,
            "risks": plan.risks.all(),
            "actions": plan.actions.select_related("change"),
            "conditions": plan.condition_confirmations.select_related("condition"),
            "targets": plan.metric_targets.select_related("metric", "locality"),
            "assurance": assurance_of(request.user, plan),
            "may_assure": may_assure(request.user),
        },
    )


def accessibility(request):
    return render(request, "bettercare/accessibility.html")


def not_found(request, exception=None):
    """The 404 page; a message raised as ``ExplainedNotFound`` (written for users) is shown on it."""
    from bettercare.reference.http import ExplainedNotFound

    explanation = str(exception.args[0]) if isinstance(exception, ExplainedNotFound) and exception.args else ""
    return render(request, "404.html", {"explanation": explanation}, status=404)
