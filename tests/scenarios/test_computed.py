"""Actuals computed by the record-level engine reach the dashboard, labelled computed with the
extract's as-at date."""

import pytest
from django.contrib.auth import get_user_model

from bettercare.monitoring.models import MetricActual
from bettercare.scenarios.computed import load_computed_demo

pytestmark = pytest.mark.django_db


def test_computed_actuals_on_the_dashboard(client):
    report = load_computed_demo(rows=4000, seed=11)
    assert report.created > 0 and report.updated == 0
    computed = MetricActual.objects.filter(origin="computed")
    assert computed.count() == report.rows
    assert {str(a) for a in computed.values_list("as_at", flat=True).distinct()} == {"2025-03-31"}
    assert set(computed.values_list("metric__period__code", flat=True)) == {"2023-25"}
    client.force_login(get_user_model().objects.get(username="norfolk.editor"))
    html = client.get("/hwb/E10000020/metrics/?period=2024-25").content.decode()
    assert 'data-metric="avoidable-admissions"' in html
    assert "computed from a record-level extract, as at 2025-03-31" in html
