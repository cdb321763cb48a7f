"""A real Chromium edits a scheme's spend and sees the totals and checks update in place; a
submitted or approved plan refuses edits and offers a new version; the plan pages pass axe."""

import re

import pytest
from playwright.sync_api import expect

from bettercare.plans.models import Plan, Scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editing_a_schemes_spend_updates_totals_and_checks(page, live_server, demo_data, sign_in, axe_violations):
    norfolk = Plan.objects.get(scenario="norfolk-2014-16")
    wn1 = Scheme.objects.get(plan=norfolk, ref="WN1")
    sign_in("norfolk.editor")
    page.goto(f"{live_server.url}/plans/{norfolk.pk}/editor/")
    spend_2015 = page.locator('#plan-totals tr[data-year="2015-16"] [data-total="spend"]')
    expect(spend_2015).to_have_text("£62,461,000")
    findings = page.locator("#check-findings")
    expect(findings).to_contain_text("Expenditure, 2015-16: West Norfolk (07J)")
    errors_before = int(re.search(r"(\d+) errors?", page.locator("#check-summary").inner_text())[1])
    assert axe_violations() == []

    page.get_by_label("WN1 2015-16 Recurrent spend (£)").fill("2033000")
    page.get_by_role("button", name="Save spend of WN1").click()

    expect(spend_2015).to_have_text("£62,460,000")
    expect(page.locator('#plan-totals tr[data-year="2015-16"] [data-total="difference"]')).to_have_text("−£1,000")
    expect(findings).not_to_contain_text("West Norfolk (07J)")
    expect(page.locator("#editor-status")).to_contain_text("Saved the spend of scheme WN1")
    errors_after = int(re.search(r"(\d+) errors?", page.locator("#check-summary").inner_text())[1])
    assert errors_after == errors_before - 2  # the stream and the locality mismatch both cleared
    assert page.url.endswith(f"/plans/{norfolk.pk}/editor/")  # updated in place, no reload
    assert Scheme.objects.get(pk=wn1.pk).finances.get(kind="spend", financial_year="2015-16").recurrent == 2033000
    assert axe_violations() == []

    page.get_by_label("WN1 2015-16 Recurrent spend (£)").fill("two million")
    page.get_by_role("button", name="Save spend of WN1").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an amount in pounds")
    assert axe_violations() == []


def test_a_submitted_plan_cannot_be_edited_in_place(page, live_server, demo_data, sign_in, axe_violations):
    leics = Plan.objects.get(scenario="leicestershire-2018-19")
    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/plans/{leics.pk}/editor/")
    expect(page.locator("#frozen-warning")).to_contain_text("cannot be changed in place")
    assert page.locator("#contributions-table input").count() == 0
    assert page.get_by_role("link", name="Add a contribution").count() == 0
    assert axe_violations() == []

    page.goto(f"{live_server.url}/plans/{leics.pk}/editor/contributions/add/")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("cannot be changed. Create a new version")
    assert page.url.endswith(f"/plans/{leics.pk}/editor/")
    assert axe_violations() == []

    page.get_by_role("button", name="Create a new version").click()
    copy = Plan.objects.get(area=leics.area, period=leics.period, version=3)
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Created version 3")
    assert page.url.endswith(f"/plans/{copy.pk}/editor/")
    expect(page.get_by_role("link", name="Add a contribution")).to_be_visible()
    assert leics.contributions.count() == copy.contributions.count() == 7
    assert axe_violations() == []


def test_plan_pages_are_accessible(page, live_server, demo_data, sign_in, axe_violations):
    norfolk = Plan.objects.get(scenario="norfolk-2014-16")
    sign_in("norfolk.editor")
    base = f"{live_server.url}/plans/{norfolk.pk}"
    for path in (
        "checks/",
        "versions/",
        "finance-monitoring/",
        "payment-for-performance/?cost=1000&actual_Q1=4450",
        "editor/conditions/",
        f"editor/schemes/{Scheme.objects.get(plan=norfolk, ref='NN4').pk}/",
        "editor/metrics/add/",
    ):
        page.goto(f"{base}/{path}")
        assert page.locator("h1").count() == 1, path
        assert axe_violations() == [], path
    page.goto(f"{base}/editor/contributions/add/")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the partner")
    assert axe_violations() == []
    page.goto(f"{live_server.url}/plans/import/")
    page.get_by_role("button", name="Import").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose a planning workbook")
    assert axe_violations() == []
    leics = Plan.objects.get(scenario="leicestershire-2018-19")
    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/plans/{leics.pk}/finance-monitoring/")
    expect(page.locator('[data-total="budget"]')).to_have_text("£55,993,000")
    assert axe_violations() == []
