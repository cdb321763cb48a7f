"""Issue 16's journeys in a real Chromium: a BCF lead explains the checks' findings on Norfolk's
2014-16 plan (slips of seed 001), an approver accepts them, and the lead submits the plan after a
confirmation page; an approver approves a return prepared by someone else after a confirmation page.
Every page passes axe."""

import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from bettercare.accounts.models import Membership
from bettercare.delivery import conditions as condition_service
from bettercare.delivery import workflow
from bettercare.delivery.models import QuarterlyReturn
from bettercare.planbook.checks import run_checks
from bettercare.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-browser-password"
SHOTS = Path(tempfile.gettempdir()) / "bettercare-screenshots"


def sign_in_as(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")


def shoot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_bcf_lead_submits_a_plan_with_accepted_findings(page, browser, live_server, demo_data, sign_in,
                                                       axe_violations):
    norfolk = Plan.objects.get(scenario="norfolk-2014-16")
    errors = len(run_checks(norfolk).errors)
    approver = get_user_model().objects.create_user("norfolk.approver", password=PASSWORD)
    Membership.objects.create(user=approver, area=norfolk.area, role="approver")
    checks = f"{live_server.url}/plans/{norfolk.pk}/checks/"

    sign_in("norfolk.editor")
    page.goto(checks)
    expect(page.locator("#blocking-summary")).to_contain_text(f"{errors} errors still stop submission")
    assert axe_violations() == []
    page.get_by_role("button", name="Record the explanation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one finding")
    assert axe_violations() == []
    boxes = page.locator('input[name="finding"]')
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_label("Explanation of the chosen findings").fill(
        "Slips in the source document (seed 001): the plan signed by the HWB kept them."
    )
    page.get_by_role("button", name="Record the explanation").click()
    expect(page.locator("#findings")).to_contain_text("Awaiting an approver")
    page.goto(f"{live_server.url}/plans/{norfolk.pk}/submit/")
    expect(page.locator("#cannot")).to_contain_text(f"{errors} errors")
    assert axe_violations() == []

    approver_context = browser.new_context()
    approver_page = approver_context.new_page()
    try:
        sign_in_as(approver_page, live_server, "norfolk.approver", PASSWORD)
        approver_page.goto(checks)
        boxes = approver_page.locator('input[name="finding"]')
        for index in range(boxes.count()):
            boxes.nth(index).check()
        approver_page.get_by_label("Why the explanations of the chosen findings are accepted").fill(
            "Checked against the signed plan: the figures are the source document's own."
        )
        approver_page.get_by_role("button", name="Accept the chosen explanations").click()
        expect(approver_page.locator("#blocking-summary")).to_contain_text("Every error has an explanation accepted")
    finally:
        approver_context.close()

    page.goto(checks)
    expect(page.locator("#findings")).to_contain_text("Accepted by norfolk.approver")
    shoot(page, "plan-checks-accepted")
    page.get_by_role("button", name="Submit version 1").click()
    expect(page.locator("h1")).to_have_text("Submit version 1?")
    expect(page.locator("#consequence")).to_contain_text("accepted findings are listed with the submitted plan")
    assert axe_violations() == []
    shoot(page, "plan-submit-confirm")
    page.set_viewport_size({"width": 768, "height": 900})
    assert no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Yes, submit version 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is submitted")
    norfolk.refresh_from_db()
    assert norfolk.status == "submitted"
    page.goto(checks)
    expect(page.locator("#accepted-findings")).to_be_visible()
    assert axe_violations() == []


def test_approver_approves_a_return_prepared_by_someone_else(page, live_server, demo_data, sign_in, axe_violations):
    leics = Plan.objects.get(scenario="leicestershire-2018-19")
    editor = get_user_model().objects.create_user("leics.bcf.lead", password=PASSWORD)
    Membership.objects.create(user=editor, area=leics.area, role="editor")
    ret = workflow.start_return(editor, leics.area, "2018-19-Q1")
    condition_service.save_quarter(editor, ret.plan, ret.quarter, [
        {"condition": c, "version": 0, "confirmed": True, "narrative": ""}
        for c in condition_service.conditions_of(ret.plan)])
    ret.refresh_from_db()
    ret = workflow.update_narrative(editor, ret, ret.version, {
        "achievements": "Home First soft launch planned for October 2018.",
        "challenges": "Developing the Home First entry point.",
    })
    workflow.transition(editor, QuarterlyReturn.objects.get(pk=ret.pk), "ready")

    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/delivery/returns/{ret.id}/")
    assert page.locator("#duty-note").count() == 0
    page.get_by_role("button", name="Approve (sign off for the HWB)").click()
    expect(page.locator("h1")).to_have_text("Approve (sign off for the HWB)?")
    expect(page.locator("#consequence")).to_contain_text("stored as the signed-off return")
    assert axe_violations() == []
    shoot(page, "return-approve-confirm")
    page.set_viewport_size({"width": 768, "height": 900})
    assert no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert QuarterlyReturn.objects.get(pk=ret.pk).status == "ready"  # nothing happens before confirming
    page.get_by_role("button", name="Yes, approve (sign off for the HWB)").click()
    expect(page.locator("#return-status")).to_have_text("Approved")
    approved = QuarterlyReturn.objects.get(pk=ret.pk)
    assert (approved.ready_by.username, approved.approved_by.username) == ("leics.bcf.lead", "leicestershire.approver")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator("h1")).to_have_text("Submit the return?")
    assert axe_violations() == []
    page.get_by_role("link", name="No, go back to the return").click()
    expect(page.locator("#return-status")).to_have_text("Approved")
    assert axe_violations() == []
