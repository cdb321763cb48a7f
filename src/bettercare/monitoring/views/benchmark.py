"""The benchmark page: one metric for one financial year across HWBs, compared with England and the
region (``monitoring.benchmark``), filterable by region, sortable, and downloadable as CSV.

Who sees what: the national team sees every HWB; an HWB's member sees their own HWB(s) against
England and their region (England's and the regions' figures are always pooled from every HWB)."""

import csv

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render

from bettercare.accounts.access import is_national, visible_areas
from bettercare.monitoring.benchmark import benchmark, benchmark_rows
from bettercare.monitoring.benchmark_charts import compare_chart, funnel_chart
from bettercare.reference.models import Metric, PolicyPeriod, Region

SORTS = {
    "name": lambda row: (row["name"],),
    "region": lambda row: (row["region"], row["name"]),
    "value": lambda row: (row["value"] is None, row["value"] or 0, row["name"]),
}
CSV_COLUMNS = ("gss_code", "name", "region", "numerator", "denominator", "value", "lower_95", "upper_95",
               "lower_99_8", "upper_99_8", "vs_england_95", "vs_england_99_8", "vs_region_95", "vs_region_99_8",
               "funnel", "note")


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
    years, metrics = _choices()
    if not years:
        raise Http404("No policy period has metrics to compare")
    period = request.GET.get("period") or ("2023-24" if "2023-24" in years else years[-1])
    if period not in metrics:
        raise Http404(f"{period!r} is not a financial year with metrics to compare")
    codes = [m.code for m in metrics[period]]
    code = request.GET.get("metric") or ("falls-65" if "falls-65" in codes else codes[0])
    if code not in codes:
        raise Http404(f"No metric {code!r} in {period}")
    result = benchmark_rows(benchmark(code, period))
    rows = result["areas"] if national else [r for r in result["areas"] if r["gss_code"] in own]
    region = request.GET.get("region", "")
    regions = list(Region.objects.order_by("name"))
    if region:
        names = {r.code: r.name for r in regions}
        if region not in names:
            raise Http404(f"No region {region!r}")
        rows = [r for r in rows if r["region"] == names[region]]
    sort = request.GET.get("sort", "name")
    rows = sorted(rows, key=SORTS.get(sort, SORTS["name"]), reverse=request.GET.get("order") == "desc")
    if request.GET.get("format") == "csv":
        return _csv(result, rows)
    shown_regions = {r["region"] for r in rows}
    metric = next(m for m in metrics[period] if m.code == code)
    charts = {name: spec for name, spec in (
        ("funnel", funnel_chart(result, result["areas"], rows, metric.ci_method == "proportion", metric.multiplier)),
        ("compare", compare_chart(result, rows))) if spec}
    return render(request, "monitoring/benchmark.html", {
        "result": result, "metric": metric, "rows": rows, "charts": charts,
        "period": period, "years": years, "metric_code": code,
        "metrics": metrics[period], "regions": regions, "region": region, "sort": sort,
        "order": request.GET.get("order", "asc"), "national": national,
        "region_figures": [r for r in result["regions"] if r["name"] in shown_regions],
    })


def _csv(result: dict, rows: list[dict]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="benchmark-{result["metric"]}-{result["period"]}.csv"'
    writer = csv.writer(response)
    writer.writerow([f"{result['title']} ({result['metric']}), {result['period']}; method: {result['method']}; "
                     f"England = pooled from the HWBs listed"])
    writer.writerow(CSV_COLUMNS)
    england = result["england"]
    writer.writerow(["E92000001", "England", "", england["numerator"], england["denominator"], england["value"],
                     england["lower_95"], england["upper_95"], england["lower_99_8"], england["upper_99_8"]])
    for row in rows:
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return response
