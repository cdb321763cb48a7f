"""Malformed input, generated: each importer (metrics import, plan import through the command line and
the web upload) is run on a corpus of broken CSV and XLSX files built from a valid one. For every file:
no traceback, nothing written, and a message that names the file (and the sheet, row and column where
the fault is in a cell)."""

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from openpyxl import Workbook, load_workbook
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.delivery.models import Risk
from bettercare.monitoring.models import MetricActual
from bettercare.planbook.workbook import export_plan
from bettercare.plans.models import Plan, Scheme
from bettercare.reference.models import Population

pytestmark = pytest.mark.django_db

HEADER = ["area", "locality", "metric", "period", "numerator", "denominator", "value", "source", "as_at"]
GOOD = ["E10000018", "", "reablement-91", "2018-19-Q1", "420", "450", "93.33", "SALT", "2018-09-01"]
BAD_NUMBERS = ["NaN", "nan", "sNaN", "Infinity", "-Infinity", "inf", "1e30", "-5", "abc", "1e-999999999",
               "0.12345678", "1" * 40, "1..2", "12 3"]
BAD_CELLS = {
    "numerator": BAD_NUMBERS,
    "denominator": ["0", *BAD_NUMBERS[:8]],
    "value": BAD_NUMBERS[:10],
    "period": ["2018-20", "2018-13", "2019-04..2018-04", "2018-04..2019-12", "2018-19-Q5", "Q1", "", "x" * 500],
    "area": ["", "Atlantis", "x" * 10_000],
    "metric": ["", "no-such-metric", "x" * 1000],
    "label": ["x" * 151],
    "source": ["x" * 301],
    "as_at": ["2018-02-30", "yesterday"],
    "locality": ["Nowhere"],
    "component": ["other", "x" * 30, "both,nhs"],
}


@dataclass
class Case:
    name: str
    build: Callable[[Path], Path]  # writes the malformed file under the folder, returns its path
    cell: str | None = None  # the column the message must name, when the fault is in one cell


def write_csv(path: Path, header: list[str], rows: list[list[str]], encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list]]) -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def cell_cases() -> list[Case]:
    cases = []
    for column, values in BAD_CELLS.items():
        for index, bad in enumerate(values):
            row = dict(zip(HEADER, GOOD, strict=True)) | {column: bad}
            header = HEADER if column in HEADER else [*HEADER, column]
            for suffix in ("csv", "xlsx"):
                def build(folder, row=row, header=header, suffix=suffix, name=f"{column}-{index}.{suffix}"):
                    values = [row[h] for h in header]
                    if suffix == "csv":
                        return write_csv(folder / name, header, [values])
                    return write_xlsx(folder / name, {"Actuals": [header, values]})
                cases.append(Case(f"{column}={bad[:20]!r}.{suffix}", build, column))
    return cases


def file_cases() -> list[Case]:
    def fixed(name: str, data: bytes):
        def build(folder):
            (folder / name).write_bytes(data)
            return folder / name
        return build

    good_csv = ",".join(HEADER) + "\n" + ",".join(GOOD) + "\n"
    cases = [
        Case("utf-16", lambda f: write_csv(f / "utf16.csv", HEADER, [GOOD], "utf-16")),
        Case("latin-1", lambda f: write_csv(f / "latin1.csv", HEADER, [[*GOOD[:7], "Société", GOOD[8]]], "latin-1")),
        Case("csv named xlsx", fixed("csv.xlsx", good_csv.encode())),
        Case("empty csv", fixed("empty.csv", b"")),
        Case("empty xlsx", fixed("empty.xlsx", b"")),
        Case("header only", fixed("header.csv", (",".join(HEADER) + "\n").encode())),
        Case("NUL byte", fixed("nul.csv", good_csv.replace("SALT", "SA\x00LT").encode())),
        Case("unknown column", lambda f: write_csv(f / "extra.csv", [*HEADER, "colour"], [[*GOOD, "red"]])),
        Case("duplicate column", lambda f: write_csv(f / "dupcol.csv", [*HEADER, "numerator"], [[*GOOD, "1"]])),
        Case("unnamed column", lambda f: write_csv(f / "noname.csv", [*HEADER, ""], [[*GOOD, "1"]])),
        Case("duplicate key", lambda f: write_csv(f / "dupkey.csv", HEADER, [GOOD, [*GOOD[:4], "421", *GOOD[5:]]])),
        Case("no header", lambda f: write_csv(f / "nohead.csv", GOOD, [GOOD])),
        Case("two sheets", lambda f: write_xlsx(f / "two.xlsx", {"A": [HEADER, GOOD], "B": [HEADER, GOOD]})),
        Case("formula without value", lambda f: write_xlsx(f / "formula.xlsx",
                                                            {"A": [HEADER, [*GOOD[:4], "=400+20", *GOOD[5:]]]})),
        Case("population NaN", lambda f: write_csv(f / "pop.csv", ["area", "locality", "financial_year", "age_band",
                                                                    "population", "source"],
                                                   [["E10000018", "", "2018-19", "65+", "NaN", "ONS"]])),
        Case("population fraction", lambda f: write_csv(f / "pop2.csv", ["area", "financial_year", "age_band",
                                                                          "population"],
                                                        [["E10000018", "2018-20", "all", "1.5"]])),
        Case("engine policy period", lambda f: write_csv(
            f / "engine.csv", ["area_code", "locality_code", "metric", "period", "numerator", "denominator",
                               "policy_period", "as_at"],
            [["E10000018", "", "reablement-91", "2018-19-Q1", "420", "450", "2014-16", "2018-09-01"]])),
    ]
    valid = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(GOOD)
    workbook.save(valid)
    data = valid.getvalue()
    cases.append(Case("truncated xlsx", fixed("truncated.xlsx", data[: len(data) // 2])))
    cases.append(Case("broken xml", fixed("broken.xlsx", replace_in_zip(data, "xl/worksheets/sheet1.xml", b"<row"))))
    return cases


def replace_in_zip(data: bytes, member: str, cut: bytes) -> bytes:
    """The workbook with ``member`` cut off at the first ``cut``: XML that does not parse."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == member:
                content = content[: content.index(cut) + 3]
            target.writestr(item, content)
    return out.getvalue()


METRICS_CASES = cell_cases() + file_cases()


def test_the_corpus_is_large_enough():
    assert len(METRICS_CASES) + len(PLAN_CASES) >= 150


@pytest.mark.parametrize("case", METRICS_CASES, ids=[c.name for c in METRICS_CASES])
def test_metrics_import_refuses_with_a_located_message(case: Case, tmp_path):
    path = case.build(tmp_path)
    before = (MetricActual.objects.count(), Population.objects.count())
    result = CliRunner().invoke(app, ["metrics", "import", str(path)])
    assert result.exit_code == 2, (result.output, result.exception)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    output = " ".join(result.output.split())
    assert "Traceback" not in output and path.name in output, output
    if case.cell:
        assert "row 2" in output and f"column {case.cell}" in output, output
    assert (MetricActual.objects.count(), Population.objects.count()) == before


# -- plan workbooks -------------------------------------------------------------------------------
PLAN_FAULTS = [  # (sheet, header of the column, bad value)
    ("Cover", "Plan version", v) for v in ("inf", "-Infinity", -1, 0, 10**30, 2.5, "many", "NaN")
] + [("Cover", "Plan title", "x" * 10_000), ("Cover", "ONS GSS code", "E" * 100),
     ("Cover", "Health and wellbeing board", "x" * 5000)] + [
    ("Risks", "Likelihood", v) for v in ("Infinity", "nan", -1e30, "likely", 1e30, 2.5)
] + [("Risks", "Risk", "x" * 30_000)] + [
    ("Schemes", "Scheme name", "x" * 10_000), ("Schemes", "Scheme reference", "x" * 100),
    ("Schemes", "Lead provider", "x" * 300),
]


def plan_workbook() -> bytes:
    return export_plan(Plan.objects.get(scenario="norfolk-2014-16"))


def set_cell(data: bytes, sheet_name: str, header: str, value) -> tuple[bytes, str | None]:
    """The workbook with the first data cell under ``header`` (or, on the Cover, the value beside the
    label ``header``) set to ``value``; also the column letter."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook[sheet_name]
    letter = None
    if sheet_name == "Cover":
        for row in sheet.iter_rows():
            if row[0].value == header:
                row[1].value, letter = value, "B"
                break
    else:
        from bettercare.planbook.workbook.layout import FIRST_DATA_ROW, HEADER_ROW

        for cell in sheet[HEADER_ROW]:
            if cell.value == header:
                sheet.cell(FIRST_DATA_ROW, cell.column).value, letter = value, cell.column_letter
                break
    assert letter, (sheet_name, header)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue(), letter


@dataclass
class PlanCase:
    name: str
    build: Callable[[bytes], bytes]
    sheet: str | None = None


PLAN_CASES = [
    PlanCase(f"{sheet}/{header}={str(value)[:12]}",
             lambda data, s=sheet, h=header, v=value: set_cell(data, s, h, v)[0], sheet)
    for sheet, header, value in PLAN_FAULTS
] + [
    PlanCase("empty", lambda data: b""),
    PlanCase("truncated", lambda data: data[: len(data) // 3]),
    PlanCase("csv bytes", lambda data: b"area,metric\nNorfolk,nea\n"),
    PlanCase("broken xml", lambda data: replace_in_zip(data, "xl/worksheets/sheet1.xml", b"<row")),
]


def counts() -> tuple[int, int, int]:
    return Plan.objects.count(), Scheme.objects.count(), Risk.objects.count()


@pytest.mark.parametrize("case", PLAN_CASES, ids=[c.name for c in PLAN_CASES])
def test_plan_import_refuses_with_a_located_message(case: PlanCase, tmp_path):
    path = tmp_path / "plan.xlsx"
    path.write_bytes(case.build(plan_workbook()))
    before = counts()
    result = CliRunner().invoke(app, ["plan", "import", str(path)])
    output = " ".join(result.output.split())
    assert result.exit_code != 0 and not (result.exception and not isinstance(result.exception, SystemExit)), (
        output, result.exception)
    assert "Traceback" not in output and "plan.xlsx" in output, output
    if case.sheet:
        assert case.sheet in output, output
    assert counts() == before


@pytest.mark.parametrize("case", PLAN_CASES, ids=[c.name for c in PLAN_CASES])
def test_web_upload_refuses_with_a_message_never_a_500(case: PlanCase):
    editor = get_user_model().objects.get(username="norfolk.editor")
    client = Client()
    client.force_login(editor)
    before = counts()
    upload = io.BytesIO(case.build(plan_workbook()))
    upload.name = "plan.xlsx"
    response = client.post("/plans/import/", {"workbook": upload})
    assert response.status_code == 400, response.status_code
    assert "govuk-error-summary" in response.content.decode()
    assert counts() == before


def test_web_upload_is_refused_before_reading_for_a_viewer():
    viewer = get_user_model().objects.get(username="nel.viewer")
    client = Client()
    client.force_login(viewer)
    upload = io.BytesIO(b"not even a workbook")
    upload.name = "plan.xlsx"
    assert client.post("/plans/import/", {"workbook": upload}).status_code == 403
