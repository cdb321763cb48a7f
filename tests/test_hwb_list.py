"""The HWB list (issue 16): searchable by name or code, filterable by region, sortable by column,
on the server (the page works without JavaScript; hwb-list.js does the same in place)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bettercare.catalogue.national_areas import national_area

pytestmark = pytest.mark.django_db


def names(html: str) -> list[str]:
    return re.findall(r'<tr class="govuk-table__row" data-name="([^"]+)"', html)


@pytest.fixture
def client():
    client = Client()
    client.force_login(get_user_model().objects.get(username="national"))
    return client


def test_search_region_and_sort(client):
    every = names(client.get("/").content.decode())
    assert len(every) >= 3 and every == sorted(every)
    assert names(client.get("/?q=norf").content.decode()) == ["Norfolk"]
    assert names(client.get("/?q=E10000018").content.decode()) == ["Leicestershire"]
    east = national_area("Norfolk").region_name
    in_east = names(client.get("/", {"region": east}).content.decode())
    assert "Norfolk" in in_east and "Leicestershire" not in in_east
    by_code = client.get("/?sort=code").content.decode()
    codes = re.findall(r'data-code="([^"]+)"', by_code)
    assert codes == sorted(codes)
    assert east in by_code  # the region column
    assert "No HWB matches your search" in client.get("/?q=atlantis").content.decode()
