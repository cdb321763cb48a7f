"""The dashboard and a metric page in a real Chromium: charts render, values show, axe passes."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_dashboard_and_metric_page(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/hwb/E10000018/metrics/?period=2018-19")
    table = page.locator("#metrics-table")
    assert table.locator("tr[data-metric='perm-admissions-65']").get_attribute("data-rag") == "amber"
    dtoc = table.locator("tr[data-metric='dtoc']")
    assert "5.80" in dtoc.locator("[data-cell='latest']").inner_text()
    assert "7.88" in dtoc.locator("[data-cell='target']").inner_text()
    page.wait_for_selector("[data-vega-spec][data-rendered='true']")
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
    box = page.get_by_label("Commentary on nea")
    box.fill("Admissions fell after the frailty unit opened.")
    page.locator("#metric-nea").get_by_role("button", name="Save commentary").click()
    assert page.locator(".govuk-notification-banner--success").is_visible()
    assert "Admissions fell after the frailty unit opened." in page.locator("#metric-nea").inner_text()
