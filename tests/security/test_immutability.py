"""A submitted return (and its metric statuses) and a frozen plan cannot be changed below the views:
not by QuerySet.update()/delete(), not by an instance delete, and the admin shows them read-only."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from bettercare.delivery import conditions as condition_service
from bettercare.delivery import workflow
from bettercare.delivery.models import QuarterlyReturn, ReturnMetricStatus
from bettercare.plans.immutable import FrozenRowsError
from bettercare.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(settings):
    """Leicestershire's 2018-19 Q1 return, taken through the workflow to submitted (by one approver:
    separation of duties is switched off here)."""
    settings.SEPARATION_OF_DUTIES = False
    users = get_user_model().objects
    approver = users.get(username="leicestershire.approver")
    area = Plan.objects.get(scenario="leicestershire-2018-19").area
    ret = workflow.start_return(approver, area, "2018-19-Q1")
    conditions = condition_service.conditions_of(ret.plan)
    condition_service.save_quarter(approver, ret.plan, "2018-19-Q1", [
        {"condition": c, "version": 0, "confirmed": True, "narrative": ""} for c in conditions])
    ret = workflow.update_narrative(approver, ret, ret.version, {"achievements": "A", "challenges": "C"})
    for action in ("ready", "approve", "submit"):
        ret = workflow.transition(approver, QuarterlyReturn.objects.get(pk=ret.pk), action)
    assert ret.status == "submitted" and ret.metric_statuses.exists()
    return ret


@pytest.fixture
def admin_client():
    user = get_user_model().objects.create_superuser("site.admin", password=None)
    client = Client()
    client.force_login(user)
    return client


def test_queryset_update_and_delete_of_a_submitted_return_are_refused(submitted):
    before = (submitted.achievements, submitted.history.count())
    with pytest.raises(FrozenRowsError, match="submitted return cannot be changed"):
        QuarterlyReturn.objects.filter(pk=submitted.pk).update(achievements="rewritten", status="draft")
    with pytest.raises(FrozenRowsError):
        QuarterlyReturn.objects.filter(area=submitted.area).delete()
    with pytest.raises(FrozenRowsError, match="left draft"):
        ReturnMetricStatus.objects.filter(quarterly_return=submitted).update(chosen_status="on track")
    with pytest.raises(FrozenRowsError):
        ReturnMetricStatus.objects.filter(quarterly_return=submitted).delete()
    with pytest.raises(ValidationError):
        submitted.metric_statuses.first().delete()
    stored = QuarterlyReturn.objects.get(pk=submitted.pk)
    assert (stored.status, stored.achievements, stored.history.count()) == ("submitted", *before)


def test_draft_rows_can_still_be_updated(submitted):
    draft = workflow.start_return(
        get_user_model().objects.get(username="leicestershire.approver"), submitted.area, "2018-19-Q2"
    )
    assert QuarterlyReturn.objects.filter(pk=draft.pk).update(achievements="Q2 so far") == 1


def test_queryset_update_and_delete_of_a_frozen_plan_are_refused():
    plan = Plan.objects.get(scenario="leicestershire-2018-19")
    assert plan.is_frozen
    with pytest.raises(FrozenRowsError, match="frozen"):
        Plan.objects.filter(pk=plan.pk).update(status="draft")
    with pytest.raises(FrozenRowsError):
        Plan.objects.filter(area=plan.area).delete()
    with pytest.raises(ValidationError):
        plan.delete()
    assert Plan.objects.get(pk=plan.pk).status == plan.status
    draft = Plan.objects.get(scenario="norfolk-2014-16")
    assert Plan.objects.filter(pk=draft.pk).update(status="draft") == 1  # a draft plan is not frozen


def test_admin_shows_submitted_return_statuses_and_frozen_plans_read_only(submitted, admin_client):
    status = submitted.metric_statuses.first()
    change = admin_client.get(f"/admin/delivery/returnmetricstatus/{status.pk}/change/")
    assert change.status_code == 200 and 'name="chosen_status"' not in change.content.decode()
    assert admin_client.get(f"/admin/delivery/returnmetricstatus/{status.pk}/delete/").status_code == 403
    posted = admin_client.post(f"/admin/delivery/returnmetricstatus/{status.pk}/change/",
                               {"chosen_status": "not on track", "override_reason": "x"})
    assert posted.status_code == 403
    ret = admin_client.get(f"/admin/delivery/quarterlyreturn/{submitted.pk}/change/").content.decode()
    assert 'name="achievements"' not in ret
    plan = Plan.objects.get(scenario="leicestershire-2018-19")
    assert 'name="status"' not in admin_client.get(f"/admin/plans/plan/{plan.pk}/change/").content.decode()
    assert admin_client.get(f"/admin/plans/plan/{plan.pk}/delete/").status_code == 403
    assert ReturnMetricStatus.objects.get(pk=status.pk).chosen_status == status.chosen_status
