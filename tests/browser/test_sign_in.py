"""A real Chromium signs in, sees the HWB list, and is refused another HWB's plan."""

import pytest
from playwright.sync_api import expect

from bettercare.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_national_user_signs_in_and_sees_every_hwb(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("national")
    rows = page.locator("#hwb-list tbody tr")
    assert rows.count() == 3
    assert "Leicestershire" in page.locator("#hwb-list").inner_text()
    assert axe_violations() == []
    page.get_by_role("link", name="Leicestershire").click()
    expect(page.locator("main")).to_contain_text("£55,993,000")  # waits for the HWB page
    assert axe_violations() == []


def test_wrong_password_shows_an_error_summary(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("national", password="wrong")
    expect(page.locator(".govuk-error-summary")).to_be_visible()  # waits for the answer to the post
    assert axe_violations() == []


def test_editor_cannot_open_another_hwbs_plan(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("norfolk.editor")
    assert page.locator("#hwb-list tbody tr").count() == 1
    other = Plan.objects.get(scenario="leicestershire-2018-19")
    response = page.goto(f"{live_server.url}/plans/{other.id}/")
    assert response.status == 403
