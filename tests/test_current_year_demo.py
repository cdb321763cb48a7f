"""The demo opens on the current year: Norfolk's illustrative 2025-26 plan rolled forward to
2026-27 and monitored to date with actuals computed by the engine."""

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum

from bettercare.monitoring.models import MetricActual
from bettercare.monitoring.views.metrics import periods_for
from bettercare.plans.models import Contribution, Plan, RollForwardRecord
from bettercare.scenarios.current_year import load_current_year, months_to_date

pytestmark = pytest.mark.django_db


def test_months_to_date_counts_complete_months_from_april_2025():
    assert months_to_date(date(2026, 11, 29)) == 19  # April 2025 to October 2026
    assert months_to_date(date(2025, 4, 2)) == 1


def test_the_demo_hwb_has_a_2026_27_plan_rolled_forward_and_monitored_to_date():
    current = load_current_year(date(2026, 11, 29))
    source, plan = current.source, current.plan
    assert "illustrative" in source.title.lower() and source.seed.startswith("none: synthetic")
    assert (plan.area.name, plan.period.code, plan.status) == ("Norfolk", "2026-27", "draft")
    record = RollForwardRecord.objects.get(plan=plan)
    assert (record.source, record.author.username) == (source, "norfolk.editor")
    assert record.uplifts == {"nhs_minimum": "5.66"}
    nhs = Contribution.objects.filter(plan=plan, stream__code="nhs_minimum").aggregate(t=Sum("amount"))["t"]
    assert nhs == (Decimal("78456789") * Decimal("1.0566")).quantize(Decimal(1))
    actuals = MetricActual.objects.filter(area=plan.area, metric__period=plan.period, origin="computed")
    months = sorted(set(actuals.values_list("period", flat=True)))
    assert months[0] == "2026-04" and months[-1] == "2026-10"
    assert all(a.definition is not None and a.as_at is not None for a in actuals)
    assert periods_for(plan.area)[0] == "2026-27"  # the dashboard opens on the current year
    again = load_current_year(date(2026, 11, 29))
    assert not again.rolled and again.plan == plan
    assert Plan.objects.filter(area=plan.area, period=plan.period).count() == 1


def test_the_current_years_annual_ambitions_are_rated_against_the_year_so_far():
    """The 2026-27 plan states one ambition per metric for the year. Against the monthly figures the
    engine computes: emergency admissions (a rate per month) and the average discharge delay (a mean)
    are read against the ambition month by month and over the year to date pooled from the months;
    permanent admissions (a rate over the year) by the year-end forecast at the run rate. Expected
    figures are recomputed here from the imported rows."""
    from bettercare.monitoring.results import metric_results

    current = load_current_year(date(2026, 11, 29))
    results = {r.metric.code: r for r in metric_results(current.plan.area, "2026-27") if not r.locality}
    rows = {code: MetricActual.objects.filter(area=current.plan.area, metric__period=current.plan.period,
                                              metric__code=code, locality=None, component="")
            for code in results}
    assert all(r.rag != "grey" for r in results.values()), {c: r.status_text for c, r in results.items()}

    admissions = results["emergency-admissions-65"]
    monthly = list(rows["emergency-admissions-65"])
    count = sum(float(a.numerator) for a in monthly)
    population = sum(float(a.denominator) for a in monthly) / len(monthly)
    ytd = admissions.year_to_date
    assert (ytd.figure.start, ytd.figure.end) == (date(2026, 4, 1), date(2026, 10, 31))
    assert ytd.figure.value == pytest.approx(count / (population * 7) * 100000)
    assert (ytd.target_value, admissions.headline.target_value) == (2000, 2000)
    assert admissions.headline.figure.period == "2026-10"

    delay = results["discharge-delay-average"]
    days = list(rows["discharge-delay-average"])
    assert delay.year_to_date.figure.value == pytest.approx(
        sum(float(a.numerator) for a in days) / sum(float(a.denominator) for a in days))
    assert delay.year_to_date.target_value == pytest.approx(1.8)

    homes = results["perm-admissions-65"]
    placed = list(rows["perm-admissions-65"])
    year_count = sum(float(a.numerator) for a in placed) * 12 / 7
    homes_population = sum(float(a.denominator) for a in placed) / len(placed)
    assert (homes.headline_basis, homes.forecast_method) == ("forecast", "run rate")
    assert homes.headline.figure.value == pytest.approx(year_count / homes_population * 100000)
    assert homes.headline.target_value == 520
