"""Optimistic locking and history: a stale save is refused with who and when, the first save
survives, and the history shows both attempts' authors."""

import re

import pytest
from django.urls import reverse

from bettercare.delivery import conditions as condition_service
from bettercare.delivery import risks as risk_service
from bettercare.delivery.history import history_entries
from bettercare.delivery.models import ConditionConfirmation, Risk
from bettercare.plans.locking import StaleEdit
from bettercare.plans.versioning import RefusedEdit

pytestmark = pytest.mark.django_db


@pytest.fixture
def nel(plan_of):
    return plan_of("nel-2017-19")


@pytest.fixture
def editors(nel, member):
    return member("nel.alice", nel.area, "editor"), member("nel.bob", nel.area, "editor")


def risk_form(risk: Risk, **changes) -> dict:
    data = {"title": risk.title, "scheme": "", "likelihood": risk.likelihood or "", "impact": risk.impact or "",
            "mitigation": risk.mitigation, "owner": risk.owner, "review_date": "", "version": risk.version}
    return data | changes


def test_every_save_increments_the_version(nel, editors):
    risk = Risk.objects.get(plan=nel, ref="R3")
    start = risk.version
    saved = risk_service.update_risk(editors[0], risk, start, {"owner": "Director of adult services"})
    assert saved.version == start + 1
    saved.owner = "Chief finance officer"
    saved.save(update_fields=["owner"])  # partial saves (the scenario loader's) count too
    assert Risk.objects.get(pk=risk.pk).version == start + 2


def test_second_of_two_concurrent_edits_is_refused_and_the_first_survives(nel, editors):
    alice, bob = editors
    risk = Risk.objects.get(plan=nel, ref="R1a")
    opened = risk.version  # both open the same version
    risk_service.update_risk(alice, risk, opened, {"likelihood": 4, "impact": 4, "owner": "Alice's team"})
    with pytest.raises(StaleEdit) as refused:
        risk_service.update_risk(bob, risk, opened, {"likelihood": 2, "impact": 2, "owner": "Bob's team"})
    message = refused.value.message
    assert re.fullmatch(r"This risk was changed by nel\.alice at .+ since you opened it; your changes were not "
                        r"saved\.", message), message
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.likelihood, stored.impact, stored.owner, stored.score) == (4, 4, "Alice's team", 16)
    attempt = RefusedEdit.objects.get(object_id=risk.pk, model="delivery.risk")
    assert (attempt.user, attempt.changed_by, attempt.seen_version) == (bob, alice, opened)
    assert attempt.changes["owner"] == "Bob's team"
    authors = {(entry.who, entry.kind) for entry in history_entries(stored)}
    assert ("nel.alice", "Changed") in authors and ("nel.bob", "Refused (stale)") in authors


def test_concurrent_edits_through_the_pages(client, nel, editors):
    alice, bob = editors
    risk = Risk.objects.get(plan=nel, ref="R3")
    url = reverse("delivery:risk_edit", args=[risk.id])
    client.force_login(alice)
    page = client.get(url).content.decode()
    opened = int(re.search(r'name="version" value="(\d+)"', page).group(1))
    response = client.post(url, risk_form(risk, version=opened, likelihood=4, owner="Alice"))
    assert response.status_code == 302
    client.force_login(bob)
    response = client.post(url, risk_form(risk, version=opened, likelihood=1, owner="Bob"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "This risk was changed by nel.alice at" in body and "your changes were not saved" in body
    assert 'class="govuk-error-summary"' in body
    stored = Risk.objects.get(pk=risk.pk)
    assert (stored.likelihood, stored.owner) == (4, "Alice")
    history = client.get(reverse("delivery:risk_history", args=[risk.id])).content.decode()
    assert "nel.alice" in history and "nel.bob" in history and "Refused" in history
    detail = client.get(reverse("delivery:risk", args=[risk.id])).content.decode()
    assert "4 × 5 = 20" in detail  # score history and rating follow the surviving edit


def test_a_stale_row_refuses_the_whole_bulk_save(nel, editors):
    alice, bob = editors
    quarter = "2017-18-Q3"
    conditions = condition_service.conditions_of(nel)
    condition_service.save_quarter(alice, nel, quarter, [
        {"condition": conditions[3], "version": 0, "confirmed": True, "narrative": ""}])
    rows = [{"condition": c, "version": 0, "confirmed": True, "narrative": ""} for c in conditions[:3]]
    rows.append({"condition": conditions[3], "version": 0, "confirmed": False, "narrative": "Not yet."})
    with pytest.raises(StaleEdit, match="changed by nel.alice"):
        condition_service.save_quarter(bob, nel, quarter, rows)
    assert ConditionConfirmation.objects.filter(plan=nel, quarter=quarter).count() == 1  # nothing half-applied
    assert RefusedEdit.objects.filter(user=bob, model="delivery.conditionconfirmation").count() == 1


def test_history_records_who_changed_what(nel, editors):
    alice = editors[0]
    risk = Risk.objects.get(plan=nel, ref="R2b")
    risk_service.update_risk(alice, risk, risk.version, {"impact": 4})
    latest = history_entries(Risk.objects.get(pk=risk.pk))[0]
    assert (latest.who, latest.kind) == ("nel.alice", "Changed")
    assert latest.changes == [("Impact", "3", "4")]
