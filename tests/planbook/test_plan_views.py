"""The plan pages through Django's test client: permissions enforced by the views and services,
frozen plans refused with a message offering a new version, the editor's forms and errors."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from bettercare.delivery.models import ConditionConfirmation
from bettercare.planbook.workbook import export_plan
from bettercare.plans.models import Contribution, MetricTarget, Plan, Scheme, SchemeFinance

pytestmark = pytest.mark.django_db


def client_for(username: str) -> Client:
    from django.contrib.auth import get_user_model

    client = Client()  # force_login: django-axes refuses Client.login(), which passes no request
    client.force_login(get_user_model().objects.get(username=username))
    return client


def plan(scenario: str) -> Plan:
    return Plan.objects.get(scenario=scenario)


def url(p: Plan, path: str = "editor/") -> str:
    return f"/plans/{p.pk}/{path}"


def test_editor_shows_totals_checks_and_every_section():
    norfolk = plan("norfolk-2014-16")
    page = client_for("norfolk.editor").get(url(norfolk)).content.decode()
    assert "£62,461,000" in page  # 2015-16 income and planned spend (seed 001)
    assert 'id="check-summary"' in page and "West Norfolk (07J)" in page
    for section in ('id="income"', 'id="schemes"', 'id="metrics"', 'id="contingency"', 'id="conditions"'):
        assert section in page
    assert "Add a scheme" in page and 'hx-post="/plans/' in page


def test_other_hwbs_and_viewers_cannot_edit():
    leics, nel = plan("leicestershire-2018-19"), plan("nel-2017-19")
    assert client_for("norfolk.editor").get(url(leics)).status_code == 403
    viewer = client_for("nel.viewer")
    page = viewer.get(url(nel)).content.decode()
    assert "Add a contribution" not in page and "Create a new version" not in page
    response = viewer.post(url(nel, "editor/contributions/add/"), {"amount": "1"})
    assert response.status_code == 403


def test_inline_spend_edit_updates_totals_and_checks():
    norfolk = plan("norfolk-2014-16")
    wn1 = Scheme.objects.get(plan=norfolk, ref="WN1")
    client = client_for("norfolk.editor")
    response = client.post(
        url(norfolk, f"editor/schemes/{wn1.pk}/spend/"),
        {
            "recurrent_2014-15": "126000",
            "non_recurrent_2014-15": "0",
            "recurrent_2015-16": "2,033,000",
            "non_recurrent_2015-16": "0",
        },
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert SchemeFinance.objects.get(scheme=wn1, kind="spend", financial_year="2015-16").recurrent == Decimal("2033000")
    assert 'hx-swap-oob="true"' in page and "£62,460,000" in page
    assert "Expenditure, 2015-16: West Norfolk (07J)" not in page
    assert "Saved the spend of scheme WN1" in page


def test_invalid_spend_is_named_in_an_error_summary():
    norfolk = plan("norfolk-2014-16")
    wn1 = Scheme.objects.get(plan=norfolk, ref="WN1")
    response = client_for("norfolk.editor").post(
        url(norfolk, f"editor/schemes/{wn1.pk}/spend/"), {"recurrent_2015-16": "a lot"}, HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert f'href="#spend-{wn1.pk}-recurrent_2015-16"' in page and "Enter an amount in pounds" in page
    assert SchemeFinance.objects.get(scheme=wn1, kind="spend", financial_year="2015-16").recurrent == Decimal("2034000")


def test_a_frozen_plan_is_refused_with_a_message_offering_a_new_version():
    leics = plan("leicestershire-2018-19")
    client = client_for("leicestershire.approver")
    response = client.post(
        url(leics, "editor/contributions/add/"),
        {"organisation": Contribution.objects.filter(plan=leics).first().organisation_id, "amount": "5"},
        follow=True,
    )
    page = response.content.decode()
    assert "cannot be changed" in page and "Create a new version" in page
    assert Contribution.objects.filter(plan=leics).count() == 7
    response = client.post(url(leics, "new-version/"), follow=True)
    copy = Plan.objects.get(area=leics.area, period=leics.period, version=3)
    assert response.redirect_chain[-1][0] == f"/plans/{copy.pk}/editor/"
    assert "Created version 3" in response.content.decode()


def test_adding_a_duplicate_contribution_is_refused_not_overwritten():
    norfolk = plan("norfolk-2014-16")
    existing = Contribution.objects.get(plan=norfolk, organisation__code="07J", financial_year="2015-16")
    response = client_for("norfolk.editor").post(
        url(norfolk, "editor/contributions/add/"),
        {
            "organisation": existing.organisation_id,
            "stream": existing.stream_id,
            "financial_year": "2015-16",
            "locality": existing.locality_id,
            "amount": "1",
        },
    )
    assert response.status_code == 400
    assert "already contributes" in response.content.decode()
    existing.refresh_from_db()
    assert existing.amount == Decimal("11443000")


def test_contribution_form_errors_link_to_their_fields():
    norfolk = plan("norfolk-2014-16")
    page = (
        client_for("norfolk.editor").post(url(norfolk, "editor/contributions/add/"), {"amount": "-5"}).content.decode()
    )
    assert 'class="govuk-error-summary"' in page
    assert 'href="#id_organisation"' in page and "Choose the partner" in page
    assert 'href="#id_amount"' in page and "£0 or more" in page


def test_metric_ambition_keeps_the_stated_decimal_places():
    norfolk = plan("norfolk-2014-16")
    metric = MetricTarget.objects.filter(plan=norfolk, metric__code="reablement-91").first().metric
    response = client_for("norfolk.editor").post(
        url(norfolk, "editor/metrics/add/"),
        {
            "metric": metric.pk,
            "kind": "target",
            "label": "Stretch",
            "period": "2015-04..2016-03",
            "numerator": "130",
            "denominator": "145",
            "value": "90.00",
        },
    )
    assert response.status_code == 302
    row = MetricTarget.objects.get(plan=norfolk, label="Stretch")
    assert (row.value_decimals, row.period_start.isoformat(), row.period_end.isoformat()) == (
        2,
        "2015-04-01",
        "2016-03-31",
    )


def test_national_conditions_need_a_narrative_for_no_and_answers_clear_the_check():
    norfolk = plan("norfolk-2014-16")
    client = client_for("norfolk.editor")
    data = {}
    for condition in norfolk.period.national_conditions.all():
        data[f"answer_{condition.code}"] = "yes"
        data[f"narrative_{condition.code}"] = "Agreed"
    data["answer_acute_impact"], data["narrative_acute_impact"] = "no", ""
    page = client.post(url(norfolk, "editor/conditions/"), data).content.decode()
    assert "Explain why condition 6 is not met" in page
    data["narrative_acute_impact"] = "Impact still being quantified with providers"
    assert client.post(url(norfolk, "editor/conditions/"), data).status_code == 302
    answers = ConditionConfirmation.objects.filter(plan=norfolk, quarter="")
    assert answers.get(condition__code="acute_impact").confirmed is False
    assert answers.get(condition__code="joint_assessment").confirmed is True


def test_scheme_add_with_spend_and_impact_then_remove():
    norfolk = plan("norfolk-2014-16")
    client = client_for("norfolk.editor")
    stream = norfolk.period.funding_streams.get(code="ccg_minimum")
    response = client.post(
        url(norfolk, "editor/schemes/add/"),
        {
            "ref": "WN6",
            "name": "Falls response",
            "spend_recurrent_2015-16": "1000",
            "spend_stream_2015-16": stream.pk,
            "impact_score_perm-admissions-65": "4",
            "impact_rationale_perm-admissions-65": "Fewer falls",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    scheme = Scheme.objects.get(plan=norfolk, ref="WN6")
    assert scheme.finances.get().recurrent == Decimal("1000")
    assert scheme.metric_impacts.get().score == 4
    duplicate = client.post(url(norfolk, "editor/schemes/add/"), {"ref": "WN6", "name": "Again"})
    assert "references must be unique" in duplicate.content.decode()
    assert client.post(url(norfolk, f"editor/schemes/{scheme.pk}/remove/")).status_code == 302
    assert not Scheme.objects.filter(plan=norfolk, ref="WN6").exists()


def test_submit_is_refused_with_the_checks_page():
    norfolk = plan("norfolk-2014-16")
    response = client_for("norfolk.editor").post(url(norfolk, "submit/"), follow=True)
    assert "cannot be submitted" in response.content.decode()
    norfolk.refresh_from_db()
    assert norfolk.status == "draft"


def test_versions_compare_finance_payment_and_workbook_pages():
    leics = plan("leicestershire-2018-19")
    client = client_for("leicestershire.approver")
    assert client.get(url(leics, "versions/")).status_code == 200
    client.post(url(leics, "new-version/"))
    copy = Plan.objects.get(area=leics.area, period=leics.period, version=3)
    page = client.get(url(leics, f"compare/?old={leics.pk}&new={copy.pk}")).content.decode()
    assert "What changed" in page and "Status" in page
    finance = client.get(url(leics, "finance-monitoring/")).content.decode()
    assert "£55,993,000" in finance and "£55,400,000" in finance and "£22,607,000" in finance
    workbook = client.get(url(leics, "workbook.xlsx"))
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert load_workbook(BytesIO(workbook.content))["Cover"]["B4"].value == "2017-19"
    norfolk = plan("norfolk-2014-16")
    payment = client_for("norfolk.editor").get(url(norfolk, "payment-for-performance/?cost=1000&actual_Q1=4450"))
    text = payment.content.decode()
    assert "£1,515,830" in text and "£200,000" in text and "£4,181,138" in text
    bad = client_for("norfolk.editor").get(url(norfolk, "payment-for-performance/?cost=lots"))
    assert bad.status_code == 400 and "There is a problem" in bad.content.decode()


def test_upload_imports_a_workbook_or_names_its_problems():
    norfolk = plan("norfolk-2014-16")
    client = client_for("norfolk.editor")
    content = export_plan(norfolk)
    upload = BytesIO(content)
    upload.name = "norfolk.xlsx"
    response = client.post("/plans/import/", {"workbook": upload}, follow=True)  # identical: says so
    assert "norfolk.xlsx is identical to version 1 of Norfolk" in response.content.decode()
    assert not Plan.objects.filter(area=norfolk.area, period=norfolk.period, version=2).exists()
    workbook = load_workbook(BytesIO(content))
    [title] = [c for row in workbook["Cover"].iter_rows() for c in row if c.value == norfolk.title]
    title.value = "Norfolk BCF plan 2014-16, as revised"
    changed = BytesIO()
    workbook.save(changed)
    changed.seek(0)
    changed.name = "norfolk-revised.xlsx"
    assert client.post("/plans/import/", {"workbook": changed}).status_code == 302
    assert Plan.objects.get(area=norfolk.area, period=norfolk.period, version=2).title == title.value
    workbook = load_workbook(BytesIO(content))
    workbook["Income"]["E4"] = "lots"
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "bad.xlsx"
    response = client.post("/plans/import/", {"workbook": buffer})
    page = response.content.decode()
    assert response.status_code == 400 and "Nothing was imported" in page
    assert "Sheet 'Income', row 4, column E" in page
    other = BytesIO(export_plan(plan("leicestershire-2018-19")))
    other.name = "leics.xlsx"
    plans = Plan.objects.count()
    page = client.post("/plans/import/", {"workbook": other}).content.decode()
    assert "not an editor of Leicestershire" in page and Plan.objects.count() == plans


def test_finance_monitoring_lines_are_recorded_after_approval_but_not_twice():
    from bettercare.monitoring.models import FinanceLine

    leics = plan("leicestershire-2018-19")
    client = client_for("leicestershire.approver")
    response = client.post(
        url(leics, "finance-monitoring/lines/add/"),
        {"quarter": "2018-19-Q2", "line": "Total", "budget": "55,993,000", "forecast_outturn": "56100000"},
    )
    assert response.status_code == 302
    line = FinanceLine.objects.get(plan=leics, quarter="2018-19-Q2")
    assert (line.budget, line.forecast_outturn) == (Decimal("55993000"), Decimal("56100000"))
    page = client.get(url(leics, "finance-monitoring/")).content.decode()
    assert "2018-19-Q2" in page and "£107,000" in page  # overspend variance
    again = client.post(
        url(leics, "finance-monitoring/lines/add/"), {"quarter": "2018-19-Q2", "line": "Total", "budget": "1"}
    )
    assert again.status_code == 400 and "There is already a line" in again.content.decode()
    empty = client.post(url(leics, "finance-monitoring/lines/add/"), {"quarter": "2018-19-Q3"})
    assert "Enter at least one of budget" in empty.content.decode()
    assert client_for("nel.viewer").get(url(plan("nel-2017-19"), "finance-monitoring/lines/add/")).status_code == 403
