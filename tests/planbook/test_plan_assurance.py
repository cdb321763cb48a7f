"""The national team's assurance of a plan version: only the national team records it (checked
before the data is read), the HWB's users read it on the plan's page, and every change is kept."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from bettercare.accounts.models import Membership
from bettercare.planbook.assurance import assurance_of, record_assurance
from bettercare.planbook.versions import create_new_version
from bettercare.plans.models import Plan, PlanAssurance

pytestmark = pytest.mark.django_db

WITH_CONDITIONS = {
    "outcome": "approved_with_conditions",
    "condition_1": "Agree the <b>discharge</b> trajectory with the ICB",
    "due_1": "2019-03-31",
    "condition_2": "Publish the carers' breaks plan",
    "due_2": "30/06/2019",
    "note": "Thank you for a clear plan.",
}


@pytest.fixture
def plan():
    return Plan.objects.get(scenario="leicestershire-2018-19")


@pytest.fixture
def national():
    user = get_user_model().objects.create_user("assurer", first_name="Asha", last_name="Assurer")
    Membership.objects.create(user=user, area=None, role="national")
    return user


def member(plan, role):
    user = get_user_model().objects.create_user(f"leics.{role}")
    Membership.objects.create(user=user, area=plan.area, role=role)
    return user


class ExplodingData(dict):
    """Submitted data that fails the test if anything reads it."""

    def __getitem__(self, key):
        raise AssertionError("the data was read before the permission check")

    get = __getitem__

    def __contains__(self, key):
        raise AssertionError("the data was read before the permission check")


def test_the_national_team_records_an_outcome_with_conditions(plan, national):
    saved, form = record_assurance(national, plan, WITH_CONDITIONS)
    assert form.errors == {}
    assert saved.outcome == "approved_with_conditions" and saved.recorded_by == national
    assert saved.condition_rows == [("Agree the <b>discharge</b> trajectory with the ICB", date(2019, 3, 31)),
                                    ("Publish the carers' breaks plan", date(2019, 6, 30))]


@pytest.mark.parametrize("role", ["viewer", "editor", "approver"])
def test_the_hwbs_own_users_may_not_record_an_outcome_and_their_data_is_not_read(plan, role):
    with pytest.raises(PermissionDenied):
        record_assurance(member(plan, role), plan, ExplodingData(WITH_CONDITIONS))
    assert not PlanAssurance.objects.exists()


@pytest.mark.parametrize("role", ["viewer", "editor", "approver"])
def test_the_hwbs_users_see_the_outcome(plan, national, role):
    record_assurance(national, plan, WITH_CONDITIONS)
    assert assurance_of(member(plan, role), plan).outcome == "approved_with_conditions"


def test_another_hwbs_user_does_not_see_the_outcome(plan, national):
    record_assurance(national, plan, WITH_CONDITIONS)
    other = Plan.objects.exclude(area=plan.area).first()
    stranger = get_user_model().objects.create_user("elsewhere")
    Membership.objects.create(user=stranger, area=other.area, role="approver")
    with pytest.raises(PermissionDenied):
        assurance_of(stranger, plan)


@pytest.mark.parametrize(("data", "field", "message"), [
    ({}, "outcome", "Select assurance outcome"),
    ({"outcome": "approved_with_conditions"}, "condition_1",
     "Enter at least one condition for an approval with conditions"),
    ({"outcome": "approved_with_conditions", "condition_2": "Do it"}, "due_2", "Enter the due date of condition 2"),
    ({"outcome": "approved_with_conditions", "condition_1": "Do it", "due_1": "31/02/2019"}, "due_1",
     "Condition 1 due date must be a real date, like 2025-03-31"),
    ({"outcome": "approved", "condition_1": "Do it", "due_1": "2019-03-31"}, "outcome",
     "Choose “Approved with conditions” to record conditions, or remove them"),
    ({"outcome": "not_approved", "due_3": "2019-03-31"}, "condition_3", "Enter condition 3, or remove its due date"),
])
def test_errors_name_their_field_and_nothing_is_saved(plan, national, data, field, message):
    saved, form = record_assurance(national, plan, data)
    assert saved is None and message in form.errors[field]
    assert not PlanAssurance.objects.exists()


def test_a_change_keeps_the_earlier_outcome_and_its_author_in_the_history(plan, national):
    first, _ = record_assurance(national, plan, {"outcome": "not_approved", "note": "Targets missing."})
    second_assurer = get_user_model().objects.create_superuser("chief")
    second, _ = record_assurance(second_assurer, plan, WITH_CONDITIONS)
    assert second.pk == first.pk and PlanAssurance.objects.filter(plan=plan).count() == 1
    history = list(PlanAssurance.history.filter(plan=plan).order_by("history_date"))
    assert [(h.outcome, h.history_user, h.recorded_by_id) for h in history] == [
        ("not_approved", national, national.pk), ("approved_with_conditions", second_assurer, second_assurer.pk)]
    assert history[0].note == "Targets missing." and history[1].conditions[0]["due"] == "2019-03-31"


def test_the_plan_page_shows_the_outcome_to_the_hwb_read_only(plan, national):
    assurer = Client()
    assurer.force_login(national)
    url = reverse("plans:assurance", args=[plan.pk])
    response = assurer.post(url, WITH_CONDITIONS)
    assert response.status_code == 302 and response.url == reverse("plan", args=[plan.pk])
    assert assurer.get(url).status_code == 200

    viewer = Client()
    viewer.force_login(member(plan, "viewer"))
    page = viewer.get(reverse("plan", args=[plan.pk])).content.decode()
    assert "Approved with conditions" in page and "31 March 2019" in page and "30 June 2019" in page
    assert "Agree the &lt;b&gt;discharge&lt;/b&gt; trajectory" in page  # user text escaped
    assert "Asha Assurer" in page and url not in page  # no link to change it
    assert viewer.get(url).status_code == 403
    assert viewer.post(url, {"outcome": "not_approved"}).status_code == 403
    assert PlanAssurance.objects.get(plan=plan).outcome == "approved_with_conditions"


def test_the_assurance_form_page_names_the_field_in_error(plan, national):
    client = Client()
    client.force_login(national)
    page = client.post(reverse("plans:assurance", args=[plan.pk]), {"outcome": "approved_with_conditions"})
    assert page.status_code == 200
    expected = 'href="#id_condition_1">Enter at least one condition for an approval with conditions'
    assert expected in page.content.decode()


def test_a_new_version_is_not_assured(plan, national):
    record_assurance(national, plan, WITH_CONDITIONS)
    successor = create_new_version(member(plan, "approver"), plan)
    assert successor.pk != plan.pk and not PlanAssurance.objects.filter(plan=successor).exists()
    assert PlanAssurance.objects.get(plan=plan).outcome == "approved_with_conditions"
