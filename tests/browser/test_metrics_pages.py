"""The dashboard and a metric page in a real Chromium: charts render, values show, axe passes."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from bettercare.reference.models import Metric

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))


def test_dashboard_and_metric_page(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/hwb/E10000018/metrics/?period=2018-19")
    table = page.locator("#metrics-table")
    assert table.locator("tr[data-metric='perm-admissions-65']").get_attribute("data-rag") == "amber"
    dtoc = table.locator("tr[data-metric='dtoc']")
    assert "5.80" in dtoc.locator("[data-cell='latest']").inner_text()
    assert "7.88" in dtoc.locator("[data-cell='target']").inner_text()
    nea = table.locator("tr[data-metric='nea']")
    assert nea.get_attribute("data-rag") == "green"  # the HWB's rule: at or below the target is green
    assert "818.63" in nea.locator("[data-cell='latest']").inner_text()
    comparison = nea.locator("[data-cell='comparison']").inner_text()
    assert "statistically similar" in comparison.lower()
    page.wait_for_selector("[data-vega-spec][data-rendered='true']")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.screenshot(path=str(SHOTS / "dashboard-leicestershire-2018-19.png"), full_page=True)
    assert [v["id"] for v in axe_violations()] == []

    page.get_by_role(
        "link",
        name="Delayed transfers of care (delayed days) from hospital per 100,000 population "
        "(average delayed days per day, 18+)",
    ).click()
    page.wait_for_selector("#chart-spc[data-rendered='true'] svg")
    page.wait_for_selector("#chart-actual[data-rendered='true'] svg")
    assert "Green" in page.locator("#metric-summary").inner_text()
    assert page.locator("#components-table tbody tr").count() == 12  # April-July x NHS / social care / both
    assert "5.80" in page.locator("#figures-table").inner_text()
    assert [v["id"] for v in axe_violations()] == []


def test_editor_writes_commentary_on_the_dashboard(page, live_server, demo_data, sign_in):
    sign_in("norfolk.editor")
    page.goto(f"{live_server.url}/hwb/E10000020/metrics/?period=2017-18")
    nea = Metric.objects.filter(code="nea").first()
    box = page.get_by_label(f"Commentary on {nea.title}")  # the metric's title, not its id (issue 16)
    box.fill("Admissions fell after the frailty unit opened.")
    page.locator("#metric-nea").get_by_role("button", name="Save commentary").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert "Admissions fell after the frailty unit opened." in page.locator("#metric-nea").inner_text()


def test_metric_page_for_a_24_month_computed_series(page, live_server, demo_data, sign_in, axe_violations):
    """The demo's 2023-25 computed actuals with one month taken out and one month raised: the SPC
    chart spans both financial years, draws the missing month as a gap, shows the Making Data Count
    icons, and gives the rule that flagged each special-cause point."""
    import json

    from bettercare.monitoring.models import MetricActual
    from bettercare.scenarios.computed import load_computed_demo

    load_computed_demo(rows=4000, seed=11)
    series = MetricActual.objects.filter(
        area__gss_code="E10000018", metric__code="avoidable-admissions", locality=None, component=""
    )
    assert series.count() == 24
    series.get(period="2024-06").delete()
    raised = series.get(period="2025-01")
    raised.numerator *= 5  # far above the upper process limit
    raised.save()

    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/hwb/E10000018/metrics/avoidable-admissions/?period=2024-25")
    page.wait_for_selector("#chart-spc[data-rendered='true'] svg")

    spec = json.loads(page.locator("#chart-spc script[type='application/json']").text_content())
    rows = next(part["data"]["values"] for part in [spec, *spec["layer"]] if "data" in part)
    assert [r["period"] for r in rows][:3] == ["April 2023", "May 2023", "June 2023"] and len(rows) == 24
    gap = next(r for r in rows if r["period"] == "June 2024")
    assert gap["value"] is None and gap["point"] == "Missing"
    # the value line is broken at the gap: its path starts again after June 2024
    value_line = page.locator("#chart-spc g.mark-line path").first.get_attribute("d")
    assert value_line.count("M") == 2
    assert "June 2024" in page.locator("#spc-missing-avoidable-admissions").inner_text()

    special = [r for r in rows if r["special"]]
    assert any(r["period"] == "January 2025" for r in special)
    table = page.locator("#spc-points-avoidable-admissions tbody tr")
    assert table.count() == len(special)
    for i, row in enumerate(special):
        cells = table.nth(i)
        assert cells.locator("th").inner_text() == row["period"]
        reason = cells.locator("td").nth(1).inner_text()
        assert reason == row["why"] and ":" in reason  # e.g. "Concern: above the upper process limit"
    january = page.locator("#spc-points-avoidable-admissions tr[data-period='January 2025'] td").nth(1).inner_text()
    assert january.startswith("Concern: above the upper process limit")  # lower is better

    icon = page.locator("#spc-summary svg[role='img']")
    assert icon.count() >= 1
    assert "variation" in icon.first.get_attribute("aria-label").lower()
    summary = page.locator("#spc-text").inner_text()
    assert "23 monthly figures from April 2023 to March 2025" in summary and "June 2024" in summary
    violations = axe_violations()
    assert [v["id"] for v in violations] == [], [n["html"][:300] for v in violations for n in v["nodes"]]

    page.goto(f"{live_server.url}/hwb/E10000018/metrics/?period=2024-25")
    page.wait_for_selector("[data-vega-spec][data-rendered='true']")
    summary_row = page.locator("#spc-summary-table tr[data-metric='avoidable-admissions']")
    assert summary_row.locator("svg[role='img']").count() >= 1
    assert "January 2025" in summary_row.inner_text() or "February 2025" in summary_row.inner_text()
    assert [v["id"] for v in axe_violations()] == []
