"""Planning workbooks: export then import gives back the same plan for every scenario (also into
a database without the plan); a bad workbook is refused as a whole, each problem named by sheet,
row, column and rule; layouts of other versions or periods are recognised and refused clearly."""

import json
from io import BytesIO

import pytest
from django.db import models
from openpyxl import load_workbook
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.planbook.snapshot import dump_plan
from bettercare.planbook.workbook import WorkbookRefused, export_plan, import_workbook
from bettercare.planbook.workbook.layout import FIRST_DATA_ROW, SHEETS
from bettercare.plans.models import Contribution, Plan
from bettercare.reference.models import Organisation
from bettercare.scenarios import plan_scenario_ids

pytestmark = pytest.mark.django_db


def plan(scenario: str) -> Plan:
    return Plan.objects.get(scenario=scenario)


@pytest.mark.parametrize("scenario", plan_scenario_ids())
def test_export_then_import_gives_an_identical_plan_as_a_new_version(scenario):
    original = plan(scenario)
    copy = import_workbook(BytesIO(export_plan(original)), f"{scenario}.xlsx")
    assert copy.pk != original.pk and copy.version > original.version
    assert dump_plan(copy) == dump_plan(original)


@pytest.mark.parametrize("scenario", plan_scenario_ids())
def test_export_then_import_into_a_database_without_the_plan_gives_it_back(scenario):
    original = plan(scenario)
    before, version = dump_plan(original), original.version
    content = export_plan(original)
    # another database: frozen plans refuse delete(), so the test removes it with the plain QuerySet's
    models.QuerySet.delete(Plan.objects.filter(pk=original.pk))
    restored = import_workbook(BytesIO(content), f"{scenario}.xlsx")
    assert restored.version == version
    assert dump_plan(restored) == before


def test_the_workbook_is_laid_out_like_the_planning_template():
    workbook = load_workbook(BytesIO(export_plan(plan("norfolk-2014-16"))))
    assert workbook.sheetnames[:8] == [
        "Cover",
        "Income",
        "Schemes",
        "Expenditure",
        "Metrics",
        "Metric rules",  # the plan's numbering and RAG rule of each metric, beside its ambitions
        "HICM",
        "National conditions",
    ]
    assert {"Checklist", "Lists", "Contingency"} <= set(workbook.sheetnames)
    cover = {row[0].value: row[1].value for row in workbook["Cover"].iter_rows(min_row=3, max_col=2)}
    assert cover["Layout"] == "bettercare-plan/2014-16/v1" and cover["Policy period"] == "2014-16"
    income = workbook["Income"]
    amounts = [income.cell(row=r, column=5).value for r in range(FIRST_DATA_ROW, income.max_row + 1)]
    assert sum(amounts) == 3482000 + 2162000 + 62461000
    checklist = [row[0].value for row in workbook["Checklist"].iter_rows(min_row=FIRST_DATA_ROW)]
    assert "FUND-003" in checklist


def _bad(mutate) -> bytes:
    workbook = load_workbook(BytesIO(export_plan(plan("norfolk-2014-16"))))
    mutate(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _refusal(content: bytes) -> list[str]:
    plans, organisations = Plan.objects.count(), Organisation.objects.count()
    with pytest.raises(WorkbookRefused) as refused:
        import_workbook(BytesIO(content), "bad.xlsx")
    assert (Plan.objects.count(), Organisation.objects.count()) == (plans, organisations)
    return [str(problem) for problem in refused.value.problems]


def test_bad_cells_are_all_named_and_nothing_is_imported():
    def mutate(workbook):
        income = workbook["Income"]
        income.cell(row=FIRST_DATA_ROW, column=5, value="lots")  # Amount
        income.cell(row=FIRST_DATA_ROW + 1, column=2, value="magic_money")  # Funding stream
        income.cell(row=FIRST_DATA_ROW + 2, column=3, value="2015-17")  # Financial year
        workbook["Risks"].cell(row=FIRST_DATA_ROW, column=4, value=7)  # Likelihood

    problems = _refusal(_bad(mutate))
    assert "bad.xlsx: sheet 'Income', row 4, column E: 'Amount (£)' must be a number (rule: type)" in problems
    assert any(
        "sheet 'Income', row 5, column B" in p and "magic_money" in p and "(rule: reference)" in p for p in problems
    )
    assert any("sheet 'Income', row 6, column C" in p and "financial year like 2015-16" in p for p in problems)
    assert len(problems) >= 3


def test_ranges_duplicates_and_periods_are_checked():
    def mutate(workbook):
        risks = workbook["Risks"]
        risks.cell(row=FIRST_DATA_ROW, column=4, value=7)
        expenditure = workbook["Expenditure"]
        for column in range(1, 7):
            expenditure.cell(
                row=FIRST_DATA_ROW + 1, column=column, value=expenditure.cell(row=FIRST_DATA_ROW, column=column).value
            )
        workbook["Metrics"].cell(row=FIRST_DATA_ROW, column=7, value="2001-01-01")

    problems = _refusal(_bad(mutate))
    assert any("sheet 'Risks', row 4, column D" in p and "(rule: range)" in p for p in problems)
    assert any("sheet 'Expenditure', row 5" in p and "repeats row 4" in p and "(rule: unique)" in p for p in problems)
    assert any("sheet 'Metrics', row 4, column G" in p and "(rule: period)" in p for p in problems)


def test_a_missing_sheet_or_column_is_named():
    def mutate(workbook):
        del workbook["Contingency"]
        workbook["Income"].cell(row=3, column=5, value="Money")

    problems = _refusal(_bad(mutate))
    assert any("sheet 'Contingency'" in p and "missing" in p and "(rule: layout)" in p for p in problems)
    assert any("sheet 'Income', row 3" in p and "'Amount (£)' is missing" in p for p in problems)


@pytest.mark.parametrize(
    "layout,period,expected",
    [
        ("bettercare-plan/2014-16/v2", "2014-16", "newer than the layout this bettercare reads"),
        ("bettercare-plan/2014-16/v0", "2014-16", "older than the layout this bettercare reads"),
        ("bettercare-plan/2031-33/v1", "2031-33", "which this bettercare does not know"),
        ("national-template-2019", "2014-16", "is not a bettercare planning layout"),
        ("bettercare-plan/2017-19/v1", "2014-16", "does not match layout"),
    ],
)
def test_workbooks_of_other_layouts_are_recognised_and_refused(layout, period, expected):
    def mutate(workbook):
        workbook["Cover"]["B3"] = layout
        workbook["Cover"]["B4"] = period

    [problem] = _refusal(_bad(mutate))
    assert "sheet 'Cover'" in problem and expected in problem and "(rule: layout)" in problem


def test_a_workbook_of_another_period_layout_is_read_with_that_layout():
    """A 2017-19 workbook (Leicestershire) and a 2014-16 one (Norfolk) each import with their own period."""
    for scenario, period in (("leicestershire-2018-19", "2017-19"), ("norfolk-2014-16", "2014-16")):
        imported = import_workbook(BytesIO(export_plan(plan(scenario))), "x.xlsx")
        assert imported.period.code == period


def test_a_file_that_is_not_a_workbook_is_refused():
    [problem] = _refusal(b"this is not a spreadsheet")
    assert "not an Excel workbook" in problem and "(rule: format)" in problem


def test_cli_export_and_import(tmp_path):
    runner = CliRunner()
    out = tmp_path / "leics.xlsx"
    result = runner.invoke(app, ["plan", "export", "--scenario", "leicestershire-2018-19", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.exists()
    plans = Plan.objects.count()
    result = runner.invoke(app, ["plan", "import", str(out), "--json"])  # the same plan again: refused
    version = plan("leicestershire-2018-19").version
    printed = " ".join(result.output.split())
    assert result.exit_code == 2 and f"identical to version {version} of Leicestershire" in printed
    assert Plan.objects.count() == plans
    book = load_workbook(out)
    [title_cell] = [c for row in book["Cover"].iter_rows() for c in row
                    if c.value == plan("leicestershire-2018-19").title]
    title_cell.value = "Leicestershire BCF plan, revised"
    book.save(out)
    result = runner.invoke(app, ["plan", "import", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    imported = Plan.objects.get(pk=summary["plan"])
    original = dump_plan(plan("leicestershire-2018-19"))
    original["plan"]["title"] = "Leicestershire BCF plan, revised"
    assert dump_plan(imported) == original
    assert Contribution.objects.filter(plan=imported).count() == 7


def test_cli_check_reads_a_workbook_without_importing_it(tmp_path):
    out = tmp_path / "norfolk.xlsx"
    out.write_bytes(export_plan(plan("norfolk-2014-16")))
    plans = Plan.objects.count()
    result = CliRunner().invoke(app, ["plan", "check", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert any(f["rule"] == "FUND-003" and f["where"]["locality"] == "07J" for f in data["findings"])
    assert Plan.objects.count() == plans


def test_cli_refuses_a_bad_workbook_with_exit_code_2(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(_bad(lambda wb: wb["Income"].cell(row=FIRST_DATA_ROW, column=5, value="lots")))
    result = CliRunner().invoke(app, ["plan", "import", str(bad)])
    assert result.exit_code == 2
    assert "sheet 'Income', row 4, column E" in result.output and "nothing was imported" in result.output
    for args in (
        ["plan", "export", "--scenario", "nel-2017-19", "--out", str(tmp_path / "x.csv")],
        ["plan", "import", str(tmp_path / "missing.xlsx")],
    ):
        assert CliRunner().invoke(app, args).exit_code == 2


def test_every_layout_sheet_is_written():
    workbook = load_workbook(BytesIO(export_plan(plan("nel-2017-19"))))
    for spec in SHEETS:
        headers = [cell.value for cell in workbook[spec.name][3]]
        assert headers == [column.header for column in spec.columns]
