"""A real Chromium rolls Norfolk's 2025-26 plan forward with an uplift and reads the account; a
national administrator uploads a broken period file and sees every problem; the pages pass axe."""

import pytest
from playwright.sync_api import expect

from bettercare.catalogue.loader import ROOT
from bettercare.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
BROKEN = ROOT.parents[2] / "tests" / "catalogue" / "fixtures" / "2027-28-broken.yaml"


@pytest.fixture
def plan_2025_26(demo_data):
    from bettercare.scenarios.current_year import ILLUSTRATIVE_DIR
    from bettercare.scenarios.loader import ScenarioLoader

    ScenarioLoader("norfolk-2025-26", directory=ILLUSTRATIVE_DIR).load()
    return Plan.objects.get(scenario="norfolk-2025-26")


def test_rolling_forward_with_an_uplift(page, live_server, plan_2025_26, sign_in, axe_violations):
    sign_in("norfolk.editor")
    page.goto(f"{live_server.url}/plans/{plan_2025_26.pk}/versions/")
    page.get_by_role("link", name="Start next year's plan from this one").click()
    expect(page.locator("h1")).to_have_text("Start next year's plan from this one")
    expect(page.locator("#preview-streams")).to_contain_text("£78,456,789")
    assert axe_violations() == []
    page.get_by_label("NHS minimum contribution").fill("5.66")
    page.get_by_role("button", name="Create the draft 2026-27 plan").click()
    expect(page.locator("h1")).to_have_text("What was carried from last year")
    expect(page.locator("#rollover-streams")).to_contain_text("£82,897,443")
    expect(page.locator("#rollover-counts")).to_contain_text("0 lines not carried")
    expect(page.locator("#rollover-contributions")).to_contain_text("Uplifted")
    assert axe_violations() == []
    page.get_by_role("link", name="Open the draft in the editor").click()
    expect(page.locator(".govuk-caption-l")).to_contain_text("2026-27 · version 1 · Draft")


def test_uploading_a_broken_period_file_lists_every_problem(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("national")
    page.goto(f"{live_server.url}/catalogue/")
    expect(page.locator("#period-2026-27")).to_contain_text("To confirm")
    assert axe_violations() == []
    page.get_by_role("link", name="Add a policy year or a new version").click()
    page.get_by_label("Policy period file (.yaml)").set_input_files(str(BROKEN))
    page.get_by_role("button", name="Check and add").click()
    problems = page.locator("#catalogue-problems li")
    expect(problems).to_have_count(3)
    expect(problems.nth(0)).to_contain_text("line 50, scheme_types[5].id: duplicate id")
    expect(problems.nth(2)).to_contain_text("line 137, plan_rules.minimum_streams[1]: unknown stream")
    assert axe_violations() == []
