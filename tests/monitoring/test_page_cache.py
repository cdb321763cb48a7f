"""Pages computed once per change of the data (``reference.data_version``): the second visitor reads the
page from the cache, and any recorded change (a figure, a target, reference data) shows at once."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from bettercare.monitoring.models import MetricActual
from bettercare.monitoring.results import metric_results
from bettercare.monitoring.warm import warm
from bettercare.reference.data_version import PREPARED, cache_key, data_version
from bettercare.reference.models import Area, Region

pytestmark = pytest.mark.django_db
LEICESTERSHIRE = "E10000018"


def _page(client, url: str) -> str:
    """The page without its per-request form token."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", client.get(url).content.decode())


def test_a_recorded_change_makes_a_new_data_version():
    first = data_version()
    assert data_version() == first  # reading changes nothing
    actual = MetricActual.objects.filter(area__gss_code=LEICESTERSHIRE, metric__code="dtoc-monthly").first()
    actual.numerator += 1
    actual.save()  # through the history, like every change a person makes
    second = data_version()
    assert second != first
    Region.objects.create(code="E12999999", name="A test region")  # reference data have no history
    assert data_version() != second


def test_figures_are_computed_once_and_change_as_soon_as_the_data_change(client):
    client.force_login(get_user_model().objects.get(username="leicestershire.approver"))
    area = Area.objects.get(gss_code=LEICESTERSHIRE)
    url = f"/hwb/{LEICESTERSHIRE}/metrics/dtoc-monthly/?period=2018-19"
    before = client.get(url).content.decode()
    assert "179.91" in before
    assert cache.get(cache_key("metric_page", (area.pk, "2018-19", "dtoc-monthly"))) is not None
    assert _page(client, url) == _page(client, url)  # the second visit reads the kept figures

    actual = MetricActual.objects.get(area=area, metric__code="dtoc-monthly", period="2018-07", locality=None,
                                      component="")
    actual.numerator, actual.value = Decimal("1000"), None
    actual.save()
    after = client.get(url).content.decode()
    assert "179.91" not in after and "183.9" in after  # 1,000 delayed days per 543,600 adults
    july = next(r for r in metric_results(area, "2018-19", ["dtoc-monthly"]) if not r.locality)
    assert any(a.figure.numerator == 1000 for a in july.assessments)


def test_warm_computes_the_national_comparisons_and_each_dashboard(django_user_model):
    area = Area.objects.get(gss_code=LEICESTERSHIRE)
    pages = warm([area])
    assert pages >= 2
    from bettercare.monitoring.views.metrics import opening_period, periods_for

    period = opening_period(area, periods_for(area))
    assert cache.get(cache_key("dashboard", (area.pk, period))) is not None
    assert cache.get(cache_key("metric_page", (area.pk, period, "dtoc-monthly"))) is not None


def test_a_database_without_the_cache_table_is_served_uncached(settings):
    """A command run on a database not yet migrated to have the cache table still gives its figures."""
    from bettercare.reference.data_version import cached

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                                   "LOCATION": "no_such_cache_table"}}
    assert cached("test", (1,), lambda: "computed") == "computed"
    assert Area.objects.filter(gss_code=LEICESTERSHIRE).exists()  # the connection is still usable


def test_a_page_reads_the_data_version_once(client):
    """However many figures a page looks up, a GET reads the data version once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(get_user_model().objects.get(username="leicestershire.approver"))
    url = f"/hwb/{LEICESTERSHIRE}/metrics/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    reads = [q for q in queries.captured_queries  # the query itself, or on PostgreSQL its prepared form
             if q["sql"] == f"EXECUTE {PREPARED}" or q["sql"].startswith("SELECT (SELECT") and "history_id" in q["sql"]]
    assert len(reads) == 1



def test_an_upgraded_bettercare_computes_its_pages_afresh():
    """New code may compute a page differently from the same data: its fingerprint is in the key."""
    import os

    import bettercare.monitoring.results as module
    from bettercare.reference.data_version import code_version

    before = cache_key("metric_results", ("x",))
    stat = os.stat(module.__file__)
    try:
        os.utime(module.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
        code_version.cache_clear()
        assert cache_key("metric_results", ("x",)) != before
    finally:
        os.utime(module.__file__, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        code_version.cache_clear()
    assert cache_key("metric_results", ("x",)) == before
