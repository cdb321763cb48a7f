"""Importing actuals and populations: row errors, all-or-nothing, idempotence, history, flags."""

import csv
from decimal import Decimal

import pytest
from openpyxl import Workbook
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.monitoring.importer import ImportRefused, import_file
from bettercare.monitoring.models import MetricActual
from bettercare.reference.models import Population

pytestmark = pytest.mark.django_db
HEADER = ["area", "locality", "metric", "period", "numerator", "denominator", "value", "source", "as_at"]


def write_csv(path, rows, header=HEADER):
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_actuals_import_and_reimport_is_idempotent(tmp_path):
    path = write_csv(
        tmp_path / "actuals.csv",
        [
            ["Leicestershire", "", "nea", "2018-09", "5600", "", "", "SUS August", "2018-09-20"],
            ["E10000018", "", "reablement-91", "2018-19-Q1", "420", "450", "93.33", "SALT", "2018-09-01"],
        ],
    )
    report = import_file(path)
    assert (report.created, report.updated, report.flagged) == (2, 0, [])
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    row = MetricActual.objects.get(metric__code="reablement-91", period="2018-19-Q1")
    assert (row.numerator, row.denominator, row.origin, str(row.as_at)) == (420, 450, "imported", "2018-09-01")


def test_a_changed_figure_keeps_its_previous_value_in_history(tmp_path):
    first = write_csv(tmp_path / "a.csv", [["Leicestershire", "", "nea", "2018-09", "5600", "", "", "SUS", ""]])
    import_file(first)
    second = write_csv(tmp_path / "b.csv", [["Leicestershire", "", "nea", "2018-09", "5650", "", "", "SUS", ""]])
    assert import_file(second).updated == 1
    row = MetricActual.objects.get(metric__code="nea", period="2018-09")
    assert [h.numerator for h in row.history.order_by("history_date")] == [Decimal(5600), Decimal(5650)]


def test_errors_name_file_row_column_and_rule_and_nothing_is_written(tmp_path):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            ["Leicestershire", "", "nea", "2018-09", "5600", "", "", "SUS", ""],
            ["Atlantis", "", "nea", "2018-09", "1", "", "", "", ""],
            ["Leicestershire", "", "reablement-91", "2018-19-Q1", "460", "450", "", "", ""],
            ["Leicestershire", "", "no-such-metric", "2018-09", "1", "", "", "", ""],
            ["Leicestershire", "", "nea", "August", "1", "", "", "", ""],
            ["Leicestershire", "", "nea", "2018-09", "lots", "", "", "", ""],
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(path)
    messages = [str(error) for error in refused.value.errors]
    assert "bad.csv, row 3, column area: 'Atlantis' is not an HWB known to bettercare" in messages[0]
    assert any("row 4, column numerator: a proportion's numerator cannot exceed its denominator" in m for m in messages)
    assert any("row 5, column metric: metric 'no-such-metric' is not in the catalogue" in m for m in messages)
    assert any("row 6, column period:" in m for m in messages)
    assert any("row 7, column numerator: 'lots' is not a number" in m for m in messages)
    assert not MetricActual.objects.filter(metric__code="nea", period="2018-09").exists()


def test_excel_errors_name_the_sheet(tmp_path):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Q2 actuals"
    sheet.append(HEADER)
    sheet.append(["Leicestershire", "Nowhere CCG", "nea", "2018-09", 5600, None, None, "SUS", None])
    workbook.save(tmp_path / "q2.xlsx")
    with pytest.raises(ImportRefused, match=r"q2.xlsx, sheet Q2 actuals, row 2, column locality: 'Nowhere CCG' is not"):
        import_file(tmp_path / "q2.xlsx")


def test_a_stated_value_that_disagrees_is_imported_but_flagged(tmp_path):
    path = write_csv(
        tmp_path / "slip.csv",
        [
            ["Norfolk", "06M", "perm-admissions-65", "2015-16", "151", "21495", "712.5", "return", ""],
            ["Norfolk", "06V", "perm-admissions-65", "2015-16", "151", "21495", "702.5", "return", ""],
        ],
    )
    report = import_file(path)
    assert report.created == 2
    assert len(report.flagged) == 1 and "slip.csv, row 2: stated value 712.5 disagrees" in report.flagged[0]


def test_unknown_columns_are_refused(tmp_path):
    path = write_csv(
        tmp_path / "typo.csv", [["Norfolk", "nea", "2018-09", "1"]], header=["area", "metric", "period", "numeratr"]
    )
    with pytest.raises(ImportRefused, match="column numeratr: unknown column"):
        import_file(path)


def test_populations_import(tmp_path):
    path = write_csv(
        tmp_path / "pop.csv",
        [["Norfolk", "", "2018-19", "65+", "221000", "ONS MYE 2017"]],
        header=["area", "locality", "financial_year", "age_band", "population", "source"],
    )
    assert import_file(path).created == 1
    assert Population.objects.get(area__name="Norfolk", financial_year="2018-19", age_band="65+").population == 221000
    bad = write_csv(
        tmp_path / "pop2.csv",
        [["Norfolk", "", "last year", "70+", "12.5", ""]],
        header=["area", "locality", "financial_year", "age_band", "population", "source"],
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(bad)
    columns = {error.column for error in refused.value.errors}
    assert columns == {"financial_year", "age_band", "population"}


def test_engine_output_imports_as_computed_with_its_as_at_date(tmp_path):
    header = ["area_code", "locality_code", "metric", "period", "numerator", "denominator", "policy_period", "as_at"]
    path = write_csv(
        tmp_path / "engine.csv",
        [
            ["E10000018", "", "nea", "2018-09", "5512", "690272", "2017-19", "2018-10-15"],
            ["E09000001", "", "nea", "2018-09", "10", "8000", "2017-19", "2018-10-15"],
        ],
        header=header,
    )
    report = import_file(path, areas=["E10000018"])
    assert report.created == 1
    row = MetricActual.objects.get(period="2018-09", metric__code="nea")
    assert (row.origin, row.source, str(row.as_at)) == ("computed", "computed", "2018-10-15")


def test_cli_import_reports_errors_with_exit_code_2(tmp_path):
    path = write_csv(tmp_path / "bad.csv", [["Atlantis", "", "nea", "2018-09", "1", "", "", "", ""]])
    result = CliRunner().invoke(app, ["metrics", "import", str(path)])
    assert result.exit_code == 2
    assert "bad.csv, row 2, column area" in result.output
