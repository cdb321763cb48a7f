"""Explaining and accepting plan-check findings: Norfolk 2014-16 (seed 001) carries slips of its
source document that the checks report as errors; once an editor explains them and an approver
accepts the explanations, the plan can be submitted and lists them."""

from dataclasses import replace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from bettercare.accounts.models import Membership
from bettercare.planbook import findings
from bettercare.planbook.checks import run_checks
from bettercare.planbook.workflow import SubmissionRefused, submit_plan
from bettercare.plans.models import FindingResponse, Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def norfolk():
    return Plan.objects.get(scenario="norfolk-2014-16")


@pytest.fixture
def editor():
    return get_user_model().objects.get(username="norfolk.editor")


@pytest.fixture
def approver(norfolk):
    user = get_user_model().objects.create_user("norfolk.approver")
    Membership.objects.create(user=user, area=norfolk.area, role="approver")
    return user


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_finding_keys_are_unique_and_stable_across_re_checks(norfolk):
    first, second = run_checks(norfolk), run_checks(norfolk)
    keys = [f.key for f in first.findings]
    assert len(keys) == len(set(keys)) and keys == [f.key for f in second.findings]
    assert all(key.startswith(f.rule + "-") for key, f in zip(keys, first.findings, strict=True))


def test_a_key_is_the_rule_and_location_not_the_figures(norfolk):
    """Correcting an amount keeps a finding's explanation; another place is another finding."""
    finding = next(f for f in run_checks(norfolk).errors if f.found is not None)
    corrected = replace(finding, found="1", expected="2", message="Other figures.")
    assert corrected.key == finding.key
    assert replace(finding, location=finding.location + " (other)").key != finding.key
    assert replace(finding, where={**finding.where, "financial_year": "1999-00"}).key != finding.key


def test_explained_and_accepted_errors_no_longer_block_submission(norfolk, editor, approver):
    report = run_checks(norfolk)
    errors = report.errors
    count = len(errors)
    assert count > 20  # the slips of seed 001 (tests/planbook/test_plan_checks.py derives them independently)
    with pytest.raises(SubmissionRefused, match=f"{count} errors"):
        submit_plan(editor, norfolk)
    keys = [f.key for f in errors]
    findings.explain(editor, report, keys, "A slip in the source document; the signed plan kept it.")
    with pytest.raises(SubmissionRefused, match=f"{count} errors that an approver has not accepted"):
        submit_plan(editor, norfolk)
    findings.accept(approver, run_checks(norfolk), keys[:-1], "Agreed with the HWB's finance lead.")
    with pytest.raises(SubmissionRefused, match="1 error that"):
        submit_plan(editor, norfolk)
    findings.accept(approver, run_checks(norfolk), keys[-1:], "Agreed with the HWB's finance lead.")
    submit_plan(editor, norfolk)
    norfolk.refresh_from_db()
    assert norfolk.status == "submitted"
    accepted = findings.accepted(norfolk)
    assert len(accepted) == count and {a.accepted_by for a in accepted} == {approver}
    assert {a.explained_by for a in accepted} == {editor}
    page = client_for(editor).get(f"/plans/{norfolk.pk}/checks/").content.decode()
    assert 'id="accepted-findings"' in page and "Agreed with the HWB&#x27;s finance lead." in page


def test_accepting_needs_an_explanation_a_reason_and_another_person(norfolk, editor, approver):
    report = run_checks(norfolk)
    key = report.errors[0].key
    with pytest.raises(ValidationError, match="has no explanation yet"):
        findings.accept(approver, report, [key], "Fine.")
    with pytest.raises(ValidationError, match="Enter an explanation"):
        findings.explain(editor, report, [key], "  ")
    with pytest.raises(PermissionDenied):
        findings.accept(editor, report, [key], "Fine.")  # editors do not accept
    findings.explain(approver, report, [key], "Explained by the approver.")
    with pytest.raises(PermissionDenied, match="separation of duties"):
        findings.accept(approver, report, [key], "Fine.")
    findings.explain(editor, report, [key], "A slip.")
    with pytest.raises(ValidationError, match="Enter why"):
        findings.accept(approver, report, [key], "")
    findings.accept(approver, report, [key], "Fine.")
    findings.explain(editor, report, [key], "A different explanation.")  # withdraws the acceptance
    response = FindingResponse.objects.get(plan=norfolk, key=key)
    assert not response.is_accepted and response.history.count() == 4


def test_the_checks_page_records_explanations_and_names_missing_fields(norfolk, editor, approver):
    report = run_checks(norfolk)
    keys = [f.key for f in report.errors[:2]]
    url = f"/plans/{norfolk.pk}/checks/findings/"
    page = client_for(editor).post(url, {"action": "explain", "explanation": ""}).content.decode()
    assert "govuk-error-summary" in page and "Enter an explanation" in page and "Choose at least one" in page
    explained = client_for(editor).post(url, {"action": "explain", "finding": keys, "explanation": "Slip."})
    assert explained.status_code == 302
    assert client_for(approver).post(url, {"action": "accept", "finding": keys, "reason": "OK"}).status_code == 302
    page = client_for(editor).get(f"/plans/{norfolk.pk}/checks/").content.decode()
    still = len(report.errors) - 2
    assert page.count("Accepted</strong> by norfolk.approver") == 2 and f"{still} errors</strong> still stop" in page


def test_submit_and_approve_show_what_will_happen_first(norfolk, editor, approver):
    page = client_for(editor).get(f"/plans/{norfolk.pk}/submit/").content.decode()
    report = run_checks(norfolk)
    count = len(report.errors)
    assert "Submit version 1?" in page and f"cannot be submitted yet: {count} errors" in page
    keys = [f.key for f in report.errors]
    findings.explain(editor, report, keys, "Slips of the source document.")
    findings.accept(approver, run_checks(norfolk), keys, "Agreed.")
    page = client_for(editor).get(f"/plans/{norfolk.pk}/submit/").content.decode()
    assert "is submitted in your name and frozen" in page and f"{count} accepted findings are listed" in page
    norfolk.refresh_from_db()
    assert norfolk.status == "draft"  # a GET changes nothing
    assert client_for(editor).post(f"/plans/{norfolk.pk}/submit/").status_code == 302
    assert client_for(editor).get(f"/plans/{norfolk.pk}/approve/").status_code == 403
    page = client_for(approver).get(f"/plans/{norfolk.pk}/approve/").content.decode()
    assert "Approve version 1?" in page and "recorded as approved" in page
    assert client_for(approver).post(f"/plans/{norfolk.pk}/approve/").status_code == 302
    norfolk.refresh_from_db()
    assert norfolk.status == "approved"


def test_the_return_workbook_lists_the_plans_accepted_findings(norfolk, editor, approver):
    from bettercare.delivery import workflow
    from bettercare.indicators.periods import Quarter
    from bettercare.reports.workbook.return_book import return_workbook

    report = run_checks(norfolk)
    keys = [f.key for f in report.errors[:3]]
    findings.explain(editor, report, keys, "A slip in the source document.")
    findings.accept(approver, run_checks(norfolk), keys[:2], "Agreed with the finance lead.")
    ret = workflow.start_return(editor, norfolk.area, "2015-16-Q1")
    assert ret.plan == norfolk
    sheet = return_workbook(norfolk.area, Quarter.parse("2015-16-Q1"))["Accepted plan findings"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    assert rows[0] == ["Rule", "Where", "Explanation", "Explained by", "Accepted by", "Accepted on", "Why accepted"]
    accepted = {(r[0], r[1]) for r in rows[1:]}
    assert accepted == {(f.rule, f.location) for f in report.errors[:2]}
    assert {r[4] for r in rows[1:]} == {"norfolk.approver"} and rows[1][6] == "Agreed with the finance lead."
