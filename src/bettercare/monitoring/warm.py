"""Pages computed ahead of the people who open them (``bettercare metrics warm``): after data are loaded,
the national comparison of every metric of a year, each HWB's dashboard and every page of the HWBs
named (each year's dashboard and metric pages) are computed into the cache
(``reference.data_version``), as the first visitor would otherwise wait for them. They stay until
the data next change."""

from __future__ import annotations

from collections.abc import Callable

from bettercare.reference.models import Area, AreaRegistration

from .views.benchmark import _choices, benchmark_context
from .views.metrics import dashboard_results, metric_page, opening_period, periods_for

Progress = Callable[[str], None]


def warm_national(period: str | None = None, progress: Progress | None = None) -> int:
    """The national team's comparison page of every metric of ``period`` (default: the page's own
    default year). Returns the pages computed."""
    years, metrics = _choices()
    if not years:
        return 0
    period = period or ("2023-24" if "2023-24" in years else years[-1])
    for metric in metrics.get(period, []):
        if progress:
            progress(f"compare HWBs: {metric.code} {period}")
        benchmark_context({"metric": metric.code}, True, set(), Area.objects.none)
    return len(metrics.get(period, []))


def warm_area(area: Area, every_page: bool, progress: Progress | None = None) -> int:
    """The HWB's dashboard at the year it opens on; with ``every_page``, its dashboard and each
    metric's page in every year it has figures or plans for. Returns the pages computed."""
    if progress:
        progress(f"{area.name}: dashboard")
    options = periods_for(area)
    opening = opening_period(area, options)
    if not opening:
        return 0
    pages = 0
    for period in options if every_page else [opening]:
        rows = dashboard_results(area, period)
        pages += 1
        if every_page:
            for result, _ in rows:
                metric_page(area, period, result.metric.code)
            pages += len(rows)
    return pages


def warm(metric_pages_of: list[Area] = (), progress: Progress | None = None) -> int:
    """The national comparisons, every registered HWB's dashboard (and any other HWB with a plan),
    and every page of the HWBs ``metric_pages_of`` (each year's dashboard and metric pages)."""
    codes = set(AreaRegistration.objects.values_list("area__gss_code", flat=True))
    codes |= set(Area.objects.filter(plans__isnull=False).values_list("gss_code", flat=True))
    codes |= {area.gss_code for area in metric_pages_of}
    chosen = {area.pk for area in metric_pages_of}
    areas = Area.objects.filter(gss_code__in=codes).order_by("name")
    return warm_national(progress=progress) + sum(warm_area(a, a.pk in chosen, progress) for a in areas)

