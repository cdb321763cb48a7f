"""Read a planning workbook back into a plan, all or nothing.

Rules: the Cover sheet names a layout this bettercare reads and its policy period (else the
workbook is refused, naming the layout); every sheet of the layout is present with its headers;
every cell has its column's type; codes refer to something known (a row of the Partners,
Localities, Priorities or Schemes sheet, or the period's catalogue); natural keys do not repeat.
Every problem is reported as file, sheet, row, column and rule, and nothing is written unless
there are none. The plan is created as the Cover's version when that version is free for the HWB
and period, else as the next free version: an import never overwrites an existing plan. An area,
locality or organisation the database lacks is created from the workbook; one it has is kept as it
is (reference data is never overwritten by an import).

Why it is long: reading every sheet of the layout, validating every cell and writing the plan all-
or-nothing belong to one transaction and one error list."""

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from bettercare.catalogue import list_periods
from bettercare.indicators.periods import span
from bettercare.plans.models import Plan
from bettercare.reference.mirror import sync_hicm, sync_period
from bettercare.reference.models import (
    Area,
    FundingStream,
    HicmChange,
    Locality,
    Metric,
    NationalCondition,
    Organisation,
    PolicyPeriod,
    SchemeType,
)

from ..restore import next_version, write_plan
from ..snapshot import PLAN_FIELDS, SECTION_BY_NAME
from .cells import CellError, blank, read_cell, read_int
from .layout import (
    FIRST_DATA_ROW,
    HEADER_ROW,
    LAYOUT_RE,
    SheetSpec,
    cover_columns,
    cover_fields,
    known_layouts,
    layout_id,
    sheets,
)

COVER_RULES = (("is required", "required"), ("must be one of", "choice"), ("must be at most", "length"))

# Sheets added to the layout after workbooks were already in users' hands: a workbook without one
# holds none of its rows (the "Metric rules" sheet: each metric's number and RAG rule in the plan).
SHEETS_ADDED_LATER = frozenset({"Metric rules"})


@dataclass(frozen=True)
class Problem:
    """One reason a workbook is refused, located to the cell."""

    file: str
    sheet: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = [f"sheet '{self.sheet}'"]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{self.file}: {', '.join(where)}: {self.message} (rule: {self.rule})"


class WorkbookRefused(Exception):
    """The workbook breaks one or more rules; nothing was imported."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = str(problems[0]) if problems else "no problems recorded"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


@dataclass
class Parsed:
    """A workbook read and checked: cover values, section rows (with their sheet row numbers)."""

    cover: dict[str, Any]
    period: PolicyPeriod
    sections: dict[str, list[tuple[int, dict[str, Any]]]]


class WorkbookReader:
    def __init__(self, source: str | Path | IO[bytes], name: str | None = None):
        self.source = source
        self.file = name or (Path(source).name if isinstance(source, (str, Path)) else "workbook.xlsx")
        self.problems: list[Problem] = []

    def problem(self, sheet: str, row: int | None, column: str | None, rule: str, message: str) -> None:
        self.problems.append(Problem(self.file, sheet, row, column, rule, message))

    def refuse(self) -> None:
        if self.problems:
            raise WorkbookRefused(self.problems)

    # -- cover ---------------------------------------------------------------------------------
    def read_cover(self, workbook) -> dict[str, Any]:
        if "Cover" not in workbook.sheetnames:
            self.problem(
                "Cover", None, None, "layout", "there is no Cover sheet: this is not a bettercare planning workbook"
            )
            self.refuse()
        sheet = workbook["Cover"]
        labels = {label.lower(): key for key, label in cover_fields()}
        cover: dict[str, Any] = {}
        rows: dict[str, int] = {}
        for row in sheet.iter_rows(min_row=1, max_col=2):
            label, value = row[0].value, row[1].value if len(row) > 1 else None
            key = labels.get(str(label).strip().lower()) if label is not None else None
            if key:
                cover[key], rows[key] = value, row[0].row
        self.cover_rows = rows
        layout = str(cover.get("layout") or "").strip()
        if not layout:
            self.problem("Cover", None, "B", "layout", "no Layout row: the Cover sheet must name the workbook's layout")
            self.refuse()
        match = LAYOUT_RE.match(layout)
        period = str(cover.get("period") or "").strip()
        known = ", ".join(known_layouts())
        if match is None:
            self.problem(
                "Cover",
                rows["layout"],
                "B",
                "layout",
                f"layout {layout!r} is not a bettercare planning layout (this version reads {known})",
            )
        elif match["period"] not in list_periods():
            self.problem(
                "Cover",
                rows["layout"],
                "B",
                "layout",
                f"layout {layout!r} is for policy period {match['period']}, which this bettercare does not know "
                f"(periods: {', '.join(list_periods())})",
            )
        elif layout not in known_layouts():
            newer = int(match["version"]) > int(LAYOUT_RE.match(layout_id(match["period"]))["version"])
            self.problem(
                "Cover",
                rows["layout"],
                "B",
                "layout",
                f"layout {layout!r} is {'newer' if newer else 'older'} than the layout this bettercare reads for "
                f"{match['period']} ({layout_id(match['period'])}): "
                + ("update bettercare to import it" if newer else "export it again from a current bettercare"),
            )
        elif period != match["period"]:
            self.problem(
                "Cover",
                rows.get("period"),
                "B",
                "layout",
                f"the policy period {period or '(blank)'} does not match layout {layout!r}",
            )
        self.refuse()
        for key in ("gss_code", "area_name"):
            if blank(cover.get(key)):
                label = dict(cover_fields())[key]
                self.problem("Cover", rows.get(key), "B", "required", f"{label} is required")
        if str(cover.get("area_kind") or "") not in dict(Area.KINDS):
            self.problem(
                "Cover", rows.get("area_kind"), "B", "choice", f"Area kind must be one of {', '.join(dict(Area.KINDS))}"
            )
        for column in cover_columns():  # the plan's own fields, typed by the Plan model
            try:
                cover[column.field] = read_cell(column, cover.get(column.field))
            except CellError as error:
                message = str(error)
                rule = next((rule for start, rule in COVER_RULES if message.startswith(start)), "type")
                self.problem("Cover", rows.get(column.field), "B", rule, f"{column.header} {message}")
                cover[column.field] = None
        try:
            cover["version"] = read_int(cover["version"]) if not blank(cover.get("version")) else None
            if cover["version"] is not None and cover["version"] < 1:
                raise CellError("must be 1 or more")
        except CellError as error:
            self.problem("Cover", rows.get("version"), "B", "type", f"Plan version {error}")
            cover["version"] = None
        for key, model_field in (("gss_code", Area._meta.get_field("gss_code")),
                                 ("area_name", Area._meta.get_field("name"))):
            if len(str(cover.get(key) or "")) > model_field.max_length:
                self.problem("Cover", rows.get(key), "B", "length",
                             f"{dict(cover_fields())[key]} must be at most {model_field.max_length} characters")
        return cover

    # -- sheets --------------------------------------------------------------------------------
    def read_sheet(self, workbook, spec: SheetSpec) -> list[tuple[int, dict[str, Any]]]:
        if spec.name not in workbook.sheetnames and spec.name in SHEETS_ADDED_LATER:
            return []  # a workbook from before the sheet existed: no rows, the catalogue's defaults apply
        if spec.name not in workbook.sheetnames:
            self.problem(spec.name, None, None, "layout", f"the sheet is missing (layout {self.layout})")
            return []
        sheet = workbook[spec.name]
        headers = {}
        for cell in sheet[HEADER_ROW]:
            if not blank(cell.value):
                headers[str(cell.value).strip().lower()] = cell.column
        positions = {}
        for column in spec.columns:
            index = headers.pop(column.header.lower(), None)
            if index is None:
                self.problem(spec.name, HEADER_ROW, None, "layout", f"the column '{column.header}' is missing")
            else:
                positions[column.field] = index
        for header, index in headers.items():
            self.problem(
                spec.name,
                HEADER_ROW,
                get_column_letter(index),
                "layout",
                f"the column '{header}' is not part of layout {self.layout}",
            )
        if len(positions) != len(spec.columns):
            return []
        rows = []
        for cells in sheet.iter_rows(min_row=FIRST_DATA_ROW, values_only=False):
            values = {
                column.field: cells[positions[column.field] - 1].value
                if positions[column.field] <= len(cells)
                else None
                for column in spec.columns
            }
            if all(blank(value) for value in values.values()):
                continue
            number = cells[0].row
            row: dict[str, Any] = {}
            for column in spec.columns:
                try:
                    row[column.field] = read_cell(column, values[column.field])
                except CellError as error:
                    self.problem(
                        spec.name,
                        number,
                        get_column_letter(positions[column.field]),
                        "required" if str(error) == "is required" else "type",
                        f"'{column.header}' {error}",
                    )
                    row[column.field] = None
            rows.append((number, row))
        self.columns_of[spec.name] = positions
        return rows

    def column_letter(self, spec: SheetSpec, field: str) -> str | None:
        index = self.columns_of.get(spec.name, {}).get(field)
        return get_column_letter(index) if index else None

    # -- whole workbook ------------------------------------------------------------------------
    def read(self) -> Parsed:
        try:
            workbook = load_workbook(self.source, data_only=True, read_only=False)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError):
            self.problem("(file)", None, None, "format",
                         "This file is not an Excel workbook (.xlsx): save it from Excel as an Excel Workbook "
                         "and upload it again")
            self.refuse()
        except Exception:  # noqa: BLE001 - broken XML and the like: one message for the user
            self.problem("(file)", None, None, "format",
                         "This file is not a readable Excel workbook (.xlsx): its contents are damaged. "
                         "Open it in Excel, save it again and upload the saved copy")
            self.refuse()
        cover = self.read_cover(workbook)
        self.layout = cover["layout"]
        period = sync_period(str(cover["period"]))
        if period.hicm_model:
            sync_hicm(period.hicm_model)
        self.columns_of: dict[str, dict[str, int]] = {}
        sections = {spec.section: self.read_sheet(workbook, spec) for spec in sheets()}
        parsed = Parsed(cover=cover, period=period, sections=sections)
        ReferenceChecker(self, parsed).check()  # also after cell problems, so one upload names them all
        self.refuse()
        return parsed


class ReferenceChecker:
    """Codes refer to known things, keys do not repeat, values respect their ranges."""

    def __init__(self, reader: WorkbookReader, parsed: Parsed):
        self.reader = reader
        self.parsed = parsed
        gss = str(parsed.cover["gss_code"]).strip()
        area = Area.objects.filter(gss_code=gss).first()
        sections = parsed.sections
        self.known = {
            "organisation": {row["organisation"] for _, row in sections["partners"]}
            | set(Organisation.objects.values_list("code", flat=True)),
            "locality": {row["code"] for _, row in sections["localities"]}
            | (set(Locality.objects.filter(area=area).values_list("code", flat=True)) if area else set()),
            "scheme": {row["ref"] for _, row in sections["schemes"]},
            "priority": {row["code"] for _, row in sections["priorities"]},
        }
        period = parsed.period
        self.known.update(
            stream=set(FundingStream.objects.filter(period=period).values_list("code", flat=True)),
            scheme_type=set(SchemeType.objects.filter(period=period).values_list("code", flat=True)),
            metric=set(Metric.objects.filter(period=period, area=None).values_list("code", flat=True))
            | (set(Metric.objects.filter(period=period, area=area).values_list("code", flat=True)) if area else set()),
            condition=set(NationalCondition.objects.filter(period=period).values_list("code", flat=True)),
            change=set(HicmChange.objects.filter(model__code=period.hicm_model).values_list("number", flat=True)),
        )
        self.names = {
            "organisation": "on the Partners sheet or already known",
            "locality": "on the Localities sheet",
            "scheme": "on the Schemes sheet",
            "priority": "on the Priorities sheet",
            "stream": f"a funding stream of {parsed.period.code}",
            "scheme_type": f"a scheme type of {parsed.period.code}",
            "metric": f"a metric of {parsed.period.code}",
            "condition": f"a national condition of {parsed.period.code}",
            "change": f"a change of the HICM model {parsed.period.hicm_model or '(none for this period)'}",
        }

    def check(self) -> None:
        for spec in sheets():
            rows = self.parsed.sections[spec.section]
            self.check_references(spec, rows)
            if spec.section != "notes":
                self.check_unique(spec, rows)
        self.check_ranges()

    def check_references(self, spec: SheetSpec, rows) -> None:
        for number, row in rows:
            for column in spec.columns:
                value = row.get(column.field)
                if column.reference and not blank(value) and value not in self.known[column.reference]:
                    self.reader.problem(
                        spec.name,
                        number,
                        self.reader.column_letter(spec, column.field),
                        "reference",
                        f"'{column.header}' {value!r} is unknown: it must be {self.names[column.reference]}",
                    )

    def check_unique(self, spec: SheetSpec, rows) -> None:
        section = SECTION_BY_NAME.get(spec.section)
        keys = section.keys if section else (spec.columns[0].field,)
        seen: dict[tuple, int] = {}
        for number, row in rows:
            key = tuple(row.get(field) for field in keys)
            if key in seen:
                self.reader.problem(
                    spec.name,
                    number,
                    None,
                    "unique",
                    f"this row repeats row {seen[key]} (same {', '.join(keys)}): each must appear once",
                )
            else:
                seen[key] = number

    def check_ranges(self) -> None:
        sections = self.parsed.sections
        spec_of = {spec.section: spec for spec in sheets()}
        non_negative = {
            "contributions": ("amount", "actual_amount"),
            "scheme_finances": ("recurrent", "non_recurrent"),
            "stated_totals": ("amount",),
            "contingency": ("planned_savings", "maximum_support"),
        }
        for section, fields in non_negative.items():
            for number, row in sections[section]:
                for field in fields:
                    if row.get(field) is not None and row[field] < 0:
                        self.reader.problem(
                            spec_of[section].name,
                            number,
                            self.reader.column_letter(spec_of[section], field),
                            "range",
                            "money cannot be negative here",
                        )
        for section, fields in (("risks", ("likelihood", "impact")), ("scheme_impacts", ("score",))):
            for number, row in sections[section]:
                for field in fields:
                    if row.get(field) is not None and not 1 <= row[field] <= 5:
                        self.reader.problem(
                            spec_of[section].name,
                            number,
                            self.reader.column_letter(spec_of[section], field),
                            "range",
                            f"'{field.replace('_', ' ')}' must be from 1 to 5",
                        )
        spec = spec_of["metric_targets"]
        for number, row in sections["metric_targets"]:
            if not row.get("period") or not row.get("period_start") or not row.get("period_end"):
                continue
            label = row["period"]
            try:
                if ".." in label:
                    start, end = label.split("..", 1)
                    _, first, last = span({"start": start, "end": end})
                else:
                    _, first, last = span(label)
            except (ValueError, KeyError):
                self.reader.problem(
                    spec.name,
                    number,
                    self.reader.column_letter(spec, "period"),
                    "period",
                    f"period {label!r} is not a period: use 2018-19, 2018-19-Q1, 2018-07 or 2012-04..2013-03",
                )
                continue
            if (first.isoformat(), last.isoformat()) != (row["period_start"], row["period_end"]):
                self.reader.problem(
                    spec.name,
                    number,
                    self.reader.column_letter(spec, "period_start"),
                    "period",
                    f"period start and end must be {first.isoformat()} and {last.isoformat()} for period {label}",
                )


def _dump_from(parsed: Parsed) -> dict[str, Any]:
    cover = parsed.cover
    data: dict[str, Any] = {"plan": {name: cover.get(name) for name in PLAN_FIELDS if name != "notes"}}
    data["plan"]["notes"] = [{"text": row["text"], "source": row["source"]} for _, row in parsed.sections["notes"]]
    for spec in sheets():
        if spec.section in SECTION_BY_NAME:
            data[spec.section] = [row for _, row in parsed.sections[spec.section]]
    data["organisations"] = [
        {"organisation": row["organisation"], "roles": row["roles"]}
        for _, row in parsed.sections["partners"]
        if row["listed"]
    ]
    return data


def read_workbook(source: str | Path | IO[bytes], name: str | None = None) -> Parsed:
    """Read and check a workbook without writing anything (raises ``WorkbookRefused``)."""
    return WorkbookReader(source, name).read()


class IdenticalWorkbook(Exception):
    """The workbook holds exactly an existing version of the plan (same canonical dump): nothing was
    imported. ``plan`` is that version."""

    def __init__(self, plan: Plan, name: str | None):
        self.plan = plan
        super().__init__(
            f"{name or 'The workbook'} is identical to version {plan.version} of {plan.area.name}'s "
            f"{plan.period.code} plan ({plan.get_status_display().lower()}), so nothing was imported: "
            "no new draft was created."
        )


def identical_version(plan: Plan) -> Plan | None:
    """An earlier version of the same HWB and period whose canonical dump equals ``plan``'s."""
    from ..snapshot import dump_plan

    dump = dump_plan(plan)
    for other in Plan.objects.filter(area=plan.area, period=plan.period).exclude(pk=plan.pk).order_by("version"):
        if dump_plan(other) == dump:
            return other
    return None


@transaction.atomic
def import_workbook(
    source: str | Path | IO[bytes], name: str | None = None, refuse_identical: bool = False
) -> Plan:
    """Import a planning workbook as a new plan (see the module's rules). Raises ``WorkbookRefused``;
    with ``refuse_identical`` (the web upload and ``bettercare plan import``), ``IdenticalWorkbook``
    when the workbook holds exactly an existing version, and nothing is written."""
    parsed = read_workbook(source, name)
    cover = parsed.cover
    area = Area.objects.filter(gss_code=str(cover["gss_code"]).strip()).first()
    if area is None:
        area = Area.objects.create(
            gss_code=str(cover["gss_code"]).strip(), name=str(cover["area_name"]), kind=str(cover["area_kind"])
        )
    for _, row in parsed.sections["localities"]:
        Locality.objects.get_or_create(
            area=area,
            code=row["code"],
            defaults={"name": row["name"], "short_name": row["short_name"], "kind": row["kind"] or "ccg"},
        )
    for _, row in parsed.sections["partners"]:
        Organisation.objects.get_or_create(
            code=row["organisation"],
            defaults={
                "name": row["name"],
                "kind": row["kind"],
                "code_confirmed": True if row["code_confirmed"] is None else row["code_confirmed"],
            },
        )
    version = cover.get("version")
    if not version or Plan.objects.filter(area=area, period=parsed.period, version=version).exists():
        version = next_version(area, parsed.period)
    plan = write_plan(_dump_from(parsed), area, parsed.period, version)
    if refuse_identical and (existing := identical_version(plan)) is not None:
        raise IdenticalWorkbook(existing, name)  # rolls back the write
    return plan
