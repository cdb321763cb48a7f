"""A real Chromium reads the delivery registers of the seed scenarios (NEL actions and risk log,
Norfolk's HICM review, a maturity chart), and two editors change one risk at once: the second is
refused with a message and the history shows both. Every page passes axe."""

import pytest
from django.contrib.auth import get_user_model

from bettercare.accounts.models import Membership
from bettercare.delivery import hicm as hicm_service
from bettercare.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-browser-password"


def test_registers_read_by_the_national_team(page, live_server, demo_data, sign_in, axe_violations):
    nel = Plan.objects.get(scenario="nel-2017-19")
    norfolk = Plan.objects.get(scenario="norfolk-2017-19")
    leics = Plan.objects.get(scenario="leicestershire-2018-19")
    change = hicm_service.model_for(leics).changes.get(number=6)
    approver = get_user_model().objects.get(username="leicestershire.approver")
    for quarter, level, planned in (("2018-19-Q1", "plans_in_place", "established"),
                                    ("2018-19-Q2", "established", "mature")):
        hicm_service.save_quarter(approver, leics, quarter, [
            {"change": change, "version": 0, "maturity": level, "planned_maturity": planned, "narrative": ""}])
    sign_in("national")

    page.goto(f"{live_server.url}/delivery/plans/{nel.id}/")
    assert "33 actions" in page.content()
    assert axe_violations() == []
    page.get_by_role("link", name="Actions and milestones").click()
    assert page.locator("#action-table tbody tr").count() == 33
    assert axe_violations() == []
    page.get_by_label("High Impact Change").select_option("6")
    page.get_by_role("button", name="Filter").click()
    assert page.locator("#action-table tbody tr").count() == 7

    page.goto(f"{live_server.url}/delivery/plans/{nel.id}/risks/")
    assert page.locator("#risk-register tbody tr").count() == 10
    assert page.locator("#top-risks tbody tr").first.inner_text().startswith("R3")
    assert axe_violations() == []
    page.get_by_role("link", name="R3", exact=True).first.click()
    assert "3 × 5 = 15 (High)" in page.locator("#risk-summary").inner_text()
    assert axe_violations() == []

    page.goto(f"{live_server.url}/delivery/plans/{norfolk.id}/hicm/")
    assert page.locator("#hicm-narratives").inner_text().count("Rated green or amber") == 8
    assert axe_violations() == []
    page.goto(f"{live_server.url}/delivery/plans/{nel.id}/conditions/")
    assert page.locator("#condition-grid tbody tr").count() == 4
    assert axe_violations() == []
    page.goto(f"{live_server.url}/delivery/plans/{leics.id}/hicm/change/6/")
    assert page.get_by_role("img", name="Line chart of the maturity of change 6").count() == 1
    assert axe_violations() == []


def test_two_editors_change_one_risk_at_once(page, browser, live_server, demo_data, axe_violations):
    nel = Plan.objects.get(scenario="nel-2017-19")
    for username in ("nel.alice", "nel.bob"):
        user = get_user_model().objects.create_user(username, password=PASSWORD)
        Membership.objects.create(user=user, area=nel.area, role="editor")
    risk = nel.risks.get(ref="R2b")
    edit_url = f"{live_server.url}/delivery/risks/{risk.id}/edit/"
    bob_context = browser.new_context()
    bob = bob_context.new_page()
    try:
        for who, tab in (("nel.alice", page), ("nel.bob", bob)):
            tab.goto(f"{live_server.url}/sign-in/")
            tab.get_by_label("Username").fill(who)
            tab.get_by_label("Password").fill(PASSWORD)
            tab.get_by_role("button", name="Sign in").click()
            tab.goto(edit_url)
        assert axe_violations() == []
        page.get_by_label("Impact (1 to 5)").select_option("5")
        page.get_by_role("button", name="Save risk").click()
        assert "2 × 5 = 10" in page.locator("#risk-summary").inner_text()

        bob.get_by_label("Likelihood (1 to 5)").select_option("1")
        bob.get_by_label("Owner (optional)").fill("Bob")
        bob.get_by_role("button", name="Save risk").click()
        summary = bob.locator(".govuk-error-summary").inner_text()
        assert "This risk was changed by nel.alice at" in summary and "your changes were not saved" in summary
        risk.refresh_from_db()
        assert (risk.likelihood, risk.impact, risk.owner) == (2, 5, "")

        page.goto(f"{live_server.url}/delivery/risks/{risk.id}/history/")
        history = page.locator("#history").inner_text()
        assert "nel.alice" in history and "nel.bob" in history and "Refused" in history
        assert axe_violations() == []
    finally:
        bob_context.close()
