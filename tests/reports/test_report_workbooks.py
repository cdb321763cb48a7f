"""The quarterly return workbook and the national summary, written to real .xlsx files and reopened
with openpyxl: sheets per section, a checklist, values not formulas, the submitted snapshot used
once a return is submitted (later data changes do not reach it)."""

from io import BytesIO

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from bettercare.delivery.assembly import assemble
from bettercare.delivery.models import ConditionConfirmation, QuarterlyReturn, ReturnMetricStatus
from bettercare.delivery.workflow import refresh_proposals
from bettercare.indicators.periods import Quarter
from bettercare.plans.models import Contribution
from bettercare.reference.models import Area, NationalCondition

from .helpers import LEICESTERSHIRE, NEL, NORFOLK

pytestmark = pytest.mark.django_db  # the test database is set up only for marked tests
Q1 = Quarter.parse("2018-19-Q1")
SHEETS = ["Cover", "Checklist", "National conditions", "Metrics", "HICM", "Income and expenditure", "Narrative",
          "Accepted plan findings"]


def reopen(book) -> object:
    from bettercare.reports.workbook.cells import to_bytes

    return load_workbook(BytesIO(to_bytes(book)))


def submit_return(area: Area, override: bool = False) -> QuarterlyReturn:
    """A submitted Q1 return: every condition confirmed, narrative written, snapshot stored."""
    from bettercare.reports.sources import plan_for_quarter

    plan = plan_for_quarter(area, Q1)
    ret = QuarterlyReturn.objects.create(
        area=area, plan=plan, quarter=str(Q1), achievements="=SUM(A1) is text, not a formula",
        challenges="Winter planning.",
    )
    for condition in NationalCondition.objects.filter(period=plan.period):
        ConditionConfirmation.objects.create(plan=plan, condition=condition, quarter=str(Q1), confirmed=True,
                                             source="test")
    refresh_proposals(ret)  # the delivery workflow stores every metric's proposed status
    if override:
        row = ReturnMetricStatus.objects.get(quarterly_return=ret, metric__code="perm-admissions-65")
        row.chosen_status, row.override_reason = "on track", "Forecast method under review"
        row.save()
    ret.snapshot = assemble(ret) | {"status": "submitted"}
    ret.status, ret.submitted_at = "submitted", timezone.now()
    ret.save()
    return ret


def cells(ws) -> list:
    return [cell for row in ws.iter_rows() for cell in row if cell.value is not None]


def column(ws, heading: str) -> list:
    """The values under a heading (the first row holding it)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == heading:
                return [ws.cell(row=r, column=cell.column).value for r in range(cell.row + 1, ws.max_row + 1)]
    raise AssertionError(f"no column {heading!r} in {ws.title}")


@pytest.fixture(scope="module")
def books(module_db):
    from bettercare.reports.workbook import national_workbook, return_workbook

    with module_db():
        leicestershire = Area.objects.get(gss_code=LEICESTERSHIRE)
        live = reopen(return_workbook(leicestershire, Q1))
        submit_return(leicestershire, override=True)
        first = Contribution.objects.filter(plan__area=leicestershire, financial_year="2018-19").first()
        first.amount += 1000  # a change after submission must not reach the submitted figures
        first.save()
        submitted = reopen(return_workbook(leicestershire, Q1))
        national = reopen(national_workbook(Q1))
        nel_only = reopen(national_workbook(Q1, Area.objects.filter(gss_code=NEL)))
    return {"live": live, "submitted": submitted, "national": national, "nel_only": nel_only}


def test_return_sheets_are_the_sections_plus_cover_and_checklist(books):
    assert books["live"].sheetnames == SHEETS


def test_no_cell_holds_a_formula(books):
    for name in ("live", "submitted", "national"):
        for ws in books[name]:
            assert [c.coordinate for c in cells(ws) if c.data_type == "f"] == [], f"{name} {ws.title}"


def test_live_return_income_and_expenditure_match_seed_004(books):
    ws = books["live"]["Income and expenditure"]
    amounts = column(ws, "Amount")
    assert sorted(a for a in amounts[:7]) == [1196000, 1367000, 3632000, 5582000, 6837000, 16139000, 21240000]
    assert amounts[7] == 55993000  # Total row
    assert column(ws, "Budget")[0] == 55993000
    assert column(ws, "Forecast outturn")[0] == 55400000
    assert column(ws, "Variance")[0] == -593000


def test_live_return_metrics_sheet_carries_values_targets_and_status(books):
    ws = books["live"]["Metrics"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    # each figure in its metric's unit, at the precision seed 004 states it (650.1 against 624.1)
    assert rows["perm-admissions-65"][4] == "not on track" and rows["perm-admissions-65"][8:10] == (650.1, 624.1)
    assert rows["nea"][4] == "on track" and rows["nea"][8:10] == (818.63, 832.57)
    assert rows["reablement-91"][8:11] == (93.2, 87, "green")
    assert round(rows["dtoc"][8], 2) == 5.80 and rows["dtoc"][9] == 7.88


def test_checklist_shows_what_is_missing_then_complete(books):
    live = {(r[1], r[2]) for r in books["live"]["Checklist"].iter_rows(min_row=5, values_only=True) if r[1]}
    assert ("Condition 1: A jointly agreed plan (including DFG passed to district councils)", "Not complete") in live
    assert ("Achievements", "Not complete") in live and ("Approved for the HWB", "Not complete") in live
    assert books["live"]["Checklist"]["A3"].value == "Not complete"
    submitted = {(r[1], r[2]) for r in books["submitted"]["Checklist"].iter_rows(min_row=5, values_only=True) if r[1]}
    assert ("Condition 1: A jointly agreed plan (including DFG passed to district councils)", "Complete") in submitted
    assert ("Approved for the HWB", "Complete") in submitted and ("Achievements", "Complete") in submitted


def test_submitted_return_uses_its_snapshot(books):
    cover = {r[0]: r[1] for r in books["submitted"]["Cover"].iter_rows(min_row=4, values_only=True) if r[0]}
    assert cover["Return status"] == "submitted"
    assert cover["Figures"].startswith("version 1 of the return as submitted")
    assert column(books["submitted"]["Income and expenditure"], "Amount")[7] == 55993000  # not 55,994,000


def test_narrative_text_starting_with_equals_stays_text(books):
    ws = books["submitted"]["Narrative"]
    cell = next(c for c in cells(ws) if str(c.value).startswith("=SUM"))
    assert cell.data_type == "s" and cell.value == "=SUM(A1) is text, not a formula"


def test_national_summary_one_row_per_hwb_per_metric(books):
    ws = books["national"]["Metrics"]
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]]
    assert {r[0] for r in rows} == {"Leicestershire"}
    assert sorted(r[3] for r in rows) == ["dtoc", "dtoc-monthly", "nea", "perm-admissions-65", "reablement-91"]
    perm = next(r for r in rows if r[3] == "perm-admissions-65")
    assert perm[5:8] == ("on track", "not on track", "Forecast method under review")
    returns = [r for r in books["national"]["Returns"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert len(returns) == 1 and returns[0][4:6] == (4, 4) and returns[0][7] == 55993000
    absent = {r[1] for r in books["national"]["Not submitted"].iter_rows(min_row=5, values_only=True) if r[0]}
    assert {NORFOLK, NEL} <= absent and LEICESTERSHIRE not in absent


def test_national_summary_lists_only_the_areas_given(books):
    rows = [r for r in books["nel_only"]["Metrics"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert rows == []
    absent = [r[1] for r in books["nel_only"]["Not submitted"].iter_rows(min_row=5, values_only=True) if r[0]]
    assert absent == [NEL]
