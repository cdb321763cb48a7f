"""Compare HWBs and the joined series across a boundary change in a real Chromium: charts render,
the table sorts and filters, axe passes."""

import os
from datetime import date
from pathlib import Path

import numpy as np
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _national_falls() -> None:
    """Twelve monthly falls-65 figures for every HWB in force in 2023-24 (Poisson at 2,000 per 100,000
    aged 65+), Middlesbrough at twice the rate."""
    from bettercare.monitoring.models import MetricActual
    from bettercare.reference.models import AreaRegistration, Metric, Population
    from bettercare.reference.national_register import load_national_register

    load_national_register()
    metric = Metric.objects.get(period__code="2023-25", code="falls-65", area=None)
    rng = np.random.default_rng(3)
    rows = []
    for registration in AreaRegistration.objects.select_related("area").exclude(valid_to__lt=date(2023, 4, 1)):
        people = getattr(Population.objects.filter(area=registration.area, age_band="65+").first(), "population",
                         60_000)
        factor = 2.0 if registration.area.gss_code == "E06000002" else 1.0
        for k in range(12):
            year, month = (2023, 4 + k) if k < 9 else (2024, k - 8)
            end = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
            rows.append(MetricActual(area=registration.area, metric=metric, period=f"{year}-{month:02d}",
                                     period_start=date(year, month, 1), period_end=date.fromordinal(end),
                                     numerator=int(rng.poisson(people * 0.02 * factor / 12)), denominator=people,
                                     origin="computed", source="test"))
    MetricActual.objects.bulk_create(rows)


def test_compare_hwbs_page(page, live_server, demo_data, sign_in, axe_violations):
    _national_falls()
    sign_in("national")
    page.goto(f"{live_server.url}/benchmark/?metric=falls-65&period=2023-24")
    page.wait_for_selector("#chart-funnel[data-rendered='true'] svg")
    page.wait_for_selector("#chart-compare[data-rendered='true'] svg")
    assert page.locator("#benchmark-table tbody tr").count() == 152
    assert [v["id"] for v in axe_violations()] == []
    page.get_by_label("Region").select_option(label="North East")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("link", name="Value (95% interval)").click()
    page.get_by_role("link", name="Value (95% interval)").click()  # highest first
    first = page.locator("#benchmark-table tbody tr").first
    assert "Middlesbrough" in first.inner_text() and "Worse" in first.inner_text()
    assert page.locator("#benchmark-table tbody tr").count() == 12
    with page.expect_download() as download:
        page.get_by_role("link", name="Download these rows as CSV").click()
    assert download.value.suggested_filename == "benchmark-falls-65-2023-24.csv"


def test_successor_page_shows_series_joined_across_april_2021(page, live_server, demo_data, sign_in,
                                                              axe_violations):
    from bettercare.reference.national_register import load_national_register
    from bettercare.scenarios.national import load_northamptonshire

    load_national_register()
    load_northamptonshire(seed=5)
    sign_in("national")
    page.goto(f"{live_server.url}/hwb/E06000061/metrics/perm-admissions-65/?period=2022-23")
    series = page.locator("#boundary-series-1")
    assert "Northamptonshire (E10000021)" in series.inner_text() and "Before the change" in series.inner_text()
    assert "formed on 1 April 2021" in page.locator(".bc-boundary-note").inner_text()
    page.wait_for_selector("[data-vega-spec][data-rendered='true']")
    assert [v["id"] for v in axe_violations()] == []


SHOTS = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))


def _national_reablement() -> None:
    """An annual 2023-24 reablement-91 proportion for every HWB in force (Binomial, 82%)."""
    from bettercare.monitoring.models import MetricActual
    from bettercare.reference.models import AreaRegistration, Metric

    metric = Metric.objects.get(period__code="2023-25", code="reablement-91", area=None)
    rng = np.random.default_rng(5)
    MetricActual.objects.bulk_create([
        MetricActual(area=r.area, metric=metric, period="2023-24", period_start=date(2023, 4, 1),
                     period_end=date(2024, 3, 31), numerator=int(rng.binomial(400, 0.82)), denominator=400,
                     origin="computed", source="test")
        for r in AreaRegistration.objects.select_related("area").exclude(valid_to__lt=date(2023, 4, 1))])


def test_spine_chart_and_benchmark_against_targets_and_family_group(page, live_server, demo_data, sign_in,
                                                                   axe_violations):
    from bettercare.monitoring.models import ComparatorGroup
    from bettercare.scenarios.comparator_groups import FAMILY_GROUP, load_demo_groups
    from bettercare.scenarios.national_targets import load_national_targets

    _national_falls()
    _national_reablement()
    load_national_targets()
    load_demo_groups()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in("norfolk.editor")
    page.goto(f"{live_server.url}/benchmark/hwb/E10000020/?period=2023-24")
    page.wait_for_selector("#chart-spine[data-rendered='true'] svg")
    assert page.locator("#chart-spine [aria-roledescription='circle']").count() == 2  # Norfolk on both metrics
    table = page.locator("#spine-table").inner_text()
    assert "Norfolk family group" in page.locator("main").inner_text() and "25th percentile" in table
    assert [v["id"] for v in axe_violations()] == []
    page.screenshot(path=str(SHOTS / "spine-chart-norfolk-1280.png"), full_page=True)
    family = ComparatorGroup.objects.get(name=FAMILY_GROUP)
    sign_in("national")
    page.goto(f"{live_server.url}/benchmark/?metric=falls-65&period=2023-24&group={family.code}&sort=rag")
    page.wait_for_selector("#chart-compare[data-rendered='true'] svg")
    rows = page.locator("#benchmark-table tbody tr")
    assert rows.count() == 16 and "Group 95%" in page.locator("#benchmark-table thead").inner_text()
    assert page.locator("#benchmark-table tbody .govuk-tag--red, #benchmark-table tbody .govuk-tag--green").count() > 0
    assert [v["id"] for v in axe_violations()] == []
    page.locator("#benchmark-table").screenshot(path=str(SHOTS / "benchmark-table-family-group-1280.png"))
    page.get_by_role("link", name="Comparator groups").click()
    page.get_by_role("link", name=FAMILY_GROUP).click()
    assert "Version 1 (current)" in page.locator("main").inner_text()
