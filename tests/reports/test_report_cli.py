"""`bettercare report ...`: each command writes its file, shows progress and names errors."""

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from bettercare.cli import app

pytestmark = pytest.mark.django_db
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, ["report", *args])


def test_paper_as_html(tmp_path):
    out = tmp_path / "paper.html"
    result = run("paper", "--area", "leicestershire", "--quarter", "2018-19-Q1", "--out", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text()
    assert "BETTER CARE FUND QUARTERLY UPDATE".lower() in html.lower() and "55,993" in html
    assert "Wrote" in result.output


def test_return_workbook_by_gss_code(tmp_path):
    out = tmp_path / "return.xlsx"
    result = run("return", "--area", "E10000018", "--quarter", "2018-19-Q1", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert load_workbook(out).sheetnames[:2] == ["Cover", "Checklist"]


def test_plan_on_a_page_and_national(tmp_path):
    page = tmp_path / "page.html"
    assert run("plan-on-a-page", "--area", "Leicestershire", "--out", str(page)).exit_code == 0
    assert "plan on a page" in page.read_text()
    summary = tmp_path / "national.xlsx"
    assert run("national", "--quarter", "2018-19-Q1", "--out", str(summary)).exit_code == 0
    assert load_workbook(summary).sheetnames == ["Cover", "Summary", "Metrics", "Returns", "Not submitted"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["paper", "--area", "Atlantis", "--quarter", "2018-19-Q1", "--out", "x.pdf"], "no HWB called or coded"),
        (["paper", "--area", "Leicestershire", "--quarter", "2018-Q1", "--out", "x.pdf"], "is not a quarter"),
        (["paper", "--area", "Leicestershire", "--quarter", "2030-31-Q1", "--out", "x.pdf"], "no plan covering"),
        (["paper", "--area", "Leicestershire", "--quarter", "2018-19-Q1", "--out", "x.odt"], "--format must be"),
        (["plan-on-a-page", "--area", "Leicestershire", "--plan", "999999", "--out", "x.pdf"], "has no plan 999999"),
    ],
)
def test_errors_exit_2_with_a_reason(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
