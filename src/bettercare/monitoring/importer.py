"""Import metric actuals and populations from CSV or Excel, all-or-nothing.

File layouts (column names are case-insensitive; extra columns are refused so typos surface):
- actuals: area, locality, metric, period, numerator, denominator, value, component, label,
  source, as_at. ``area`` is an HWB name or GSS code; ``period`` is 2018-07, 2018-19-Q1, 2018-19
  or 2018-04..2018-07; ``value`` is the figure as stated (optional).
- engine output (``bettercare engine compute``): area_code, locality_code, metric, period,
  numerator, denominator, policy_period, as_at; imported as actuals with source "computed".
- populations: area, locality, financial_year, age_band (all, 18+, 65+), population, source.

Every row is validated before anything is written; any error refuses the whole file with messages
naming file, sheet, row, column and rule. Re-importing the same file changes nothing (rows are
matched on area, locality, metric, period, component and label); a changed figure is saved as a
new version, so its previous value stays in the history. A stated value that disagrees with
numerator / denominator x multiplier beyond rounding is imported but flagged.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.db import transaction

from bettercare.indicators import FinancialYear
from bettercare.indicators.consistency import check_stated
from bettercare.indicators.periods import span
from bettercare.reference.mirror import definition_in_force
from bettercare.reference.models import Area, Locality, Metric, PolicyPeriod, Population
from bettercare.upsert import upsert

from .models import MetricActual

ACTUAL_COLUMNS = {
    "area",
    "locality",
    "metric",
    "period",
    "numerator",
    "denominator",
    "value",
    "component",
    "label",
    "source",
    "as_at",
}
ENGINE_COLUMNS = {
    "area_code",
    "locality_code",
    "metric",
    "period",
    "numerator",
    "denominator",
    "policy_period",
    "as_at",
}
POPULATION_COLUMNS = {"area", "locality", "financial_year", "age_band", "population", "source"}
AGE_BANDS = {"all", "18+", "65+"}
COMPONENTS = {"", "nhs", "social_care", "both"}


@dataclass(frozen=True)
class RowError:
    file: str
    sheet: str | None
    row: int
    column: str
    rule: str

    def __str__(self) -> str:
        sheet = f", sheet {self.sheet}" if self.sheet else ""
        return f"{self.file}{sheet}, row {self.row}, column {self.column}: {self.rule}"


class ImportRefused(ValueError):
    """The file broke at least one rule; nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "\n".join(str(error) for error in errors[:50])
        more = f"\n... and {len(errors) - 50} more" if len(errors) > 50 else ""
        super().__init__(f"{len(errors)} problem(s); nothing was imported:\n{shown}{more}")


@dataclass
class ImportReport:
    file: str
    layout: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: list[str] = field(default_factory=list)


def read_table(path: Path) -> tuple[str | None, list[str], list[list[Any]]]:
    """(sheet name or None, header, data rows) from a .csv or .xlsx/.xlsm file."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.reader(handle))
        sheet = None
    elif suffix in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        workbook = load_workbook(path, read_only=True, data_only=True)
        worksheet = workbook.worksheets[0]
        sheet = worksheet.title
        rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
        workbook.close()
    else:
        raise ImportRefused([RowError(path.name, None, 0, "-", "the file must be .csv or .xlsx")])
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ImportRefused([RowError(path.name, None, 1, "-", "the file is empty: a header row is required")])
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    return sheet, header, rows[1:]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _decimal(value) -> Decimal | None:
    text = _text(value).replace(",", "")
    return None if text == "" else Decimal(text)


class _Rows:
    """Iterates the rows as dicts and collects errors with their location."""

    def __init__(self, path: Path, sheet: str | None, header: list[str], rows: list[list[Any]]):
        self.path, self.sheet, self.header, self.rows = path, sheet, header, rows
        self.errors: list[RowError] = []

    def error(self, row: int, column: str, rule: str) -> None:
        self.errors.append(RowError(self.path.name, self.sheet, row, column, rule))

    def __iter__(self):
        for index, values in enumerate(self.rows, start=2):
            yield index, {name: values[i] if i < len(values) else None for i, name in enumerate(self.header)}

    def number(self, row: int, record: dict, column: str, required: bool = False) -> Decimal | None:
        try:
            value = _decimal(record.get(column))
        except (InvalidOperation, ValueError):
            self.error(row, column, f"{_text(record.get(column))!r} is not a number")
            return None
        if value is None and required:
            self.error(row, column, "a value is required")
        if value is not None and value < 0:
            self.error(row, column, "must not be negative")
        return value


def _area(rows: _Rows, row: int, column: str, text: str, areas: dict[str, Area]) -> Area | None:
    area = areas.get(text.lower())
    if area is None:
        rows.error(row, column, f"{text!r} is not an HWB known to bettercare (give its name or GSS code)")
    return area


def _metric(rows: _Rows, row: int, area: Area, code: str, start: date) -> Metric | None:
    year = str(FinancialYear.containing(start))
    periods = [p for p in PolicyPeriod.objects.all() if year in (p.financial_years or [])]
    for period in periods:
        found = (
            Metric.objects.filter(period=period, code=code, area=area).first()
            or Metric.objects.filter(period=period, code=code, area=None).first()
        )
        if found:
            return found
    names = ", ".join(p.code for p in periods) or "none"
    rows.error(row, "metric", f"metric {code!r} is not in the catalogue of the policy period for {year} ({names})")
    return None


def _validate_actuals(rows: _Rows, engine: bool) -> list[dict[str, Any]]:
    areas = {key: area for area in Area.objects.all() for key in (area.name.lower(), area.gss_code.lower())}
    valid = []
    area_column, locality_column = ("area_code", "locality_code") if engine else ("area", "locality")
    for row, record in rows:
        before = len(rows.errors)
        area_text = _text(record.get(area_column))
        area = _area(rows, row, area_column, area_text, areas) if area_text else None
        if not area_text:
            rows.error(row, area_column, "a value is required")
        try:
            label, start, end = span(_text(record.get("period")))
        except (ValueError, KeyError) as error:
            rows.error(row, "period", str(error))
            continue
        locality = None
        locality_text = _text(record.get(locality_column))
        if area is not None and locality_text:
            locality = (
                Locality.objects.filter(area=area, code=locality_text).first()
                or Locality.objects.filter(area=area, name__iexact=locality_text).first()
            )
            if locality is None:
                rows.error(row, locality_column, f"{locality_text!r} is not a locality of {area}")
        metric = _metric(rows, row, area, _text(record.get("metric")), start) if area is not None else None
        numerator = rows.number(row, record, "numerator")
        denominator = rows.number(row, record, "denominator")
        stated = rows.number(row, record, "value")
        component = _text(record.get("component")).lower()
        if component not in COMPONENTS:
            rows.error(row, "component", "must be empty, nhs, social_care or both")
        if numerator is None and stated is None:
            rows.error(row, "numerator", "give a numerator (with a denominator where the metric has one) or a value")
        if (
            metric is not None
            and metric.ci_method == "proportion"
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            rows.error(row, "numerator", "a proportion's numerator cannot exceed its denominator")
        if denominator is not None and denominator == 0:
            rows.error(row, "denominator", "must be greater than zero")
        as_at_text = _text(record.get("as_at"))
        as_at = None
        if as_at_text:
            try:
                as_at = date.fromisoformat(as_at_text[:10])
            except ValueError:
                rows.error(row, "as_at", f"{as_at_text!r} is not a date (YYYY-MM-DD)")
        if len(rows.errors) > before:
            continue
        value_text = _text(record.get("value"))
        places = len(value_text.split(".")[1]) if "." in value_text else (0 if value_text else None)
        valid.append(
            {
                "keys": {
                    "area": area,
                    "locality": locality,
                    "metric": metric,
                    "period": label,
                    "component": component,
                    "label": _text(record.get("label")),
                },
                "values": {
                    "period_start": start,
                    "period_end": end,
                    "numerator": numerator,
                    "denominator": denominator,
                    "value": stated,
                    "value_decimals": places,
                    "as_at": as_at,
                    "origin": "computed" if engine else "imported",
                    "source": "computed" if engine else (_text(record.get("source")) or rows.path.name),
                    "definition": definition_in_force(metric),
                },
                "row": row,
            }
        )
    return valid


def _validate_populations(rows: _Rows) -> list[dict[str, Any]]:
    areas = {key: area for area in Area.objects.all() for key in (area.name.lower(), area.gss_code.lower())}
    valid = []
    for row, record in rows:
        before = len(rows.errors)
        area = _area(rows, row, "area", _text(record.get("area")), areas)
        year = _text(record.get("financial_year"))
        try:
            year = str(FinancialYear.parse(year))  # 2018/19 is read as 2018-19
        except ValueError:
            rows.error(row, "financial_year", f"{year!r} is not a financial year like 2018-19")
        band = _text(record.get("age_band"))
        if band not in AGE_BANDS:
            rows.error(row, "age_band", f"{band!r} must be one of all, 18+, 65+")
        population = rows.number(row, record, "population", required=True)
        if population is not None and population != population.to_integral_value():
            rows.error(row, "population", "must be a whole number of people")
        locality = None
        locality_text = _text(record.get("locality"))
        if area is not None and locality_text:
            locality = (
                Locality.objects.filter(area=area, code=locality_text).first()
                or Locality.objects.filter(area=area, name__iexact=locality_text).first()
            )
            if locality is None:
                rows.error(row, "locality", f"{locality_text!r} is not a locality of {area}")
        if len(rows.errors) > before:
            continue
        valid.append(
            {
                "keys": {"area": area, "locality": locality, "financial_year": year, "age_band": band},
                "values": {"population": int(population), "source": _text(record.get("source")) or rows.path.name},
                "row": row,
            }
        )
    return valid


def import_file(path: str | Path, areas: list[str] | None = None) -> ImportReport:
    """Validate and import one file (layout recognised from its header). ``areas`` keeps only the
    rows of those HWBs (names or GSS codes), e.g. for a national engine output."""
    path = Path(path)
    if not path.exists():
        raise ImportRefused([RowError(path.name, None, 0, "-", "no such file")])
    sheet, header, data = read_table(path)
    columns = set(header)
    if {"area_code", "metric", "numerator"} <= columns:
        layout, allowed = "engine", ENGINE_COLUMNS
    elif {"metric", "period"} <= columns:
        layout, allowed = "actuals", ACTUAL_COLUMNS
    elif {"financial_year", "age_band", "population"} <= columns:
        layout, allowed = "populations", POPULATION_COLUMNS
    else:
        raise ImportRefused(
            [
                RowError(
                    path.name,
                    sheet,
                    1,
                    "-",
                    "header not recognised: expected the actuals, "
                    "populations or engine-output columns (see `bettercare metrics import --help`)",
                )
            ]
        )
    unknown = sorted(columns - allowed)
    if unknown:
        raise ImportRefused([RowError(path.name, sheet, 1, name, "unknown column") for name in unknown])
    if areas:
        wanted = {a.lower() for a in areas}
        column = header.index("area_code" if layout == "engine" else "area")
        data = [row for row in data if _text(row[column]).lower() in wanted]
    rows = _Rows(path, sheet, header, data)
    valid = _validate_populations(rows) if layout == "populations" else _validate_actuals(rows, layout == "engine")
    if rows.errors:
        raise ImportRefused(rows.errors)
    report = ImportReport(file=path.name, layout=layout, rows=len(valid))
    model = Population if layout == "populations" else MetricActual
    with transaction.atomic():
        for item in valid:
            obj, outcome = upsert(model, item["keys"], item["values"])
            setattr(report, outcome, getattr(report, outcome) + 1)
            if model is MetricActual:
                report.flagged.extend(_flags(obj, path.name, sheet, item["row"]))
    return report


def _flags(actual: MetricActual, file: str, sheet: str | None, row: int) -> list[str]:
    """A stated value that disagrees with numerator / denominator x multiplier (not per-day)."""
    metric = actual.metric
    if actual.numerator is None or actual.denominator is None or actual.value is None or actual.denominator == 0:
        return []
    computed = float(actual.numerator) / float(actual.denominator) * metric.multiplier
    if metric.definition.get("per_day"):
        computed /= (actual.period_end - actual.period_start).days + 1
    agreement = check_stated(actual.value, computed, actual.value_decimals)
    if agreement is None or agreement.agrees:
        return []
    where = f"{file}" + (f", sheet {sheet}" if sheet else "") + f", row {row}"
    return [f"{where}: {agreement.message}"]
