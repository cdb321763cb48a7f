"""The national team's return collection in a real Chromium: upload a zip of return workbooks through
the page's file input, read the per-file report, then the status board; axe passes on both, and
screenshots are kept for people to look at."""

import os
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))


def test_upload_report_and_status_board(page, live_server, demo_data, sign_in, axe_violations, tmp_path):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "delivery"))
    from return_books import QUARTER, break_answer, break_code, filled_template, for_area, registered_hwbs

    from bettercare.plans.models import Plan
    from bettercare.reference.models import PolicyPeriod
    from bettercare.reference.national_register import load_national_register

    load_national_register()
    areas = registered_hwbs()[:12]
    period = PolicyPeriod.objects.get(code="2021-23")
    for area in areas:
        Plan.objects.get_or_create(area=area, period=period, version=1, defaults={"title": f"{area.name} plan"})
    template = filled_template(areas[0])
    upload = tmp_path / "q4-returns.zip"
    with zipfile.ZipFile(upload, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, area in enumerate(areas[:10]):
            change = {3: break_answer, 7: break_code}.get(index)
            archive.writestr(f"q4/{area.gss_code}.xlsx", for_area(template, area, change))
        archive.writestr("../outside.xlsx", BytesIO(b"PK").getvalue())

    sign_in("national")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/delivery/national/returns/{QUARTER}/upload/")
    page.get_by_label("Return workbook (.xlsx) or a .zip of them").set_input_files(str(upload))
    page.get_by_role("button", name="Upload and check").click()
    assert "8 of 11 files loaded" in page.locator("#upload-outcome").inner_text()
    refused = page.locator("#refused").inner_text()
    assert "C6" in refused and "Cover" in refused and "outside the archive" in refused
    assert [v["id"] for v in axe_violations()] == []
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "return-upload-report-1280.png"), full_page=True)

    page.get_by_role("link", name=f"See the status of every HWB for {QUARTER.label}").click()
    page.wait_for_url(f"**/delivery/national/returns/{QUARTER}/")
    page.wait_for_load_state()
    assert page.locator("#status-board tbody tr").count() == 151
    assert "151 of 151 HWBs shown" in page.locator("#status-board caption").inner_text()
    assert page.locator("#status-board tbody tr .govuk-tag--green").count() == 8
    assert [v["id"] for v in axe_violations()] == []
    page.screenshot(path=str(SHOTS / "return-status-board-1280.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": 2000})
    page.get_by_label("State").select_option("submitted")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**state=submitted*")
    page.wait_for_load_state()
    assert page.locator("#status-board tbody tr").count() == 8
    page.get_by_role("link", name="National summary of submitted returns").click()
    page.wait_for_url("**/reports/national/*")
    page.wait_for_load_state()
    assert "Returns submitted" in page.locator("#summary-rates").inner_text()
    page.screenshot(path=str(SHOTS / "national-summary-rates-1280.png"), full_page=True)
