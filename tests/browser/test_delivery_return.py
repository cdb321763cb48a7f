"""A real Chromium fills a quarterly return as an editor, the approver signs it off and submits it,
and an attempt to edit the submitted return is refused; every page passes axe."""

import pytest
from django.contrib.auth import get_user_model

from bettercare.accounts.models import Membership
from bettercare.delivery.models import QuarterlyReturn
from bettercare.reference.models import Area

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LEICESTERSHIRE = "E10000018"
PASSWORD = "a-long-browser-password"


def sign_in_as(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_fill_sign_off_submit_then_editing_is_refused(page, browser, live_server, demo_data, axe_violations):
    area = Area.objects.get(gss_code=LEICESTERSHIRE)
    editor = get_user_model().objects.create_user("leics.bcf.lead", password=PASSWORD)
    Membership.objects.create(user=editor, area=area, role="editor")

    sign_in_as(page, live_server, "leics.bcf.lead", PASSWORD)
    page.goto(f"{live_server.url}/delivery/hwb/{LEICESTERSHIRE}/returns/")
    assert axe_violations() == []
    page.get_by_label("Quarter").select_option("2018-19-Q1")
    page.get_by_role("button", name="Start the return").click()
    assert page.locator("#return-status").inner_text() == "Draft"
    assert "£55,993,000" in page.content()  # income, seed 004 para 8
    assert axe_violations() == []

    page.get_by_role("link", name="National conditions", exact=True).click()
    for code in ("plan_jointly_agreed", "nhs_contribution_asc", "out_of_hospital"):
        page.locator(f"#confirmed-{code}").check()
    page.locator("#confirmed-hicm-no").check()
    page.get_by_role("button", name="Save confirmations").click()
    summary = page.locator(".govuk-error-summary")
    assert "Explain why national condition 4 is not met" in summary.inner_text()
    assert axe_violations() == []
    page.locator("#narrative-hicm").fill("HICM self-assessment to be refreshed with the A&E Delivery Board in Q2.")
    page.get_by_role("button", name="Save confirmations").click()
    assert page.locator("#return-status").inner_text() == "Draft"

    page.get_by_role("link", name="Narrative: achievements, challenges and support needed").click()
    assert axe_violations() == []
    page.get_by_label("Achievements this quarter").fill("Hospital Housing Enablement business case in development.")
    page.get_by_label("Challenges this quarter").fill("Developing the Home First entry point ready for October.")
    page.get_by_role("button", name="Save narrative").click()

    page.get_by_role("link", name="Metric statuses").click()
    assert axe_violations() == []
    page.get_by_role("button", name="Save statuses").click()

    page.get_by_role("button", name="Mark as ready for sign-off").click()
    assert page.locator("#return-status").inner_text() == "Ready for sign-off"
    assert page.get_by_role("button", name="Approve (sign off for the HWB)").count() == 0  # editors cannot approve

    approver_context = browser.new_context()
    approver = approver_context.new_page()
    try:
        sign_in_as(approver, live_server, "leicestershire.approver", "bettercare-demo")
        ret = QuarterlyReturn.objects.get(area=area, quarter="2018-19-Q1")
        approver.goto(f"{live_server.url}/delivery/returns/{ret.id}/")
        approver.get_by_role("button", name="Approve (sign off for the HWB)").click()
        approver.get_by_role("button", name="Yes, approve (sign off for the HWB)").click()
        assert approver.locator("#return-status").inner_text() == "Approved"
        assert approver.locator("#snapshot-note").is_visible()
        approver.get_by_role("button", name="Submit the return").click()
        approver.get_by_role("button", name="Yes, submit the return").click()
        assert approver.locator("#return-status").inner_text() == "Submitted"
        assert "This return has been submitted and cannot change." in approver.content()
        assert approver.locator("#edit-links").count() == 0
    finally:
        approver_context.close()

    page.goto(f"{live_server.url}/delivery/returns/{ret.id}/narrative/")
    assert "This return is submitted and cannot be edited" in page.locator("#refusal").inner_text()
    assert axe_violations() == []
    page.goto(f"{live_server.url}/delivery/plans/{ret.plan_id}/conditions/2018-19-Q1/edit/")
    assert "return is submitted: Start a resubmission to change it." in page.locator("#frozen").inner_text()
    assert page.get_by_role("button", name="Save confirmations").count() == 0
    ret.refresh_from_db()
    assert ret.status == "submitted" and ret.snapshot["narrative"]["challenges"].startswith("Developing the Home")
    assert [row["answer"] for row in ret.snapshot["national_conditions"]] == ["Yes", "Yes", "Yes", "No"]
