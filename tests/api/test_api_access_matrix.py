"""Every endpoint of the OpenAPI document x every role x every HWB: a caller gets an HWB's data
only if the web's permission rules let them see it (0 leaks), and only editors and approvers of
an HWB may write to it (the viewer and the national team cannot)."""

import io
import re

import pytest
from django.contrib.auth import get_user_model

from bettercare.accounts.access import can_edit, can_view
from bettercare.delivery.models import QuarterlyReturn
from bettercare.plans.models import Area, Plan

from .conftest import bearer

pytestmark = pytest.mark.django_db
USERS = ["national", "norfolk.editor", "leicestershire.approver", "nel.viewer", "stranger", None]


def operations(client) -> list[tuple[str, str]]:
    document = client.get("/api/v1/openapi.json").json()
    return [(method.upper(), path) for path, item in document["paths"].items() for method in item]


def concrete(path: str, area: Area) -> str | None:
    """The path filled with this HWB's identifiers (None when the HWB has no such object)."""
    plan = Plan.objects.filter(area=area).order_by("id").first()
    ret = QuarterlyReturn.objects.filter(area=area).order_by("id").first()
    values = {"gss_code": area.gss_code, "code": "2017-19", "plan_id": plan and plan.id, "return_id": ret and ret.id}
    if any(values.get(name) is None for name in re.findall(r"{(\w+)}", path)):
        return None
    url = re.sub(r"{(\w+)}", lambda m: str(values[m.group(1)]), path)
    return url + ("?period=2018-19" if "results" in path else "")


def test_every_endpoint_role_and_hwb(client):
    if not get_user_model().objects.filter(username="stranger").exists():
        get_user_model().objects.create_user("stranger", password="a-long-password")
    ops = operations(client)
    assert len(ops) >= 15
    areas = list(Area.objects.order_by("gss_code"))
    checked = writes_refused = 0
    for username in USERS:
        user = get_user_model().objects.get(username=username) if username else None
        header = bearer(username) if username else {}
        seen = {a.pk for a in areas if user is not None and can_view(user, a)}
        hidden = [a for a in areas if a.pk not in seen]
        for method, path in ops:
            for area in areas:
                url = concrete(path, area)
                if url is None:
                    continue
                scoped = any(name in path for name in ("{gss_code}", "{plan_id}", "{return_id}"))
                if method == "POST":
                    upload = io.BytesIO(f"area,metric,period,numerator\n{area.gss_code},nea,2018-08,\n".encode())
                    upload.name = "matrix.csv"
                    response = client.post(url, {"file": upload}, **header)
                    allowed = user is not None and can_edit(user, area)
                    if allowed:
                        assert response.status_code == 422, (username, url)  # reached the importer: empty count
                    else:
                        assert response.status_code in (401, 403), (username, url, response.status_code)
                        writes_refused += 1
                else:
                    response = client.get(url, **header)
                    if user is None:
                        assert response.status_code == 401, url
                    elif scoped and area.pk not in seen:
                        assert response.status_code in (403, 404), (username, url, response.status_code)
                    else:
                        assert response.status_code == 200, (username, url, response.status_code)
                body = response.content.decode("utf-8", "replace")
                for other in hidden if response.status_code == 200 else []:
                    assert other.gss_code not in body and other.name not in body, (username, url, other.name)
                checked += 1
    assert checked > 200 and writes_refused >= 10
