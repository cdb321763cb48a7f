"""Compare HWBs and the joined series across a boundary change in a real Chromium: charts render,
the table sorts and filters, axe passes."""


import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _national_falls() -> None:
    """Twelve monthly falls-65 figures with their age bands for every HWB in force in 2023-24 (about
    2,000 per 100,000 aged 65+), Middlesbrough at twice the rates."""
    from bettercare.reference.national_register import load_national_register
    from falls_figures import falls_with_bands

    load_national_register()
    falls_with_bands(3, {"E06000002": 2.0})


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
