"""The benchmark pages.

- ``benchmark_page``: one metric for one financial year across HWBs (``monitoring.benchmark``): value
  with interval, RAG against the HWB's own target, comparison with England, the region and a comparator
  group at 95% and 99.8%, funnel; filterable by region and comparator group, sortable, CSV.
- ``hwb_benchmark_page``: one HWB across every metric: the spine chart (``monitoring.spine``) and its
  figures against England, its region and its comparator group.

Who sees what: the national team sees every HWB; an HWB's member sees their own HWB(s) against
England, their region and their comparator group (England's, the regions' and the groups' figures are
always pooled from every member HWB)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from bettercare.accounts.access import is_national, require, visible_areas
from bettercare.monitoring.benchmark import benchmark, benchmark_rows
from bettercare.monitoring.benchmark_charts import compare_chart, funnel_chart, spine_chart
from bettercare.monitoring.comparator_groups import members_of, own_group
from bettercare.monitoring.models import ComparatorGroup
from bettercare.monitoring.spine import spine
from bettercare.reference.data_version import cached
from bettercare.reference.models import Area, Metric, PolicyPeriod, Region

SORTS = {
    "name": lambda row: (row["name"],),
    "region": lambda row: (row["region"], row["name"]),
    "value": lambda row: (row["value"] is None, row["value"] or 0, row["name"]),
    "rag": lambda row: (RAG_ORDER.get(row["rag"], 9), row["name"]),
}
RAG_ORDER = {"red": 0, "amber": 1, "green": 2, "grey": 3}
CSV_COLUMNS = ("gss_code", "name", "region", "numerator", "denominator", "value", "lower_95", "upper_95",
               "lower_99_8", "upper_99_8", "target", "rag", "rag_text", "vs_england_95", "vs_england_99_8",
               "vs_region_95", "vs_region_99_8", "vs_group_95", "vs_group_99_8", "funnel", "note")


def _choices() -> tuple[list[str], dict[str, list[Metric]]]:
    """Financial years of the policy periods with rate or proportion metrics, and those metrics."""
    years, metrics = [], {}
    for policy in PolicyPeriod.objects.order_by("code"):
        found = list(Metric.objects.filter(period=policy, area=None, ci_method__in=("rate", "dsr", "proportion")))
        for year in policy.financial_years or []:
            if found:
                years.append(year)
                metrics[year] = found
    return years, metrics


@login_required
def benchmark_page(request):
    national = is_national(request.user)
    own = set(visible_areas(request.user).values_list("gss_code", flat=True))
    if not national and not own:
        raise PermissionDenied("The benchmark is for the national team and the HWBs' members")
    if request.GET.get("format") == "csv":
        return _benchmark_page(request.GET, national, own, visible_areas(request.user))
    page = benchmark_context(request.GET, national, own, lambda: visible_areas(request.user))
    return render(request, "monitoring/benchmark.html", page)


def benchmark_context(params, national: bool, own: set[str], visible) -> dict:
    """The benchmark page's context for the query ``params``, once per data version and per what the
    user sees (every HWB for the national team; their own HWBs, ``own``, for an HWB's member;
    ``visible()``: their areas)."""
    query = tuple(sorted((key, params.get(key, "")) for key in params))
    seen = () if national else tuple(sorted(own))
    return cached("benchmark_page", (query, national, seen), lambda: _benchmark_page(params, national, own, visible()))


def _benchmark_page(params, national: bool, own: set[str], visible) -> dict | HttpResponse:
    """The benchmark page's context (or its CSV download) for the query ``params`` as seen by a user
    who is ``national`` or a member of the HWBs ``own`` (``visible``: their areas)."""
    years, metrics = _choices()
    if not years:
        raise Http404("No policy period has metrics to compare")
    period = params.get("period") or ("2023-24" if "2023-24" in years else years[-1])
    if period not in metrics:
        raise Http404(f"{period!r} is not a financial year with metrics to compare")
    codes = [m.code for m in metrics[period]]
    code = params.get("metric") or ("falls-65" if "falls-65" in codes else codes[0])
    if code not in codes:
        raise Http404(f"No metric {code!r} in {period}")
    groups = list(ComparatorGroup.objects.order_by("kind", "name"))
    group_code = params.get("group", "")
    group = next((g for g in groups if g.code == group_code), None)
    if group_code and group is None:
        raise Http404(f"No comparator group {group_code!r}")
    if group is None and not national and "group" not in params:
        group = next((g for g in (own_group(a) for a in visible.order_by("name")) if g), None)
    members = members_of(group) if group else set()
    result = benchmark_rows(benchmark(code, period, group=(group.name, members) if group else None))
    rows = result["areas"] if national else [r for r in result["areas"] if r["gss_code"] in own]
    if group is not None and national:
        rows = [r for r in rows if r["gss_code"] in members]
    region = params.get("region", "")
    regions = list(Region.objects.order_by("name"))
    if region:
        names = {r.code: r.name for r in regions}
        if region not in names:
            raise Http404(f"No region {region!r}")
        rows = [r for r in rows if r["region"] == names[region]]
    sort = params.get("sort", "name")
    rows = sorted(rows, key=SORTS.get(sort, SORTS["name"]), reverse=params.get("order") == "desc")
    if params.get("format") == "csv":
        return _csv(result, rows)
    shown_regions = {r["region"] for r in rows}
    metric = next(m for m in metrics[period] if m.code == code)
    charts = {name: spec for name, spec in (
        ("funnel", funnel_chart(result, result["areas"], rows, metric.ci_method == "proportion", metric.multiplier)),
        ("compare", compare_chart(result, rows))) if spec}
    return {
        "result": result, "metric": metric, "rows": rows, "charts": charts,
        "period": period, "years": years, "metric_code": code,
        "metrics": metrics[period], "regions": regions, "region": region, "sort": sort,
        "order": params.get("order", "asc"), "national": national,
        "groups": groups, "group": group, "rated": sum(1 for r in rows if r["target"] is not None),
        "region_figures": [r for r in result["regions"] if r["name"] in shown_regions],
    }


def _csv(result: dict, rows: list[dict]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="benchmark-{result["metric"]}-{result["period"]}.csv"'
    writer = csv.writer(response)
    writer.writerow([f"{result['title']} ({result['metric']}), {result['period']}; method: {result['method']}; "
                     f"England = pooled from the HWBs listed"])
    writer.writerow(CSV_COLUMNS)
    pooled_rows = [("E92000001", "England", result["england"])]
    if result["group"]:
        pooled_rows.append(("", f"Comparator group: {result['group']['name']}", result["group"]))
    for code, name, pooled in pooled_rows:
        writer.writerow([code, name, "", pooled["numerator"], pooled["denominator"], pooled["value"],
                         pooled["lower_95"], pooled["upper_95"], pooled["lower_99_8"], pooled["upper_99_8"]])
    for row in rows:
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return response


@login_required
def hwb_benchmark_page(request, gss_code: str):
    """One HWB across every metric of a financial year: spine chart and comparisons (module docstring)."""
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    years, metrics = _choices()
    if not years:
        raise Http404("No policy period has metrics to compare")
    period = request.GET.get("period") or ("2023-24" if "2023-24" in years else years[-1])
    if period not in metrics:
        raise Http404(f"{period!r} is not a financial year with metrics to compare")
    group = own_group(area)
    members = members_of(group) if group else set()
    rows = spine(gss_code, period)
    comparisons = []
    for row in rows:
        result = benchmark(row.metric.code, period, [gss_code], group=(group.name, members) if group else None)
        mine = result.rows[0] if result.rows else None
        region = result.regions.get(mine.region_code) if mine else None
        summary = row.summary
        comparisons.append({
            "spine": row, "target": mine.target if mine else None, "rag": mine.rag if mine else "grey",
            "rag_text": mine.rag_text if mine else "", "region": region[0] if region else "",
            "vs_region": mine.vs_region[0.95] if mine else "not compared",
            "vs_group": mine.vs_group.get(0.95, "not compared") if mine else "not compared",
            "left": None if summary is None else (summary.worst if summary.worst is not None else summary.lowest),
            "right": None if summary is None else (summary.best if summary.best is not None else summary.highest),
        })
    chart = spine_chart(area.name, period, rows)
    return render(request, "monitoring/hwb_benchmark.html", {
        "area": area, "period": period, "years": years, "rows": comparisons, "chart": chart, "group": group,
        "group_size": len(members),
    })
