"""Metric pages: the HWB dashboard (Seed 004's Appendix A, live) and one metric's page."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from bettercare.accounts.access import require
from bettercare.indicators import FinancialYear
from bettercare.indicators.periods import years_span
from bettercare.monitoring.boundary_series import joined_series
from bettercare.monitoring.charts import actual_vs_target_chart, sparkline, spc_chart
from bettercare.monitoring.commentary import CommentaryEdit, save_commentaries
from bettercare.monitoring.models import MetricActual, MetricCommentary
from bettercare.monitoring.results import metric_results
from bettercare.plans.models import MetricTarget
from bettercare.reference.data_version import cached
from bettercare.reference.http import ExplainedNotFound
from bettercare.reference.models import Area


def periods_for(area: Area) -> list[str]:
    """Financial years covered by the HWB's plans or actuals, newest first (the period selector)."""
    return cached("periods_for", (area.pk,), lambda: _periods_for(area))


def _periods_for(area: Area) -> list[str]:
    years = {year for plan in area.plans.select_related("period") for year in plan.period.financial_years or []}
    ends = MetricActual.objects.filter(area=area).values_list("period_end", flat=True).distinct()
    years |= {str(FinancialYear.containing(end)) for end in ends}
    return sorted(years, reverse=True)


def opening_period(area: Area, options: list[str]) -> str:
    """The year a dashboard opens on: the latest with a metric rated against a target, else the
    latest with any target, else the latest year (a year with no targets shows only "Not rated")."""
    return cached("opening_period", (area.pk, tuple(options)), lambda: _opening_period(area, options))


def _opening_period(area: Area, options: list[str]) -> str:
    for year in options:
        if any(r.rag in ("green", "amber", "red") for r in metric_results(area, year) if not r.locality):
            return year
    for year in options:
        start, end = years_span(year)
        if MetricTarget.objects.filter(plan__area=area, kind="target", period_start__lte=end,
                                       period_end__gte=start).exists():
            return year
    return options[0] if options else ""


def unknown_period(area: Area, period: str, options: list[str]) -> ExplainedNotFound:
    """The 404 for a period in the address that the HWB has no figures for, naming the ones it has."""
    have = ", ".join(sorted(options)) or "none yet"
    return ExplainedNotFound(f"There are no figures for {period} for {area.name}. Years with figures: {have}.")


def chosen_period(request, area: Area) -> str:
    options = periods_for(area)
    period = request.GET.get("period")
    if not period:
        return opening_period(area, options)
    try:
        years_span(period)
    except (ValueError, IndexError):
        raise unknown_period(area, period, options) from None
    if period not in options and not any(period[:4] <= year[:4] < period[:2] + period[5:7] for year in options):
        raise unknown_period(area, period, options)
    return period


@login_required
def dashboard(request, gss_code: str):
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    return render_dashboard(request, area, chosen_period(request, area))


def render_dashboard(request, area: Area, period: str, posted: dict | None = None, refused: dict | None = None):
    """The dashboard; after a refused commentary save, ``posted`` (code -> text the user typed) is shown in
    the boxes and ``refused`` (code -> StaleEdit) beside them, so nothing typed is lost."""
    posted, refused = posted or {}, refused or {}
    results = dashboard_results(area, period)
    commentary = {c.metric_id: c for c in MetricCommentary.objects.filter(area=area, period=period)}
    rows = []
    for r, spark in results:
        stored = commentary.get(r.metric.id)
        rows.append(
            {
                "result": r,
                "spark": spark,  # a dict: the template writes it with json_script
                "commentary": stored,
                "text": posted.get(r.metric.code, stored.text if stored else ""),
                "version": stored.version if stored else 0,
                "refused": refused[r.metric.code].message if r.metric.code in refused else "",
            }
        )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "area": area,
            "period": period,
            "periods": periods_for(area),
            "rows": rows,
            "refused": [row for row in rows if row["refused"]],
            "can_edit": request.user.has_perm("bettercare.edit", area),
        },
        status=409 if refused else 200,
    )


def dashboard_results(area: Area, period: str) -> list[tuple]:
    """The dashboard's rows before commentary: (HWB-level result, its sparkline), once per data version."""
    return cached("dashboard", (area.pk, period), lambda: [
        (r, sparkline(r)) for r in metric_results(area, period) if not r.locality])


def metric_page(area: Area, period: str, metric_code: str) -> dict | None:
    """The metric page's figures and charts, once per data version (None: no figures in the year)."""
    return cached("metric_page", (area.pk, period, metric_code), lambda: _metric_page(area, period, metric_code))


@login_required
def metric_detail(request, gss_code: str, metric_code: str):
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    period = chosen_period(request, area)
    page = metric_page(area, period, metric_code)
    if page is None:
        raise Http404(f"No figures for {metric_code} in {period}")
    return render(request, "monitoring/metric.html", {**page, "area": area, "period": period,
                                                      "periods": periods_for(area)})


def _metric_page(area: Area, period: str, metric_code: str) -> dict | None:
    """The metric page's figures and charts (None when the metric has no figures in the year)."""
    results = metric_results(area, period, [metric_code])
    if not results:
        return None
    hwb = next((r for r in results if not r.locality), results[0])
    charts = {  # embedded with json_script (notes on the SPC chart are user text)
        name: spec for name, spec in (("spc", spc_chart(hwb)), ("actual", actual_vs_target_chart(hwb))) if spec
    }
    return {
        "result": hwb,
        "charts": charts,
        "localities": [r for r in results if r.locality],
        "components": [a for a in hwb.assessments if a.figure.component],
        "boundary_series": joined_series(
            area, metric_code, hwb.metric.definition.get("statistic") or hwb.metric.ci_method),
    }


@login_required
@require_POST
def save_commentary(request, gss_code: str, metric_code: str):
    """Save the dashboard's commentary: every row posted (``commentary-<code>`` with ``version-<code>``)
    whose text changed, each under optimistic locking; ``metric_code`` is the row whose button was used."""
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "edit", area)
    period = request.POST.get("period", "")
    try:
        years_span(period)
    except (ValueError, IndexError):
        raise Http404(f"{period!r} is not a financial year like 2018-19") from None
    metrics = {r.metric.code: r.metric for r in metric_results(area, period) if not r.locality}
    if metric_code not in metrics:
        raise Http404(f"No figures for {metric_code} in {period}")
    posted = {
        code: request.POST[f"commentary-{code}"].strip().replace("\r\n", "\n")
        for code in metrics
        if f"commentary-{code}" in request.POST
    }
    edits = [
        CommentaryEdit(metrics[code], text, _version(request.POST.get(f"version-{code}")))
        for code, text in posted.items()
    ]
    refused = save_commentaries(request.user, area, period, edits)
    if refused:
        return render_dashboard(request, area, period, posted=posted, refused=refused)
    messages.success(request, f"Commentary for {metrics[metric_code].title} saved.")
    return redirect(f"{reverse('dashboard', args=[gss_code])}?period={period}#metric-{metric_code}")


def _version(text: str | None) -> int:
    """The posted version of a row (0, as for a new row, when missing or not a whole number)."""
    return int(text) if text and text.isdigit() else 0
