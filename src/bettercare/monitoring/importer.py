"""Import metric actuals and populations from CSV or Excel, all-or-nothing.

File layouts (column names are case-insensitive; extra columns are refused so typos surface):
- actuals: area, locality, metric, period, numerator, denominator, value, component, label,
  source, as_at. ``area`` is an HWB name or GSS code; ``period`` is 2018-07, 2018-19-Q1, 2018-19
  or 2018-04..2018-07; ``value`` is the figure as stated (optional).
- engine output (``bettercare engine compute``): area_code, locality_code, metric, period,
  numerator, denominator, policy_period, as_at, and optionally component and standard_weight;
  imported as actuals with source "computed".
- components: nhs, social_care, both (DToC attributions); and the parts a statistic needs
  (:mod:`.statistic_parts`): a DSR's age bands ``age:65-69`` ... with count and population (and, in
  engine output, the band's standard weight, which must be the catalogue standard's), a mean's
  ``sum_of_squares``. A part is stored with its figure and is refused for other metrics.
- populations: area, locality, financial_year, age_band (all, 18+, 65+), population, source.

Every row is validated before anything is written; any error refuses the whole file with messages
naming file, sheet, row, column and rule. Re-importing the same file changes nothing (rows are
matched on area, locality, metric, period and component: one figure per HWB, locality, metric and
period, whatever its label); a changed figure or label is saved as a new version, so its previous
value stays in the history. A stated value that disagrees with
numerator / denominator x multiplier beyond rounding is imported but flagged.

Why it is long: the three layouts share one validation pass (types, finiteness, ranges, lengths,
duplicate keys, periods and policy period) that must finish before the single write, so the checks
and the write sit together, with the CSV and Excel readers that feed them.
"""

from __future__ import annotations

import csv
import io
import re
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

from .figures import units_between
from .models import MetricActual
from .statistic_parts import is_part, part_problem

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
    "component",
    "standard_weight",
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


MAX_MAGNITUDE = Decimal(10) ** 12  # numerator, denominator and value fields hold 12 digits before the point
DECIMAL_PLACES = {"numerator": 4, "denominator": 4, "value": 6}
TEXT_LIMITS = {"label": 150, "source": 300, "area": 200, "area_code": 20, "locality": 200, "locality_code": 20,
               "metric": 60, "period": 40, "component": 20, "as_at": 40, "policy_period": 20, "financial_year": 20,
               "age_band": 10}


def _refuse(path: Path, sheet: str | None, row: int, column: str, rule: str) -> ImportRefused:
    return ImportRefused([RowError(path.name, sheet, row, column, rule)])


def _read_csv(path: Path) -> list[list[Any]]:
    """The rows of a UTF-8 CSV file; any other encoding, a NUL byte or broken quoting is refused with
    the line it is on (a spreadsheet saved as "CSV UTF-8" is always accepted)."""
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refuse(path, None, line, "-", "the file is not UTF-8 text: save it as \"CSV UTF-8\"") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise _refuse(path, None, line, "-", "the file holds a NUL byte: it is not a CSV text file")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise _refuse(path, None, 0, "-", f"the CSV cannot be read: {error}") from None


def _read_xlsx(path: Path) -> tuple[str, list[list[Any]]]:
    """The rows of the only sheet holding data, with formulas read as their cached values. Refused: a
    file that is not a workbook, data on more than one sheet, a formula without a cached value (a file
    written by a program that does not calculate: open and save it in Excel)."""
    from openpyxl import load_workbook

    try:
        values = load_workbook(path, read_only=True, data_only=True)
        formulas = load_workbook(path, read_only=True, data_only=False)
        sheets = []
        for sheet in values.worksheets:
            rows = [list(row) for row in sheet.iter_rows(values_only=True)]
            if any(cell not in (None, "") for row in rows for cell in row):
                sheets.append((sheet.title, rows))
        if len(sheets) > 1:
            names = ", ".join(name for name, _ in sheets)
            raise _refuse(path, sheets[1][0], 0, "-",
                          f"data on more than one sheet ({names}): keep one sheet of figures per file")
        if not sheets:
            return (values.worksheets[0].title if values.worksheets else None), []
        title, rows = sheets[0]
        for r, row in enumerate(formulas[title].iter_rows(values_only=True), start=1):
            for c, cell in enumerate(row, start=1):
                if isinstance(cell, str) and cell.startswith("=") and (
                    r > len(rows) or c > len(rows[r - 1]) or rows[r - 1][c - 1] is None
                ):
                    from openpyxl.utils import get_column_letter

                    raise _refuse(path, title, r, get_column_letter(c),
                                  f"the formula {cell[:60]} has no saved value: open and save the file in Excel")
        values.close()
        formulas.close()
        return title, rows
    except ImportRefused:
        raise
    except Exception:  # noqa: BLE001 - any failure to parse is this one user message
        raise _refuse(path, None, 0, "-", "This file is not an Excel workbook (.xlsx), or its contents are "
                      "damaged: open it in Excel, save it as an Excel Workbook and upload it again"
                      ) from None


def read_table(path: Path) -> tuple[str | None, list[str], list[list[Any]]]:
    """(sheet name or None, header, data rows) from a .csv or .xlsx/.xlsm file. Column names must be
    unique and every column holding data must have a name."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows, sheet = _read_csv(path), None
    elif suffix in (".xlsx", ".xlsm"):
        sheet, rows = _read_xlsx(path)
    else:
        raise ImportRefused([RowError(path.name, None, 0, "-", "the file must be .csv or .xlsx")])
    rows = [row for row in rows if any(cell not in (None, "") for cell in row)]
    if not rows:
        raise ImportRefused([RowError(path.name, None, 1, "-", "the file is empty: a header row is required")])
    header = [str(cell if cell is not None else "").strip().lower() for cell in rows[0]]
    errors = []
    seen: dict[str, int] = {}
    for index, name in enumerate(header, start=1):
        if name and name in seen:
            errors.append(RowError(path.name, sheet, 1, name, f"the column appears twice (columns {seen[name]} and "
                                                              f"{index}): keep one"))
        seen.setdefault(name, index)
    width = max(len(row) for row in rows)
    for index in range(width):
        name = header[index] if index < len(header) else ""
        if not name and any(index < len(row) and row[index] not in (None, "") for row in rows[1:]):
            errors.append(RowError(path.name, sheet, 1, f"column {index + 1}", "a column holding data has no name"))
    if errors:
        raise ImportRefused(errors)
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
        """A finite number of 0 or more, below 10^12, with no more decimal places than the column keeps."""
        try:
            value = _decimal(record.get(column))
        except (InvalidOperation, ValueError):
            self.error(row, column, f"{_text(record.get(column))[:40]!r} is not a number")
            return None
        if value is None:
            if required:
                self.error(row, column, "a value is required")
            return None
        if not value.is_finite():
            self.error(row, column, f"{_text(record.get(column))[:40]!r} is not a finite number")
            return None
        if value < 0:
            self.error(row, column, "must not be negative")
            return None
        if value >= MAX_MAGNITUDE:
            self.error(row, column, "must be below 1,000,000,000,000")
            return None
        places = DECIMAL_PLACES.get(column, 6)
        if value.as_tuple().exponent < -places and value != value.quantize(Decimal(1).scaleb(-places)):
            self.error(row, column, f"at most {places} decimal places")
            return None
        return value

    def texts(self, row: int, record: dict) -> None:
        """Every text within its column's length limit."""
        for column, limit in TEXT_LIMITS.items():
            if len(_text(record.get(column))) > limit:
                self.error(row, column, f"at most {limit} characters")


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


MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FINANCIAL_YEAR = re.compile(r"^(\d{4})-(\d{2})$")


def actual_period(text: str) -> tuple[str, date, date]:
    """The label and dates of an actual's period: a month 2018-07, a quarter 2018-19-Q1, a financial year
    2018-19 or a run of months 2018-04..2018-07 (start not after end, at most 12 months). A two-year
    notation such as 2018-20 is refused: an actual covers at most a year."""
    documented = "use 2018-07, 2018-19-Q1, 2018-19 or 2018-04..2018-07"
    if ".." in text:
        first, _, last = text.partition("..")
        if not (MONTH.match(first.strip()) and MONTH.match(last.strip())):
            raise ValueError(f"{text[:40]!r} is not a run of months like 2018-04..2018-07")
        _, start, _ = span(first.strip())
        _, _, end = span(last.strip())
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if months < 1:
            raise ValueError(f"{text!r}: the first month is after the last")
        if months > 12:
            raise ValueError(f"{text!r} covers {months} months: an actual covers at most 12")
        return f"{first.strip()}..{last.strip()}", start, end
    match = FINANCIAL_YEAR.match(text)
    if match and not MONTH.match(text) and int(match[2]) != (int(match[1]) + 1) % 100:
        raise ValueError(f"{text!r} is not a financial year (the second part must be the next year): {documented}")
    try:
        return span(text)
    except (ValueError, KeyError):
        raise ValueError(f"{text[:40]!r} is not a period: {documented}") from None


def _validate_actuals(rows: _Rows, engine: bool) -> list[dict[str, Any]]:
    areas = {key: area for area in Area.objects.all() for key in (area.name.lower(), area.gss_code.lower())}
    valid = []
    area_column, locality_column = ("area_code", "locality_code") if engine else ("area", "locality")
    for row, record in rows:
        before = len(rows.errors)
        rows.texts(row, record)
        if len(rows.errors) > before:
            continue
        area_text = _text(record.get(area_column))
        area = _area(rows, row, area_column, area_text, areas) if area_text else None
        if not area_text:
            rows.error(row, area_column, "a value is required")
        try:
            label, start, end = actual_period(_text(record.get("period")))
        except ValueError as error:
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
        policy = _text(record.get("policy_period"))
        if engine and metric is not None and policy != metric.period.code:
            rows.error(row, "policy_period", f"{policy!r} is not the policy period of {metric.code} in {label} "
                                              f"({metric.period.code})")
        numerator = rows.number(row, record, "numerator")
        denominator = rows.number(row, record, "denominator")
        stated = rows.number(row, record, "value")
        component = _text(record.get("component")).lower()
        weight = rows.number(row, record, "standard_weight")
        if is_part(component):
            problem = part_problem(metric.definition, component, weight) if metric is not None else None
            if problem:
                rows.error(row, "component", problem)
        elif component not in COMPONENTS:
            rows.error(row, "component", "must be empty, nhs, social_care, both, an age band (age:65-69) of a "
                                         "standardised rate or sum_of_squares of a mean")
        if numerator is None and stated is None:
            rows.error(row, "numerator", "give a numerator (with a denominator where the metric has one) or a value")
        if (
            metric is not None
            and not is_part(component)
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
                },
                "values": {
                    "label": _text(record.get("label")),
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
        rows.texts(row, record)
        if len(rows.errors) > before:
            continue
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
        data = [row for row in data if column < len(row) and _text(row[column]).lower() in wanted]
    rows = _Rows(path, sheet, header, data)
    valid = _validate_populations(rows) if layout == "populations" else _validate_actuals(rows, layout == "engine")
    _refuse_duplicates(rows, valid)
    if not data:
        rows.error(2, "-", "the file has a header but no rows of figures")
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


def _refuse_duplicates(rows: _Rows, valid: list[dict[str, Any]]) -> None:
    """Two rows for the same figure (same area, locality, metric, period and component, whatever their
    labels, or the same population) are refused: the last one would silently win."""
    first: dict[tuple, int] = {}
    for item in valid:
        key = tuple((name, getattr(value, "pk", value)) for name, value in sorted(item["keys"].items()))
        if key in first:
            rows.error(item["row"], "-", f"repeats row {first[key]} (same area, locality, figure and period): "
                                         "keep one")
        else:
            first[key] = item["row"]


def _flags(actual: MetricActual, file: str, sheet: str | None, row: int) -> list[str]:
    """A stated value that disagrees with numerator / denominator x multiplier (per day or month of the
    period for a rate per day or month)."""
    metric = actual.metric
    if actual.numerator is None or actual.denominator is None or actual.value is None or actual.denominator == 0:
        return []
    computed = float(actual.numerator) / float(actual.denominator) * metric.multiplier
    computed /= units_between(metric, actual.period_start, actual.period_end)
    agreement = check_stated(actual.value, computed, actual.value_decimals)
    if agreement is None or agreement.agrees:
        return []
    where = f"{file}" + (f", sheet {sheet}" if sheet else "") + f", row {row}"
    return [f"{where}: {agreement.message}"]
