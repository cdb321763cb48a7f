"""The quarterly return workflow: allowed and refused transitions per role, completeness, the
snapshot that later data changes cannot alter, resubmission, and freezing what was signed off."""

import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from typer.testing import CliRunner

from bettercare.cli import app as cli_app
from bettercare.delivery import conditions as condition_service
from bettercare.delivery import hicm as hicm_service
from bettercare.delivery import workflow
from bettercare.delivery.assembly import assemble
from bettercare.delivery.models import QuarterlyReturn, ReturnMetricStatus
from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import Contribution, MetricTarget

pytestmark = pytest.mark.django_db
QUARTER = "2018-19-Q1"


@pytest.fixture
def leics(plan_of):
    return plan_of("leicestershire-2018-19")


@pytest.fixture
def people(leics, member, demo_user):
    return {
        "viewer": member("leics.viewer", leics.area, "viewer"),
        "editor": member("leics.editor", leics.area, "editor"),
        "approver": demo_user("leicestershire.approver"),
        "national": demo_user("national"),
        "outsider": demo_user("norfolk.editor"),
    }


def fill(ret: QuarterlyReturn, user) -> QuarterlyReturn:
    """Answer every national condition Yes and write the narrative."""
    rows = [{"condition": c, "version": 0, "confirmed": True, "narrative": ""}
            for c in condition_service.conditions_of(ret.plan)]
    condition_service.save_quarter(user, ret.plan, ret.quarter, rows)
    ret.refresh_from_db()
    return workflow.update_narrative(user, ret, ret.version, {
        "achievements": "Home First soft launch planned for October 2018.",
        "challenges": "Developing the Home First entry point.",
        "support_needed": "",
    })


def at_state(state: str, leics, people) -> QuarterlyReturn:
    ret = fill(workflow.start_return(people["editor"], leics.area, QUARTER), people["editor"])
    path = {"draft": [], "ready": ["ready"], "approved": ["ready", "approve"],
            "submitted": ["ready", "approve", "submit"]}[state]
    for action in path:  # the editor prepares, the approver signs off (separation of duties)
        ret = workflow.transition(people["editor" if action == "ready" else "approver"], ret, action)
    assert ret.status == state
    return ret


ALLOWED = {
    "viewer": set(),
    "national": set(),
    "outsider": set(),
    "editor": {"ready", "reopen", "submit"},
    "approver": {"ready", "reopen", "approve", "withdraw", "submit"},
}
STEPS = [("ready", "draft", "ready"), ("reopen", "ready", "draft"), ("approve", "ready", "approved"),
         ("withdraw", "approved", "draft"), ("submit", "approved", "submitted")]


@pytest.mark.parametrize("role", sorted(ALLOWED))
@pytest.mark.parametrize("action,source,target", STEPS)
def test_transitions_per_role(role, action, source, target, leics, people):
    ret = at_state(source, leics, people)
    user = people[role]
    assert (action in {t.action for t in workflow.allowed_actions(user, ret)}) == (action in ALLOWED[role])
    if action in ALLOWED[role]:
        assert workflow.transition(user, ret, action).status == target
    else:
        with pytest.raises(PermissionDenied):
            workflow.transition(user, ret, action)
        ret.refresh_from_db()
        assert ret.status == source


@pytest.mark.parametrize("state,action", [("draft", "approve"), ("draft", "submit"), ("ready", "submit"),
                                          ("approved", "ready"), ("submitted", "withdraw"), ("submitted", "ready"),
                                          ("draft", "publish")])
def test_steps_out_of_order_are_refused_with_a_message(state, action, leics, people):
    ret = at_state(state, leics, people)
    with pytest.raises(ValidationError) as refused:
        workflow.transition(people["approver"], ret, action)
    assert "cannot" in str(refused.value) or "not a step" in str(refused.value)
    ret.refresh_from_db()
    assert ret.status == state


def test_only_editors_start_a_return(leics, people):
    for role in ("viewer", "national", "outsider"):
        with pytest.raises(PermissionDenied):
            workflow.start_return(people[role], leics.area, QUARTER)
    ret = workflow.start_return(people["editor"], leics.area, QUARTER)
    assert (ret.plan, ret.status, ret.revision) == (leics, "draft", 1)
    with pytest.raises(ValidationError, match="already has a return"):
        workflow.start_return(people["editor"], leics.area, QUARTER)


def test_a_return_is_marked_ready_only_when_complete(leics, people):
    ret = workflow.start_return(people["editor"], leics.area, QUARTER)
    with pytest.raises(ValidationError) as refused:
        workflow.transition(people["editor"], ret, "ready")
    problems = refused.value.message_dict
    assert set(problems) == {"confirmed-plan_jointly_agreed", "confirmed-nhs_contribution_asc",
                             "confirmed-out_of_hospital", "confirmed-hicm", "achievements", "challenges"}
    fill(ret, people["editor"])
    assert workflow.transition(people["editor"], ret, "ready").status == "ready"


def test_a_no_needs_a_narrative(leics, people):
    condition = condition_service.conditions_of(leics)[3]
    with pytest.raises(ValidationError, match="Explain why national condition 4"):
        condition_service.save_quarter(people["editor"], leics, QUARTER,
                                       [{"condition": condition, "version": 0, "confirmed": False, "narrative": ""}])
    condition_service.save_quarter(people["editor"], leics, QUARTER, [
        {"condition": condition, "version": 0, "confirmed": False, "narrative": "HICM plan refreshed in Q2."}])


def test_overriding_a_proposed_status_needs_a_reason_and_both_are_kept(leics, people):
    ret = workflow.start_return(people["editor"], leics.area, QUARTER)
    row = ret.metric_statuses.select_related("metric").first()
    other = next(s for s in ("on track", "not on track") if s != row.proposed_status)
    with pytest.raises(ValidationError, match="Give a reason"):
        workflow.choose_statuses(people["editor"], ret, [{"row": row, "version": row.version, "chosen": other}])
    workflow.choose_statuses(people["editor"], ret, [{"row": row, "version": row.version, "chosen": other,
                                                      "reason": "Local data to July shows recovery."}])
    ret = at_state_from(ret, people, ["ready", "approve"])
    shown = next(m for m in ret.snapshot["metrics"] if m["code"] == row.metric.code)
    assert (shown["proposed_status"], shown["status"], shown["override"]) == (row.proposed_status, other, True)
    assert shown["override_reason"] == "Local data to July shows recovery."


def at_state_from(ret, people, actions):
    fill(ret, people["editor"])
    for action in actions:
        ret = workflow.transition(people["editor" if action == "ready" else "approver"], ret, action)
    return ret


def test_submitted_figures_do_not_change_when_plan_or_metric_data_change(leics, people):
    ret = at_state("submitted", leics, people)
    before = json.loads(json.dumps(ret.snapshot))
    assert before["finance"]["income"]["total"] == "55993000.00"  # seed 004 para 8: £55,993k
    assert before["finance"]["expenditure"]["rows"][0]["forecast_outturn"] == "55400000.00"  # para 9: £55.4m
    assert before["finance"]["expenditure"]["rows"][0]["variance"] == "-593000.00"

    contribution = Contribution.objects.get(plan=leics, stream__code="dfg")
    contribution.amount = Decimal("9999999.00")
    contribution.save()
    line = FinanceLine.objects.get(plan=leics, quarter=QUARTER)
    line.forecast_outturn = Decimal("60000000.00")
    line.save()
    for target in MetricTarget.objects.filter(plan=leics, kind="target"):
        target.value = Decimal("1")
        target.numerator = Decimal("1")
        target.save()

    live = assemble(ret)  # the data really changed: a fresh assembly differs ...
    assert live["finance"]["income"]["total"] != before["finance"]["income"]["total"]
    assert live["finance"]["expenditure"]["rows"][0]["forecast_outturn"] == "60000000.00"
    ret.refresh_from_db()
    assert ret.snapshot == before  # ... but the submitted return does not
    result = CliRunner().invoke(cli_app, ["delivery", "return", "show", "--area", "Leicestershire",
                                          "--quarter", QUARTER, "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["finance"] == before["finance"] and shown["metrics"] == before["metrics"]
    assert shown["status"] == "submitted"


def test_the_approved_page_warns_when_data_changed_after_approval(client, leics, people):
    ret = at_state("approved", leics, people)
    client.force_login(people["approver"])
    url = f"/delivery/returns/{ret.id}/"
    assert "Since approval the underlying data changed" not in client.get(url).content.decode()
    line = FinanceLine.objects.get(plan=leics, quarter=QUARTER)
    line.actual_to_date = Decimal("13000000.00")
    line.save()
    page = client.get(url).content.decode()
    assert "Since approval the underlying data changed in: Income and expenditure." in page
    assert "£13,000,000" not in page  # the approved figures are shown


def test_a_submitted_return_cannot_be_saved_or_edited(leics, people):
    ret = at_state("submitted", leics, people)
    ret.achievements = "Rewritten after submission"
    with pytest.raises(ValidationError, match="submitted return cannot be changed"):
        ret.save()
    with pytest.raises(ValidationError, match="cannot be edited"):
        workflow.update_narrative(people["approver"], ret, ret.version, {"achievements": "x"})
    row = ReturnMetricStatus.objects.filter(quarterly_return=ret).first()
    row.chosen_status = "not on track"
    with pytest.raises(ValidationError):
        row.save()
    with pytest.raises(ValidationError, match="submitted: Start a resubmission"):
        condition_service.save_quarter(people["approver"], leics, QUARTER, [])


def test_signed_off_conditions_and_hicm_are_frozen_until_returned_to_draft(leics, people):
    ret = at_state("ready", leics, people)
    condition = condition_service.conditions_of(leics)[0]
    row = [{"condition": condition, "version": 1, "confirmed": False, "narrative": "changed"}]
    with pytest.raises(ValidationError, match="ready for sign-off: Return it to draft first"):
        condition_service.save_quarter(people["editor"], leics, QUARTER, row)
    with pytest.raises(ValidationError, match="ready for sign-off"):
        hicm_service.save_quarter(people["editor"], leics, QUARTER, [])
    workflow.transition(people["editor"], ret, "reopen")
    condition_service.save_quarter(people["editor"], leics, QUARTER, row)


def test_resubmission_is_a_new_version_with_a_reason_and_both_stay(leics, people):
    first = at_state("submitted", leics, people)
    with pytest.raises(ValidationError, match="reason"):
        workflow.resubmit(people["editor"], first, "  ")
    with pytest.raises(PermissionDenied):
        workflow.resubmit(people["viewer"], first, "Corrected figures")
    second = workflow.resubmit(people["editor"], first, "Corrected DToC figures")
    assert (second.revision, second.status, second.replaces, second.resubmission_reason) == (
        2, "draft", first, "Corrected DToC figures")
    assert second.achievements == first.achievements
    assert second.metric_statuses.count() == first.metric_statuses.count()
    first.refresh_from_db()
    assert first.status == "submitted" and first.snapshot["revision"] == 1
    assert workflow.allowed_actions(people["approver"], first) == []
    with pytest.raises(ValidationError, match="already been replaced"):
        workflow.resubmit(people["editor"], first, "again")
    second = at_state_from(second, people, ["ready", "approve", "submit"])
    assert second.snapshot["revision"] == 2 and first.snapshot["revision"] == 1


def test_a_stale_transition_is_refused(leics, people):
    ret = fill(workflow.start_return(people["editor"], leics.area, QUARTER), people["editor"])
    opened = ret.version
    workflow.update_narrative(people["approver"], ret, ret.version, {
        "achievements": "Updated", "challenges": "Updated", "support_needed": ""})
    with pytest.raises(ValidationError, match="changed since you opened it"):
        workflow.transition(people["editor"], ret, "ready", opened)


def test_the_approver_who_prepared_a_return_cannot_approve_it(leics, people, settings):
    """Separation of duties (default on): the approver who marked the return ready is refused in the
    service layer and offered no Approve button; another approver may approve it."""
    assert settings.SEPARATION_OF_DUTIES is True
    ret = fill(workflow.start_return(people["editor"], leics.area, QUARTER), people["editor"])
    ret = workflow.transition(people["approver"], ret, "ready")
    assert "approve" not in {t.action for t in workflow.allowed_actions(people["approver"], ret)}
    with pytest.raises(PermissionDenied, match="another approver must approve it"):
        workflow.transition(people["approver"], ret, "approve")
    ret.refresh_from_db()
    assert ret.status == "ready" and ret.approved_by is None
    from bettercare.accounts.models import Membership

    second = get_user_model().objects.create_user("leics.second.approver")
    Membership.objects.create(user=second, area=leics.area, role="approver")
    approved = workflow.transition(second, ret, "approve")
    assert (approved.status, approved.ready_by, approved.approved_by) == ("approved", people["approver"], second)


def test_separation_of_duties_can_be_switched_off(leics, people, settings):
    settings.SEPARATION_OF_DUTIES = False
    ret = fill(workflow.start_return(people["editor"], leics.area, QUARTER), people["editor"])
    ret = workflow.transition(people["approver"], ret, "ready")
    assert workflow.transition(people["approver"], ret, "approve").status == "approved"
