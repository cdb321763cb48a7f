"""Report pages and downloads: who may see them, what they return."""

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from .helpers import LEICESTERSHIRE, NEL

pytestmark = pytest.mark.django_db


def login(client, username):
    client.force_login(get_user_model().objects.get(username=username))


def test_downloads_page_lists_documents_for_the_default_quarter(client):
    login(client, "leicestershire.approver")
    html = client.get(f"/hwb/{LEICESTERSHIRE}/reports/").content.decode()
    assert f'href="/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/paper.pdf"' in html
    assert f'href="/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/return.xlsx"' in html
    assert f"/hwb/{LEICESTERSHIRE}/plan-on-a-page.pdf?plan=" in html
    assert "National summary" not in html  # only for the national team


def test_paper_pdf_and_return_downloads(client, tmp_path):
    login(client, "leicestershire.approver")
    pdf = client.get(f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/paper.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert 'filename="leicestershire-bcf-board-paper-2018-19-Q1.pdf"' in pdf["Content-Disposition"]
    book = client.get(f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/return.xlsx")
    (tmp_path / "r.xlsx").write_bytes(book.content)
    assert "Income and expenditure" in load_workbook(tmp_path / "r.xlsx").sheetnames


def test_other_hwbs_and_anonymous_users_are_refused(client):
    assert client.get(f"/hwb/{LEICESTERSHIRE}/reports/")["Location"].startswith("/sign-in/")
    login(client, "nel.viewer")
    for url in (f"/hwb/{LEICESTERSHIRE}/reports/", f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/paper/",
                f"/hwb/{LEICESTERSHIRE}/reports/2018-19-Q1/return.xlsx", f"/hwb/{LEICESTERSHIRE}/plan-on-a-page/"):
        assert client.get(url).status_code == 403, url


def test_bad_quarter_and_plan_are_404(client):
    login(client, "leicestershire.approver")
    assert client.get(f"/hwb/{LEICESTERSHIRE}/reports/2018-Q9/return.xlsx").status_code == 404
    assert client.get(f"/hwb/{LEICESTERSHIRE}/plan-on-a-page/?plan=999999").status_code == 404


def test_national_summary_covers_only_visible_hwbs(client, tmp_path):
    login(client, "nel.viewer")
    response = client.get("/reports/national/2018-19-Q1.xlsx")
    (tmp_path / "n.xlsx").write_bytes(response.content)
    absent = [r[1] for r in load_workbook(tmp_path / "n.xlsx")["Not submitted"].iter_rows(min_row=5, values_only=True)
              if r[0]]
    assert absent == [NEL]
    login(client, "national")
    assert "Download the national summary" in client.get("/reports/national/").content.decode()
