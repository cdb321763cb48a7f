"""Issue 16's journeys in a real Chromium: a BCF lead edits Norfolk's 2014-16 plan, explains the
checks' remaining findings (slips of seed 001), an approver accepts them, and the lead submits the plan
after a confirmation page; an approver approves a return prepared by someone else after a confirmation
page. Every page on the way is looked at 1280px and 768px wide (screenshots, no sideways scroll, column
headings whole) and passes axe (``looking.look``)."""

import re

import pytest
from django.contrib.auth import get_user_model
from looking import look
from playwright.sync_api import expect

from bettercare.accounts.models import Membership
from bettercare.delivery import conditions as condition_service
from bettercare.delivery import workflow
from bettercare.delivery.models import QuarterlyReturn
from bettercare.planbook.checks import run_checks
from bettercare.plans.models import Plan, Scheme

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-browser-password"


def sign_in_as(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_bcf_lead_edits_and_submits_a_plan_with_accepted_findings(page, browser, live_server, demo_data, sign_in):
    norfolk = Plan.objects.get(scenario="norfolk-2014-16")
    approver = get_user_model().objects.create_user("norfolk.approver", password=PASSWORD)
    Membership.objects.create(user=approver, area=norfolk.area, role="approver")
    checks = f"{live_server.url}/plans/{norfolk.pk}/checks/"
    seen: list[str] = []

    sign_in("norfolk.editor")
    page.goto(f"{live_server.url}/hwb/{norfolk.area.gss_code}/")
    seen += look(page, "lead-1-hwb")
    page.get_by_role("link", name=re.compile("2014-16 version 1")).click()
    seen += look(page, "lead-2-plan")

    # edit: a slip of the source (West Norfolk's 2015-16 spend) corrected in the plan editor
    page.goto(f"{live_server.url}/plans/{norfolk.pk}/editor/")
    page.get_by_label("WN1 2015-16 Recurrent spend (£)").fill("2033000")
    page.get_by_role("button", name="Save spend of WN1").click()
    expect(page.locator("#editor-status")).to_contain_text("Saved the spend of scheme WN1")
    assert Scheme.objects.get(plan=norfolk, ref="WN1").finances.get(
        kind="spend", financial_year="2015-16").recurrent == 2033000
    seen += look(page, "lead-3-editor-saved")
    page.get_by_label("WN1 2015-16 Recurrent spend (£)").fill("two million")
    page.get_by_role("button", name="Save spend of WN1").click()
    summary = page.locator("#editor-errors .govuk-error-summary")
    expect(summary).to_contain_text("Enter an amount in pounds")
    expect(summary).to_be_focused()  # the inline (htmx) error moves focus to the summary, as a full page does
    seen += look(page, "lead-4-editor-inline-error")
    errors = len(run_checks(norfolk).errors)
    assert errors > 0

    page.goto(checks)
    expect(page.locator("#blocking-summary")).to_contain_text(f"{errors} errors still stop submission")
    seen += look(page, "lead-5-checks")
    page.get_by_role("button", name="Record the explanation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose at least one finding")
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    seen += look(page, "lead-6-checks-error")
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
    seen += look(page, "lead-7-cannot-submit-yet")

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
        seen += look(approver_page, "approver-findings-accepted")
    finally:
        approver_context.close()

    page.goto(checks)
    expect(page.locator("#findings")).to_contain_text("Accepted by norfolk.approver")
    seen += look(page, "lead-8-checks-accepted")
    page.get_by_role("button", name="Submit version 1").click()
    expect(page.locator("h1")).to_have_text("Submit version 1?")
    expect(page.locator("#consequence")).to_contain_text("accepted findings are listed with the submitted plan")
    seen += look(page, "lead-9-submit-confirm")
    page.get_by_role("button", name="Yes, submit version 1").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is submitted")
    seen += look(page, "lead-10-submitted")
    norfolk.refresh_from_db()
    assert norfolk.status == "submitted"
    page.goto(checks)
    expect(page.locator("#accepted-findings")).to_be_visible()
    seen += look(page, "lead-11-accepted-findings-listed")
    assert not seen, "\n".join(seen)


def test_approver_approves_a_return_prepared_by_someone_else(page, live_server, demo_data, sign_in):
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
    seen: list[str] = []

    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/delivery/hwb/{leics.area.gss_code}/returns/")
    seen += look(page, "approver-1-returns")
    page.goto(f"{live_server.url}/delivery/returns/{ret.id}/")
    assert page.locator("#duty-note").count() == 0
    seen += look(page, "approver-2-return")
    page.get_by_role("button", name="Approve (sign off for the HWB)").click()
    expect(page.locator("h1")).to_have_text("Approve (sign off for the HWB)?")
    expect(page.locator("#consequence")).to_contain_text("stored as the signed-off return")
    seen += look(page, "approver-3-approve-confirm")
    assert QuarterlyReturn.objects.get(pk=ret.pk).status == "ready"  # nothing happens before confirming
    page.get_by_role("button", name="Yes, approve (sign off for the HWB)").click()
    expect(page.locator("#return-status")).to_have_text("Approved")
    seen += look(page, "approver-4-approved")
    approved = QuarterlyReturn.objects.get(pk=ret.pk)
    assert (approved.ready_by.username, approved.approved_by.username) == ("leics.bcf.lead", "leicestershire.approver")
    page.get_by_role("button", name="Submit the return").click()
    expect(page.locator("h1")).to_have_text("Submit the return?")
    seen += look(page, "approver-5-submit-confirm")
    page.get_by_role("link", name="No, go back to the return").click()
    expect(page.locator("#return-status")).to_have_text("Approved")
    assert not seen, "\n".join(seen)
