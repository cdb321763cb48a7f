"""The documents page, the board paper and the plan on a page in a real Chromium: links work, the
downloads are real files, axe finds no serious or critical violation."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LEICESTERSHIRE = "E10000018"


def test_documents_page_paper_and_plan_on_a_page(page, live_server, demo_data, sign_in, axe_violations):
    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/hwb/{LEICESTERSHIRE}/reports/")
    assert page.get_by_role("heading", level=1).inner_text() == "Documents"
    assert page.locator("#quarter").input_value() == "2018-19-Q1"
    assert [v["id"] for v in axe_violations()] == []

    pdf = page.request.get(live_server.url + page.locator("#paper-pdf").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.body()[:4] == b"%PDF"
    workbook = page.request.get(live_server.url + page.locator("#return-xlsx").get_attribute("href"))
    assert workbook.status == 200 and workbook.body()[:2] == b"PK"  # an .xlsx is a zip file

    page.locator("#paper-html").click()
    assert "Better Care Fund quarterly update" in page.title()
    assert "22,607" in page.locator("#budget-table").inner_text()
    assert page.locator("#appendix-a-table tbody tr").count() == 4
    assert [v["id"] for v in axe_violations()] == []

    page.goto(f"{live_server.url}/hwb/{LEICESTERSHIRE}/reports/")
    page.locator("#plan-pages a", has_text="web page").first.click()
    assert "Integrated Housing Solutions" in page.locator("#plan-on-a-page").inner_text()
    assert [v["id"] for v in axe_violations()] == []


def test_a_viewer_of_another_hwb_is_refused(page, live_server, demo_data, sign_in):
    sign_in("nel.viewer")
    response = page.goto(f"{live_server.url}/hwb/{LEICESTERSHIRE}/reports/")
    assert response.status == 403


def test_board_paper_narrative_page(page, live_server, demo_data, sign_in, axe_violations):
    """An editor edits the paper's narrative: errors in GOV.UK's summary (focused, linking to the
    field), saved text printed in the paper; no sideways scroll at 1280px or 768px."""
    import os
    from pathlib import Path

    shots = Path(os.environ.get("BETTERCARE_SCREENSHOTS", "/tmp/bettercare-screenshots"))
    shots.mkdir(parents=True, exist_ok=True)
    sign_in("leicestershire.approver")
    page.goto(f"{live_server.url}/hwb/{LEICESTERSHIRE}/reports/")
    page.locator("#paper-narrative").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Board paper narrative"
    assert "Cheryl Davenport" in page.locator("#id_officer").input_value()
    assert [v["id"] for v in axe_violations()] == []
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(shots / f"paper-narrative-{width}.png"), full_page=True)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert scroll <= inner, f"sideways scroll at {width}px"
    page.set_viewport_size({"width": 1280, "height": 900})
    page.locator("#id_circulation").fill("Nobody.\u0007")
    page.get_by_role("button", name="Save narrative").click()
    summary = page.locator(".govuk-error-summary")
    assert "Circulation under the Local Issues Alert Procedure contains a control character" in summary.inner_text()
    assert summary.locator("a").get_attribute("href") == "#id_circulation"
    page.screenshot(path=str(shots / "paper-narrative-error-1280.png"), full_page=False)
    assert [v["id"] for v in axe_violations()] == []
    page.locator("#id_circulation").fill("All members of the Board.")
    page.get_by_role("button", name="Save narrative").click()
    assert page.url.endswith("/reports/?quarter=2018-19-Q1")
    page.goto(f"{live_server.url}/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/paper/")
    assert "All members of the Board." in page.locator("#circulation").inner_text()
