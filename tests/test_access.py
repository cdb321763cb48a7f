"""Per-HWB roles are enforced in the service layer and by the pages."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from bettercare.accounts.access import require, visible_areas
from bettercare.accounts.models import Membership
from bettercare.plans.models import Plan
from bettercare.reference.models import Area

pytestmark = pytest.mark.django_db
NORFOLK, LEICESTERSHIRE = "E10000020", "E10000018"


def user(username: str):
    return get_user_model().objects.get(username=username)


def plan_of(gss_code: str) -> Plan:
    return Plan.objects.filter(area__gss_code=gss_code).first()


def test_editor_sees_only_own_hwb():
    assert list(visible_areas(user("norfolk.editor")).values_list("gss_code", flat=True)) == [NORFOLK]


def test_national_team_reads_every_hwb_but_cannot_edit():
    national = user("national")
    assert visible_areas(national).count() == Area.objects.count() == 3
    require(national, "view", plan_of(LEICESTERSHIRE))
    with pytest.raises(PermissionDenied):
        require(national, "edit", plan_of(LEICESTERSHIRE))


@pytest.mark.parametrize(
    "username,action,allowed",
    [
        ("nel.viewer", "view", True),
        ("nel.viewer", "edit", False),
        ("nel.viewer", "approve", False),
        ("leicestershire.approver", "edit", True),
        ("leicestershire.approver", "approve", True),
    ],
)
def test_roles_rank_viewer_editor_approver(username, action, allowed):
    member = user(username)
    area = member.memberships.get().area
    if allowed:
        require(member, action, plan_of(area.gss_code))
    else:
        with pytest.raises(PermissionDenied):
            require(member, action, plan_of(area.gss_code))


def test_someone_with_no_membership_sees_nothing():
    stranger = get_user_model().objects.create_user("stranger", password="x-long-password")
    assert not visible_areas(stranger).exists()
    with pytest.raises(PermissionDenied):
        require(stranger, "view", plan_of(NORFOLK))


def test_editor_of_one_hwb_gets_403_on_another_hwbs_plan(client):
    client.force_login(user("norfolk.editor"))
    assert client.get(f"/plans/{plan_of(NORFOLK).id}/").status_code == 200
    assert client.get(f"/plans/{plan_of(LEICESTERSHIRE).id}/").status_code == 403
    assert client.get(f"/hwb/{LEICESTERSHIRE}/").status_code == 403


def test_national_user_reads_all_plans(client):
    client.force_login(user("national"))
    for plan in Plan.objects.all():
        assert client.get(f"/plans/{plan.id}/").status_code == 200


def test_pages_need_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302 and "/sign-in/" in response.url


def test_hwb_page_lists_plans_with_funding_totals_by_partner_and_year(client):
    client.force_login(user("leicestershire.approver"))
    html = client.get(f"/hwb/{LEICESTERSHIRE}/").content.decode()
    assert "£55,993,000" in html
    assert "West Leicestershire" in html


def test_membership_is_unique_per_user_and_area():
    member = user("nel.viewer")
    assert Membership.objects.filter(user=member).count() == 1


def test_hwb_page_lists_local_kpis_with_family_group_comparators(client):
    """The plans' local KPIs are on the HWB page; the peer-review pack's, with family-group
    averages, on the page of its KPI set, linked from the HWB page."""
    from bettercare.monitoring.models import KpiSet

    client.force_login(user("norfolk.editor"))
    html = client.get(f"/hwb/{NORFOLK}/").content.decode()
    pack = KpiSet.objects.get(area__gss_code=NORFOLK)
    assert 'id="kpi-table"' in html and f"/hwb/{NORFOLK}/kpi-sets/{pack.pk}/" in html
    assert "Family group average" in client.get(f"/hwb/{NORFOLK}/kpi-sets/{pack.pk}/").content.decode()
