"""The delivery pages render the seed scenarios' registers for people allowed to see them, refuse
everyone else, and drive the return workflow (server-rendered HTML through Django's test client)."""

import re

import pytest
from django.urls import reverse

from bettercare.delivery import hicm as hicm_service
from bettercare.delivery.models import QuarterlyReturn

pytestmark = pytest.mark.django_db


def table_rows(body: str, table_id: str) -> int:
    table = body.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    tbody = table.split("<tbody", 1)[1]
    return tbody.count('<tr class="govuk-table__row">')


@pytest.fixture
def nel(plan_of):
    return plan_of("nel-2017-19")


@pytest.fixture
def viewer(client, demo_user):
    client.force_login(demo_user("nel.viewer"))
    return client


def test_nel_action_tables_appear_with_filters(viewer, nel):
    url = reverse("delivery:actions", args=[nel.id])
    body = viewer.get(url).content.decode()
    assert table_rows(body, "action-table") == 33
    assert "Oct 2017 – Dec 2017" in body and "Establish governance arrangements" in body
    assert "delivery/delivery.css" in body and "data-print" in body
    assert table_rows(viewer.get(url, {"change": "6"}).content.decode(), "action-table") == 7
    overdue = viewer.get(url, {"flag": "overdue", "as_at": "2017-09-15"}).content.decode()
    assert table_rows(overdue, "action-table") == 4  # deadlines to August 2017 without "Complete"
    assert re.findall(r'<th scope="row" class="govuk-table__header">(C[\d-]+)</th>', overdue) == [
        "C4-2", "C4-3", "C4-5", "C4-14"]
    assert "flags as at 15 September 2017" in overdue
    assert "Add an action" not in body  # a viewer cannot edit


def test_nel_risk_log_appears_with_heat_map_and_top_risks(viewer, nel):
    body = viewer.get(reverse("delivery:risks", args=[nel.id])).content.decode()
    assert table_rows(body, "risk-register") == 10
    top = body.split('id="top-risks"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'numeric">(\d+)</td>', top) == ["15", "12", "12", "9", "6"]
    heat = body.split('id="heat-map"', 1)[1].split("</table>", 1)[0]
    assert "5 risks without scores not shown" in heat
    assert '<th scope="row" class="govuk-table__header">Impact 5</th>' in heat
    risk = nel.risks.get(ref="R3")
    detail = viewer.get(reverse("delivery:risk", args=[risk.id])).content.decode()
    assert "3 × 5 = 15 (High)" in detail and "Score 15" in detail


def test_norfolk_hicm_ratings_appear(client, demo_user, plan_of):
    plan = plan_of("norfolk-2017-19")
    client.force_login(demo_user("norfolk.editor"))
    body = client.get(reverse("delivery:hicm", args=[plan.id])).content.decode()
    narratives = body.split('id="hicm-narratives"', 1)[1].split("</dl>", 1)[0]
    assert narratives.count("Rated green or amber") == 8
    assert "0 of 8" in body and "Q4 2017-18 (January to March 2018)" in body
    change = client.get(reverse("delivery:hicm_change", args=[plan.id, 6])).content.decode()
    assert "Trusted Assessment Facilitators" in change and "no chart" in change


def test_hicm_history_chart_is_an_svg_with_a_text_alternative(client, demo_user, plan_of):
    plan = plan_of("leicestershire-2018-19")
    approver = demo_user("leicestershire.approver")
    change = hicm_service.model_for(plan).changes.get(number=4)
    for quarter, level, planned in (("2017-18-Q4", "plans_in_place", "established"),
                                    ("2018-19-Q1", "established", "mature")):
        hicm_service.save_quarter(approver, plan, quarter, [
            {"change": change, "version": 0, "maturity": level, "planned_maturity": planned, "narrative": ""}])
    client.force_login(approver)
    body = client.get(reverse("delivery:hicm_change", args=[plan.id, 4])).content.decode()
    assert '<div role="img" aria-label="Line chart of the maturity of change 4 by quarter.' in body
    assert "<svg" in body and "Established" in body
    assert table_rows(body, "change-history") == 2


def test_other_hwbs_and_edit_pages_are_refused(client, demo_user, nel):
    client.force_login(demo_user("norfolk.editor"))
    for name in ("plan", "hicm", "actions", "risks", "conditions"):
        assert client.get(reverse(f"delivery:{name}", args=[nel.id])).status_code == 403
    assert client.get(reverse("delivery:returns", args=[nel.area.gss_code])).status_code == 403
    client.force_login(demo_user("nel.viewer"))
    risk = nel.risks.first()
    assert client.get(reverse("delivery:risk_edit", args=[risk.id])).status_code == 403
    assert client.post(reverse("delivery:risk_new", args=[nel.id]), {"ref": "R9"}).status_code == 403


def test_pages_of_the_delivery_overview_render(viewer, nel):
    for url in (reverse("delivery:plan", args=[nel.id]), reverse("delivery:hicm", args=[nel.id]),
                reverse("delivery:conditions", args=[nel.id]), reverse("delivery:returns", args=[nel.area.gss_code]),
                reverse("delivery:action_history", args=[nel.actions.first().id]),
                reverse("delivery:risk_history", args=[nel.risks.first().id])):
        response = viewer.get(url)
        assert response.status_code == 200, url
    overview = viewer.get(reverse("delivery:plan", args=[nel.id])).content.decode()
    assert "33 actions" in overview and "Top 5 risks" in overview


def test_plan_stage_confirmations_of_an_approved_plan_are_frozen(client, nel, member):
    client.force_login(member("nel.editor.frozen", nel.area, "editor"))
    url = reverse("delivery:conditions_edit", args=[nel.id, "plan-stage"])
    assert "part of the signed-off plan" in client.get(url).content.decode()
    response = client.post(url, {"confirmed-hicm": "no", "narrative-hicm": "x", "version-hicm": "1"})
    assert "part of the signed-off plan" in response.content.decode()
    assert nel.condition_confirmations.get(condition__code="hicm", quarter="").confirmed is True


def test_a_return_through_the_pages(client, plan_of, member, demo_user):
    plan = plan_of("leicestershire-2018-19")
    editor = member("leics.page.editor", plan.area, "editor")
    client.force_login(editor)
    response = client.post(reverse("delivery:returns", args=[plan.area.gss_code]), {"quarter": "2018-19-Q1"})
    ret = QuarterlyReturn.objects.get(area=plan.area, quarter="2018-19-Q1")
    assert response.url == reverse("delivery:return", args=[ret.id])
    page = client.get(response.url).content.decode()
    assert "£55,993,000" in page and "£55,400,000" in page and "−£593,000" in page
    conditions = {f"confirmed-{c}": "yes" for c in ("plan_jointly_agreed", "nhs_contribution_asc",
                                                     "out_of_hospital", "hicm")}
    conditions |= {f"version-{c}": "0" for c in ("plan_jointly_agreed", "nhs_contribution_asc",
                                                 "out_of_hospital", "hicm")}
    conditions_url = reverse("delivery:conditions_edit", args=[plan.id, "2018-19-Q1"])
    assert client.post(conditions_url, conditions).status_code == 302
    row = ret.metric_statuses.select_related("metric").first()
    other = next(s for s in ("on track", "not on track") if s != row.proposed_status)
    metrics_url = reverse("delivery:return_metrics", args=[ret.id])
    refused = client.post(metrics_url, {f"status-{row.metric.code}": other,
                                        f"version-{row.metric.code}": row.version}).content.decode()
    assert "govuk-error-summary" in refused and "Give a reason" in refused
    narrative_url = reverse("delivery:return_narrative", args=[ret.id])
    ret.refresh_from_db()
    assert client.post(narrative_url, {"achievements": "A", "challenges": "C", "support_needed": "",
                                       "version": ret.version}).status_code == 302
    transition = reverse("delivery:return_transition", args=[ret.id])
    assert client.post(transition, {"action": "ready"}).status_code == 302
    denied = client.post(transition, {"action": "approve"})
    assert denied.status_code == 403 and "Only an approver for Leicestershire" in denied.content.decode()
    client.force_login(demo_user("leicestershire.approver"))
    confirm = client.post(transition, {"action": "approve"}).content.decode()  # a confirmation page first
    assert "Approve (sign off for the HWB)?" in confirm and "cannot be undone" in confirm
    assert ret.__class__.objects.get(pk=ret.pk).status == "ready"
    assert client.post(transition, {"action": "approve", "confirmed": "yes"}).status_code == 302
    assert "Submit the return?" in client.post(transition, {"action": "submit"}).content.decode()
    assert client.post(transition, {"action": "submit", "confirmed": "yes"}).status_code == 302
    assert client.get(narrative_url).status_code == 409
    assert client.post(narrative_url, {"achievements": "changed", "challenges": "C", "version": 99}).status_code == 409
    ret.refresh_from_db()
    assert (ret.status, ret.achievements) == ("submitted", "A")
    history = client.get(reverse("delivery:return_history", args=[ret.id])).content.decode()
    assert "leics.page.editor" in history and "leicestershire.approver" in history


def test_hicm_quarter_form_saves_levels_and_names_errors(client, plan_of, demo_user):
    plan = plan_of("norfolk-2017-19")
    client.force_login(demo_user("norfolk.editor"))
    url = reverse("delivery:hicm_edit", args=[plan.id, "2017-18-Q4"])
    form = client.get(url).content.decode()
    version = re.search(r'name="version-4" value="(\d+)"', form).group(1)
    bad = client.post(url, {"maturity-4": "brilliant", "version-4": version}).content.decode()
    assert "govuk-error-summary" in bad and 'href="#maturity-4"' in bad
    response = client.post(url, {"maturity-4": "established", "planned_maturity-4": "mature", "rag-4": "green",
                                 "narrative-4": "Home First: active assessment units.", "version-4": version})
    assert response.status_code == 302
    saved = plan.hicm_assessments.get(change__number=4, quarter="2017-18-Q4")
    assert (saved.maturity, saved.planned_maturity, saved.rag, saved.version) == (
        "established", "mature", "green", int(version) + 1)
    assert plan.hicm_assessments.get(change__number=5, quarter="2017-18-Q4").version == 1  # untouched rows stay
    grid = client.get(reverse("delivery:hicm", args=[plan.id])).content.decode()
    assert "1 of 8" in grid and "Established (Mature)" in grid
