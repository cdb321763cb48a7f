"""The national team records a plan's assurance through the form in a real browser; the HWB's
approver then sees the outcome on the plan's page, read-only, and the page is axe-core clean."""

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser
SHOTS = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))


def test_national_team_records_assurance_and_the_hwb_reads_it(demo_data, page, live_server, sign_in,
                                                               axe_violations):
    from bettercare.plans.models import Plan

    plan = Plan.objects.get(scenario="leicestershire-2018-19")
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)

    sign_in("national")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    page.get_by_role("link", name="Record the assurance outcome").click()
    page.get_by_label("Approved with conditions").check()
    page.get_by_role("button", name="Save assurance outcome").click()
    assert "Enter at least one condition" in page.locator(".govuk-error-summary").inner_text()
    page.locator("#id_condition_1").fill("Agree the discharge-to-assess trajectory with the ICB")
    page.locator("#id_due_1").fill("31/03/2019")
    page.locator("#id_condition_2").fill("Publish the carers' breaks plan")
    page.locator("#id_due_2").fill("2019-06-30")
    page.locator("#id_note").fill("A clear plan; two points to settle before Q1 2019-20.")
    page.get_by_role("button", name="Save assurance outcome").click()
    assert page.url.endswith(f"/plans/{plan.pk}/")
    page.context.clear_cookies()

    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    section = page.locator("#assurance")
    text = section.inner_text()
    assert "Approved with conditions" in text and "31 March 2019" in text and "30 June 2019" in text
    assert section.get_by_role("link").count() == 0  # read-only for the HWB
    section.scroll_into_view_if_needed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.evaluate("document.getElementById('assurance').scrollIntoView()")
    page.screenshot(path=str(SHOTS / "plan-assurance-1280.png"), full_page=False)
    assert axe_violations() == []
    assert errors == []
