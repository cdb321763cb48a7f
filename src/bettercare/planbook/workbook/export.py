"""Write a plan to a planning workbook (openpyxl). Every row of the plan goes into a sheet of the
layout, so importing the workbook gives back the same plan; the Checklist and Lists sheets are for
people and are ignored on import."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bettercare.plans.models import Plan
from bettercare.reference.models import FundingStream, HicmModel, Metric, NationalCondition, Organisation, SchemeType

from ..checks import run_checks
from ..snapshot import dump_plan
from .layout import (
    CHECKLIST_SHEET,
    FIRST_DATA_ROW,
    HEADER_ROW,
    HINT_ROW,
    LISTS_SHEET,
    TITLE_ROW,
    Column,
    SheetSpec,
    cover_columns,
    cover_fields,
    layout_id,
    sheets,
)

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)


def _number(value: Any) -> Any:
    """A number Excel can hold exactly, else its text (the importer reads both)."""
    if value in (None, ""):
        return None
    amount = Decimal(str(value))
    if amount == amount.to_integral_value() and abs(amount) < 10**15:
        return int(amount)
    as_float = float(amount)
    return as_float if Decimal(repr(as_float)) == amount else format(amount, "f")


def cell_value(column: Column, value: Any) -> Any:
    """The value to write for one cell of a column of the given type."""
    if value in (None, "") and column.type != "roles":
        return None
    if column.type in ("money", "decimal"):
        return _number(value)
    if column.type == "int":
        return int(value)
    if column.type == "date":
        return date.fromisoformat(value) if isinstance(value, str) else value
    if column.type == "bool":
        return "Yes" if value else "No"
    if column.type == "roles":
        return ", ".join(value or [])
    return str(value)


def _write_row(sheet: Worksheet, row_number: int, columns: tuple[Column, ...], row: dict[str, Any]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=row_number, column=index, value=cell_value(column, row.get(column.field)))
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # text that looks like a formula stays text
        if column.type == "money" and cell.value is not None:
            cell.number_format = "#,##0.00" if isinstance(cell.value, float) else "#,##0"
        elif column.type == "date" and cell.value is not None:
            cell.number_format = "yyyy-mm-dd"
        elif column.field == "value" and row.get("value_decimals") is not None and isinstance(cell.value, (int, float)):
            places = int(row["value_decimals"])
            cell.number_format = "0" + ("." + "0" * places if places else "")


def _start_sheet(sheet: Worksheet, title: str, hint: str, headers: list[str]) -> None:
    sheet.cell(row=TITLE_ROW, column=1, value=title).font = TITLE
    sheet.cell(row=HINT_ROW, column=1, value=hint).alignment = Alignment(wrap_text=False)
    for index, header in enumerate(headers, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=header)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = max(14, min(48, len(header) + 6))
    sheet.freeze_panes = sheet.cell(row=FIRST_DATA_ROW, column=1)


def _partner_rows(plan: Plan, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The plan's organisations, plus any other organisation a row refers to (so it can be created)."""
    listed = {row["organisation"]: row["roles"] for row in data["organisations"]}
    codes = set(listed)
    for section, field in (
        ("contributions", "organisation"),
        ("signoffs", "organisation"),
        ("finance_lines", "organisation"),
    ):
        codes |= {row[field] for row in data[section] if row[field]}
    organisations = Organisation.objects.filter(code__in=codes).order_by("name")
    return [
        {
            "organisation": org.code,
            "name": org.name,
            "kind": org.kind,
            "code_confirmed": org.code_confirmed,
            "listed": org.code in listed,
            "roles": listed.get(org.code, []),
        }
        for org in organisations
    ]


def _section_rows(plan: Plan, data: dict[str, Any], spec: SheetSpec) -> list[dict[str, Any]]:
    if spec.section == "partners":
        return _partner_rows(plan, data)
    if spec.section == "localities":
        return [
            {"code": loc.code, "name": loc.name, "short_name": loc.short_name, "kind": loc.kind}
            for loc in plan.area.localities.order_by("code")
        ]
    if spec.section == "notes":
        return [{"text": note.get("text", ""), "source": note.get("source", "")} for note in plan.notes or []]
    return data[spec.section]


def _write_cover(sheet: Worksheet, plan: Plan) -> None:
    values = {
        "layout": layout_id(plan.period.code),
        "period": plan.period.code,
        "area_name": plan.area.name,
        "gss_code": plan.area.gss_code,
        "area_kind": plan.area.kind,
        "version": plan.version,
        **{column.field: getattr(plan, column.field) for column in cover_columns()},
        "exported_at": datetime.now().replace(microsecond=0).isoformat(sep=" "),
    }
    sheet.cell(row=1, column=1, value="Better Care Fund planning workbook").font = TITLE
    sheet.cell(row=2, column=1, value="Made by bettercare. Keep the Layout and Policy period rows: import reads them.")
    for offset, (key, label) in enumerate(cover_fields()):
        row = HEADER_ROW + offset
        sheet.cell(row=row, column=1, value=label).font = BOLD
        cell = sheet.cell(row=row, column=2, value=values[key])
        if isinstance(values[key], date):
            cell.number_format = "yyyy-mm-dd"
    sheet.column_dimensions["A"].width = 30
    sheet.column_dimensions["B"].width = 70


def _write_checklist(sheet: Worksheet, plan: Plan) -> None:
    report = run_checks(plan)
    _start_sheet(
        sheet,
        "Checklist: plan checks when this workbook was made",
        f"As at {report.as_at.isoformat()}: {len(report.errors)} errors, {len(report.warnings)} warnings, "
        f"{len(report.not_assessed)} not assessed. For reading only: import ignores this sheet.",
        ["Rule", "Severity", "Location", "Message", "Expected", "Found"],
    )
    row = FIRST_DATA_ROW
    for finding in report.findings:
        values = [finding.rule, finding.severity, finding.location, finding.message, finding.expected, finding.found]
        for index, value in enumerate(values, start=1):
            sheet.cell(row=row, column=index, value=value)
        row += 1
    for skipped in report.not_assessed:
        for index, value in enumerate([skipped.rule, "not assessed", skipped.location, skipped.reason], start=1):
            sheet.cell(row=row, column=index, value=value)
        row += 1


def _write_lists(sheet: Worksheet, plan: Plan) -> None:
    _start_sheet(
        sheet,
        f"Lists: codes for the {plan.period.code} policy period",
        "For reading only: import ignores this sheet.",
        ["List", "Code", "Title"],
    )
    entries: list[tuple[str, Any, str]] = [("Financial year", year, "") for year in plan.period.financial_years]
    entries += [("Funding stream", s.code, s.title) for s in FundingStream.objects.filter(period=plan.period)]
    entries += [("Scheme type", t.code, t.title) for t in SchemeType.objects.filter(period=plan.period)]
    entries += [("Metric", m.code, m.title) for m in Metric.objects.filter(period=plan.period, area=None)]
    entries += [("National condition", c.code, c.title) for c in NationalCondition.objects.filter(period=plan.period)]
    model = HicmModel.objects.filter(code=plan.period.hicm_model).first()
    if model:
        entries += [("HICM change", c.number, c.title) for c in model.changes.all()]
        entries += [("HICM maturity", level["id"], level["title"]) for level in model.maturity_levels]
    for offset, (kind, code, title) in enumerate(entries):
        for index, value in enumerate((kind, code, title), start=1):
            sheet.cell(row=FIRST_DATA_ROW + offset, column=index, value=value)


def build_workbook(plan: Plan) -> Workbook:
    """The planning workbook of one plan."""
    data = dump_plan(plan)
    workbook = Workbook()
    cover = workbook.active
    cover.title = "Cover"
    _write_cover(cover, plan)
    for spec in sheets():
        sheet = workbook.create_sheet(spec.name)
        _start_sheet(sheet, spec.title, spec.hint, [column.header for column in spec.columns])
        for offset, row in enumerate(_section_rows(plan, data, spec)):
            _write_row(sheet, FIRST_DATA_ROW + offset, spec.columns, row)
    _write_checklist(workbook.create_sheet(CHECKLIST_SHEET), plan)
    _write_lists(workbook.create_sheet(LISTS_SHEET), plan)
    return workbook


def export_plan(plan: Plan, target: str | Path | None = None) -> bytes:
    """Write the workbook to ``target`` (a path) and return its bytes."""
    buffer = BytesIO()
    build_workbook(plan).save(buffer)
    content = buffer.getvalue()
    if target is not None:
        Path(target).write_bytes(content)
    return content
