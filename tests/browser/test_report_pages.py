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
