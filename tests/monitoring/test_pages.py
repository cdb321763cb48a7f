"""The dashboard and metric pages, and who may write commentary."""

import pytest
from django.contrib.auth import get_user_model

from bettercare.monitoring.models import MetricCommentary

pytestmark = pytest.mark.django_db
LEICESTERSHIRE, NORFOLK = "E10000018", "E10000020"


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_dashboard_shows_appendix_a_rows(client):
    login(client, "leicestershire.approver")
    html = client.get(f"/hwb/{LEICESTERSHIRE}/metrics/?period=2018-19").content.decode()
    assert 'data-metric="perm-admissions-65" data-rag="amber"' in html
    assert 'data-metric="dtoc" data-rag="green"' in html
    # each figure in its metric's unit, numbered as the plan (and the seed's Appendix A) numbers them
    assert "650.1" in html and "624.1" in html and "count 927" in html and "count 890" in html
    assert "818.63" in html and "832.57" in html and 'data-metric="nea" data-rag="green"' in html
    assert "Metric 4: Total non-elective admissions" in html
    assert "Green by the HWB&#x27;s rule; statistically similar to the target" in html
    assert "better=green" not in html and "confidence=" not in html


def test_metric_page_has_locality_breakdown_with_flags(client):
    login(client, "norfolk.editor")
    html = client.get(f"/hwb/{NORFOLK}/metrics/perm-admissions-65/?period=2014-15").content.decode()
    assert 'id="localities-table"' in html
    assert "South Norfolk CCG" in html and "Inconsistent" in html


def test_editor_saves_commentary_viewer_cannot(client):
    login(client, "norfolk.editor")
    response = client.post(
        f"/hwb/{NORFOLK}/metrics/reablement-91/commentary/",
        {
            "period": "2014-15",
            "commentary-reablement-91": "Reablement capacity grew in Q3.",
            "version-reablement-91": "0",
        },
    )
    assert response.status_code == 302
    saved = MetricCommentary.objects.get(area__gss_code=NORFOLK, metric__code="reablement-91")
    assert saved.text == "Reablement capacity grew in Q3." and saved.updated_by.username == "norfolk.editor"
    login(client, "nel.viewer")
    assert (
        client.post(
            "/hwb/E06000012/metrics/nea/commentary/", {"period": "2017-18", "commentary-nea": "x", "version-nea": "0"}
        ).status_code
        == 403
    )
    login(client, "norfolk.editor")
    assert client.get(f"/hwb/{LEICESTERSHIRE}/metrics/").status_code == 403


def test_unknown_period_is_404(client):
    login(client, "national")
    assert client.get(f"/hwb/{LEICESTERSHIRE}/metrics/?period=next-year").status_code == 404


def test_editor_adds_a_local_metric_and_errors_are_summarised(client):
    from bettercare.reference.models import Metric

    login(client, "norfolk.editor")
    response = client.post(f"/hwb/{NORFOLK}/metrics/local/new/", {"code": "", "title": ""})
    html = response.content.decode()
    assert response.status_code == 200 and "govuk-error-summary" in html and 'href="#id_code"' in html
    response = client.post(
        f"/hwb/{NORFOLK}/metrics/local/new/",
        {
            "code": "carers-assessed",
            "title": "Carers assessed within 28 days",
            "numerator": "Carers assessed in 28 days",
            "denominator": "Carers referred",
            "ci_method": "proportion",
            "multiplier": "100",
            "unit": "%",
            "polarity": "higher",
            "source": "Local social care system",
        },
    )
    assert response.status_code == 302
    metric = Metric.objects.get(code="carers-assessed")
    assert metric.is_local and metric.area.gss_code == NORFOLK
    login(client, "nel.viewer")
    assert client.get("/hwb/E06000012/metrics/local/new/").status_code == 403


def test_rebase_page_refuses_a_frozen_plan_and_requires_a_reason(client):
    from bettercare.plans.models import MetricTarget

    target = MetricTarget.objects.get(plan__scenario="leicestershire-2018-19", label__startswith="Adjusted BCF target")
    login(client, "leicestershire.approver")
    html = client.post(f"/targets/{target.pk}/rebase/", {"value": "", "reason": ""}).content.decode()
    assert "Enter a new target count or a new target value" in html and "Enter reason for re-basing" in html
    html = client.post(
        f"/targets/{target.pk}/rebase/", {"numerator": "71000", "reason": "Refresh", "effective": "2018-10-01"}
    ).content.decode()
    assert "re-base it in a new version" in html  # the 2018-19 plan is submitted, so frozen
