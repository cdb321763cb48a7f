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
