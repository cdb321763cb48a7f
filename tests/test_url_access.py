"""Every page needs sign-in, and a user with no membership sees no HWB's data on any page."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from bettercare.plans.models import Plan

pytestmark = pytest.mark.django_db
PUBLIC = {"sign-in/", "accessibility/", "sign-out/", "api/v1/openapi.json"}  # the API's contract holds no data


def patterns(resolver=None, prefix=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith("admin/"):
                continue
            yield from patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def concrete(route: str, plan: Plan) -> str:
    values = {"gss_code": plan.area.gss_code, "plan_id": str(plan.id), "quarter": "2018-19-Q1",
              "metric_code": "nea", "period": "2018-19"}

    def fill(match):
        name = match.group(2)
        return values.get(name, str(plan.id) if match.group(1) == "int" else "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route)


def all_urls() -> list[str]:
    plan = Plan.objects.get(scenario="leicestershire-2018-19")
    return [concrete(route, plan) for route in patterns() if route not in PUBLIC]


def test_every_page_redirects_anonymous_users_to_sign_in(client):
    urls = all_urls()
    assert len(urls) > 30
    for url in urls:
        response = client.get(url)
        if url.startswith("/api/v1/") and not url.endswith("/"):  # API calls answer 401, not a redirect
            assert response.status_code in (401, 404, 405), url
            continue
        assert response.status_code in (302, 404, 405), url
        if response.status_code == 302:
            assert "/sign-in/" in response.url, url


def test_a_user_without_membership_gets_no_hwb_data(client):
    stranger = get_user_model().objects.create_user("stranger", password="a-long-password")
    client.force_login(stranger)
    for url in all_urls():
        response = client.get(url)
        if response.status_code == 200:
            assert b"Leicestershire" not in response.content, url
