"""Issue 16's third journey in a real Chromium: a viewer reads the dashboard. The NEL viewer goes
from the HWB list to the HWB, its performance dashboard and a metric; the national team user reads
Norfolk's LGA peer-review pack (a KPI set, not a plan). Every page is looked at 1280px and 768px wide
(screenshots, no sideways scroll, column headings whole) and passes axe (``looking.look``)."""

import pytest
from looking import look
from playwright.sync_api import expect

from bettercare.monitoring.models import KpiSet

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_viewer_reads_the_dashboard(page, live_server, demo_data, sign_in):
    seen: list[str] = []
    sign_in("nel.viewer")
    page.goto(f"{live_server.url}/")
    seen += look(page, "viewer-1-hwb-list")
    page.get_by_role("link", name="North East Lincolnshire").first.click()
    expect(page.locator("h1")).to_have_text("North East Lincolnshire")
    seen += look(page, "viewer-2-hwb")
    page.get_by_role("link", name="Performance against BCF metrics").click()
    expect(page.locator("h1")).to_contain_text("Performance against BCF metrics")
    expect(page.locator("main table").first).to_be_visible()
    seen += look(page, "viewer-3-dashboard")
    page.locator("#main-content table a[href*='/metrics/']:not([href*='/local/'])").first.click()
    expect(page.locator("h1")).to_be_visible()
    seen += look(page, "viewer-4-metric")
    assert page.get_by_role("button", name="Save").count() == 0  # a viewer reads, never edits
    assert not seen, "\n".join(seen)


def test_national_user_reads_the_peer_review_pack(page, live_server, demo_data, sign_in):
    seen: list[str] = []
    pack = KpiSet.objects.get(scenario="norfolk-peer-review-2018")
    sign_in("national")
    page.goto(f"{live_server.url}/hwb/{pack.area.gss_code}/")
    seen += look(page, "pack-1-hwb")
    page.get_by_role("link", name=pack.title).click()
    expect(page.locator("h1")).to_have_text(pack.title)
    expect(page.locator("#section-key-performance-indicators")).to_have_attribute("open", "")
    expect(page.locator("#section-workforce")).not_to_have_attribute("open", "")
    seen += look(page, "pack-2-kpi-set")
    for summary in page.locator("details summary").all():
        if summary.locator("xpath=..").get_attribute("open") is None:
            summary.click()
    expect(page.locator("#section-workforce table")).to_be_visible()
    seen += look(page, "pack-3-kpi-set-open")
    assert not seen, "\n".join(seen)
