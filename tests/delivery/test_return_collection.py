"""Return collection by the national team: a zip of 151 return workbooks (generated here from
bettercare's own export, filled in as an HWB would, three of them broken in different ways) loads
148 and names the broken cells of the other 3; the status board lists all 151 HWBs; the national
summary gives rates. Real workbooks, real zips, the real database."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from io import BytesIO

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from return_books import BROKEN, NOT_MET, QUARTER, break_answer, filled_template, for_area, registered_hwbs

from bettercare.accounts.models import Membership
from bettercare.delivery.collection import status_board
from bettercare.delivery.deadlines import return_deadline
from bettercare.delivery.models import QuarterlyReturn
from bettercare.delivery.return_load import upload_returns
from bettercare.delivery.upload_files import MAX_FILE_BYTES, UploadRefused, read_upload
from bettercare.plans.models import Plan
from bettercare.reference.models import Area, PolicyPeriod
from bettercare.reference.national_register import load_national_register
from bettercare.reports.national_summary import national_summary, summary_areas
from bettercare.reports.workbook import national_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def national_team():
    user = get_user_model().objects.create_user("collector", password=None)
    Membership.objects.create(user=user, area=None, role="national")
    return user


@pytest.fixture
def register():
    """The national register, and a 2021-23 plan for every HWB in force at the end of 2022-23."""
    load_national_register()
    period = PolicyPeriod.objects.get(code="2021-23")
    areas = registered_hwbs()
    Plan.objects.bulk_create(
        [Plan(area=a, period=period, title=f"{a.name} BCF plan 2021-23") for a in areas
         if not Plan.objects.filter(area=a, period=period).exists()]
    )
    return areas


@pytest.fixture
def zip_of_151(register):
    template = filled_template(register[0])
    buffer = BytesIO()
    names = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, area in enumerate(register):
            kind, change = {5: BROKEN[0], 60: BROKEN[1], 120: BROKEN[2]}.get(index, (None, None))
            name = f"returns/{area.gss_code}-{kind or 'ok'}.xlsx"
            names[area.gss_code] = name
            archive.writestr(name, for_area(template, area, change))
    return buffer.getvalue(), names


def test_zip_of_151_loads_148_and_reports_3_with_file_sheet_and_cell(register, zip_of_151, national_team, client):
    assert len(register) == 151
    content, names = zip_of_151
    report = upload_returns(national_team, QUARTER, "q4-returns.zip", content)
    assert len(report.files) == 151
    assert len(report.loaded) == 148
    refused = {f.name: f.problems for f in report.refused}
    assert sorted(refused) == sorted(n for n in names.values() if not n.endswith("-ok.xlsx"))

    [answer] = next(p for n, p in refused.items() if n.endswith("-answer.xlsx"))
    assert (answer.sheet, answer.cell) == ("National conditions", "C6")
    assert "Answer Yes or No for national condition 2 (found Maybe)" in answer.rule
    [narrative] = next(p for n, p in refused.items() if n.endswith("-narrative.xlsx"))
    assert (narrative.sheet, narrative.cell) == ("Narrative", "B5") and "achievements" in narrative.rule
    [code] = next(p for n, p in refused.items() if n.endswith("-code.xlsx"))
    assert (code.sheet, code.cell) == ("Cover", "B5") and "E99999999" in code.rule
    assert str(code).startswith(code.file + ", sheet Cover, cell B5: ")

    # all or nothing per file: nothing of a refused file was written
    broken_areas = {n.split("/")[1].split("-")[0] for n in refused}
    assert not QuarterlyReturn.objects.filter(area__gss_code__in=broken_areas, quarter=str(QUARTER)).exists()
    loaded = QuarterlyReturn.objects.filter(quarter=str(QUARTER), status="submitted")
    assert loaded.count() == 148
    one = loaded.get(area__gss_code=NOT_MET)
    assert one.submitted_by == national_team and one.loaded_from == names[NOT_MET]
    assert [c["answer"] for c in one.snapshot["national_conditions"]] == ["Yes", "Yes", "No", "Yes"]
    assert one.snapshot["narrative"]["achievements"] == "Discharge hub opened."
    assert {c["maturity"] for c in one.snapshot["hicm"]["changes"]} == {"established"}

    board = status_board(national_team, QUARTER, today=date(2023, 4, 20))
    assert board.total == 151
    assert board.counts == {"submitted": 148, "not started": 3}
    assert status_board(national_team, QUARTER, today=date(2023, 5, 1)).counts == {"submitted": 148, "late": 3}

    client.force_login(national_team)
    page = client.get(reverse("delivery:collection", args=[str(QUARTER)])).content.decode()
    table = page.split('id="status-board"', 1)[1].split("</table>", 1)[0]
    assert table.count("data-gss=") == 151
    assert "loaded from returns/" in table
    late = client.get(reverse("delivery:collection", args=[str(QUARTER)]), {"state": "late"}).content.decode()
    assert late.split('id="status-board"', 1)[1].split("</table>", 1)[0].count("data-gss=") == 3

    # the national summary as rates, counted independently from the files that loaded
    summary = national_summary(QUARTER, summary_areas(QUARTER, Area.objects.all()))
    submitted = summary.rates[0]
    assert (submitted.count, submitted.of) == (148, 151) and submitted.text == "98.0%"
    assert [(r.count, r.of) for r in summary.conditions] == [(148, 148), (148, 148), (147, 148), (148, 148)]
    assert summary.conditions[2].text == "99.3%"  # 147 / 148 = 0.99324
    book = national_workbook(QUARTER, summary_areas(QUARTER, Area.objects.all()))
    rows = list(book["Summary"].iter_rows(min_row=5, values_only=True))
    assert rows[0][:4] == ("Returns", "Returns submitted", 148, 151)
    assert abs(rows[0][4] - 148 / 151) < 1e-12
    assert book["Summary"].cell(5, 5).number_format == "0.0%"
    assert book["Not submitted"].max_row == 4 + 3


def test_a_file_loaded_twice_is_refused_the_second_time(register, national_team):
    area = register[10]
    content = for_area(filled_template(register[0]), area)
    first = upload_returns(national_team, QUARTER, "one.xlsx", content)
    assert len(first.loaded) == 1
    again = upload_returns(national_team, QUARTER, "one.xlsx", content)
    [problem] = again.files[0].problems
    assert problem.cell == "B6" and "already submitted version 1" in problem.rule
    assert QuarterlyReturn.objects.filter(area=area, quarter=str(QUARTER)).count() == 1


def test_only_the_national_team_may_upload_and_nothing_is_read_first(register, client, national_team):
    outsider = get_user_model().objects.create_user("hwb-editor", password=None)
    Membership.objects.create(user=outsider, area=register[0], role="editor")
    with pytest.raises(PermissionDenied):
        upload_returns(outsider, QUARTER, "x.zip", b"not read")
    with pytest.raises(PermissionDenied):
        status_board(outsider, QUARTER)
    client.force_login(outsider)
    url = reverse("delivery:collection_upload", args=[str(QUARTER)])
    assert client.post(url, {"returns": BytesIO(b"PK\x03\x04 junk")}).status_code == 403
    assert client.get(reverse("delivery:collection", args=[str(QUARTER)])).status_code == 403


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_bombs_traversal_and_strangers_are_refused_without_extraction(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    small = _zip({"xl/workbook.xml": b"<workbook/>"})
    files = read_upload("upload.zip", _zip({
        "../../etc/evil.xlsx": small,
        "/abs/evil.xlsx": small,
        "notes.txt": b"hello",
        "nested.zip": small,
        "big.xlsx": b"\0" * (MAX_FILE_BYTES + 1),  # compresses to a few KB: a bomb by ratio and size
        "bomb.xlsx": _zip({"xl/worksheets/sheet1.xml": b"\0" * (70 * 1024 * 1024)}),
        "fine.xlsx": small,
    }))
    problems = {f.name: f.problem for f in files}
    assert "outside the archive" in problems["../../etc/evil.xlsx"]
    assert "outside the archive" in problems["/abs/evil.xlsx"]
    assert "Only Excel workbooks" in problems["notes.txt"] and "Only Excel workbooks" in problems["nested.zip"]
    assert "over the limit" in problems["big.xlsx"]
    assert "zip bomb" in problems["bomb.xlsx"]
    assert problems["fine.xlsx"] == ""
    assert list(tmp_path.iterdir()) == []  # nothing extracted anywhere near the working folder
    with pytest.raises(UploadRefused, match="neither an Excel workbook"):
        read_upload("returns.csv", b"a,b")
    with pytest.raises(UploadRefused, match="would expand"):
        read_upload("huge.zip", _zip({f"{n}.xlsx": b"\0" * (9 * 1024 * 1024) for n in range(40)}))


def test_upload_page_reports_each_refused_file(register, client, national_team):
    client.force_login(national_team)
    url = reverse("delivery:collection_upload", args=[str(QUARTER)])
    content = _zip({"a/good.xlsx": for_area(filled_template(register[0]), register[1]),
                    "a/bad.xlsx": for_area(filled_template(register[0]), register[2], break_answer)})
    upload = BytesIO(content)
    upload.name = "two.zip"
    body = client.post(url, {"returns": upload}).content.decode()
    assert "1 of 2 files loaded" in body
    refused = body.split('id="refused"', 1)[1].split("</table>", 1)[0]
    assert "a/bad.xlsx" in refused and "National conditions" in refused and "C6" in refused
    junk = BytesIO(b"hello")
    junk.name = "returns.zip"
    response = client.post(url, {"returns": junk})
    assert response.status_code == 400 and "neither an Excel workbook" in response.content.decode()


def test_deadline_comes_from_the_policy_period_catalogue():
    due = return_deadline("2021-23", QUARTER)
    assert due.due == date(2023, 4, 30)  # 30 days after 31 March 2023 (the 2021-23 file's rule)
    assert not due.missed_by(datetime(2023, 4, 30, 23, 59), date(2023, 6, 1))
    assert due.missed_by(datetime(2023, 5, 1, 0, 1), date(2023, 6, 1))
    assert due.missed_by(None, date(2023, 5, 1)) and not due.missed_by(None, date(2023, 4, 30))


def test_a_listed_deadline_wins_and_the_catalogue_check_reads_it():
    from bettercare.catalogue import check_period_text, use_source
    from bettercare.catalogue.loader import period_text

    text = period_text("2021-23")[1].replace("  deadlines: {}\n", "  deadlines:\n    2022-23-Q4: 2023-05-24\n")

    class Listed:
        def codes(self):
            return ["2021-23"]

        def text(self, code):
            return ("test", text) if code == "2021-23" else None

    previous = use_source(Listed())
    try:
        due = return_deadline("2021-23", QUARTER)
    finally:
        use_source(previous)
    assert due.due == date(2023, 5, 24) and "reporting timetable" in due.rule
    assert check_period_text(text)[1] == []
    bad = text.replace("2022-23-Q4: 2023-05-24", "2022-23-Q4: 2023-03-01\n    2030-31-Q1: 2030-08-01")
    problems = [str(p) for p in check_period_text(bad, "2021-23.yaml")[1]]
    assert any("quarterly_returns.deadlines.2022-23-Q4: a return cannot be due before its quarter ends" in p
               for p in problems)
    assert any("quarterly_returns.deadlines.2030-31-Q1: must be a quarter" in p for p in problems)
