"""Rendered page bodies kept until the data change (``web/templatetags/page_cache.py``): a second
visit reads the kept body, but never another reader's, never a stale role, never a form token."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from bettercare.accounts.models import Membership
from bettercare.monitoring.models import MetricActual
from bettercare.reference.models import Area

pytestmark = pytest.mark.django_db
LEICESTERSHIRE = "E10000018"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]*)"')


def signed_in(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def without_token(client, url: str) -> str:
    """The page without the header's per-request form token."""
    return TOKEN.sub("", client.get(url).content.decode())


def page_entries() -> list[str]:
    return [key for key in cache._cache if ":bettercare:page:" in key]  # LocMem in the test settings


def test_the_second_visit_reads_the_kept_body_and_a_change_of_data_shows_at_once(client):
    signed_in(client, "leicestershire.approver")
    url = f"/hwb/{LEICESTERSHIRE}/metrics/?period=2018-19"
    first = without_token(client, url)
    assert len(page_entries()) == 1 and "metrics-table" in first
    assert without_token(client, url) == first
    actual = MetricActual.objects.get(area__gss_code=LEICESTERSHIRE, metric__code="dtoc-monthly", period="2018-07",
                                      locality=None, component="")
    actual.numerator, actual.value = actual.numerator + 500, None
    actual.save()
    assert without_token(client, url) != first
    assert len(page_entries()) == 2  # a new data version, a new body


def test_each_reader_has_their_own_body(client):
    national = signed_in(client, "national").get("/").content.decode()
    assert "Norfolk" in national and "Leicestershire" in national
    viewer = signed_in(client, "nel.viewer").get("/").content.decode()
    assert "North East Lincolnshire" in viewer and "Norfolk" not in viewer


def test_a_change_of_role_shows_without_a_change_of_data(client):
    signed_in(client, "nel.viewer")
    assert "Norfolk" not in client.get("/").content.decode()
    user = get_user_model().objects.get(username="nel.viewer")
    Membership.objects.create(user=user, area=Area.objects.get(name="Norfolk"), role="viewer")
    assert "Norfolk" in client.get("/").content.decode()


def test_a_body_with_a_form_token_is_rendered_for_each_request(client):
    signed_in(client, "leicestershire.approver")  # may record SPC notes: the metric page has a posting form
    url = f"/hwb/{LEICESTERSHIRE}/metrics/dtoc-monthly/?period=2018-19"
    client.get(url)
    assert page_entries() == []
    client.cookies.clear()
    signed_in(client, "leicestershire.approver")
    tokens = {TOKEN.search(client.get(url).content.decode()).group(1) for _ in range(2)}
    assert len(tokens) == 2  # masked afresh on each request, never replayed from the cache
