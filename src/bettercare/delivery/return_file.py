"""Reading a quarterly return workbook as ``reports.workbook.return_book`` writes it (the workbook an
HWB downloads, fills in and sends to the national team), cell by cell, without judging it yet.

Where each answer is read (sheets and column headings of the export; columns are found by their
heading in the header row, so a column moved by hand is still found):
- Cover: "ONS GSS code" and "Quarter" (labels in column A, values in column B);
- National conditions: Number, Answer (Yes / No), Narrative;
- Metrics: Code, Proposed status, Chosen status, Reason for change;
- HICM: Change, Maturity, Planned next quarter, RAG, Narrative (titles or ids of the model's levels);
- Narrative: Part (Achievements, Challenges, Support needed) and Text.
Income and expenditure, the Checklist and the accepted plan findings are bettercare's own figures
(the plan and finance monitoring) and are not read back. Every value keeps its cell (``"Metrics!D6"``)
so a rule broken later names file, sheet and cell."""

from __future__ import annotations

from dataclasses import dataclass, field
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

MAX_ROWS = 500  # a return has a few dozen rows per sheet; more is not a return
MAX_COLUMNS = 30
HEADER_ROWS = 12  # the header row is looked for in the first rows of a sheet
NARRATIVE_PARTS = {"achievements": "Achievements", "challenges": "Challenges", "support_needed": "Support needed"}


@dataclass(frozen=True)
class Cell:
    sheet: str
    ref: str  # "D6"; "" when the value is missing altogether
    value: Any

    @property
    def text(self) -> str:
        return "" if self.value is None else str(self.value).strip()


@dataclass(frozen=True)
class Problem:
    """One broken rule in one file: sheet and cell ("" when about the whole file) and the rule."""

    file: str
    sheet: str
    cell: str
    rule: str

    def __str__(self) -> str:
        where = ", ".join(part for part in (self.file, self.sheet and f"sheet {self.sheet}",
                                            self.cell and f"cell {self.cell}") if part)
        return f"{where}: {self.rule}"


@dataclass
class ReturnFile:
    """The answers read from one workbook; each row maps a heading to its ``Cell``."""

    name: str
    gss_code: Cell | None = None
    quarter: Cell | None = None
    conditions: list[dict[str, Cell]] = field(default_factory=list)
    metrics: list[dict[str, Cell]] = field(default_factory=list)
    hicm: list[dict[str, Cell]] = field(default_factory=list)
    narrative: dict[str, Cell] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, cell: Cell | None, rule: str, sheet: str = "") -> None:
        self.problems.append(Problem(self.name, cell.sheet if cell else sheet, cell.ref if cell else "", rule))


def _grid(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=1, max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True))


def _table(result: ReturnFile, ws, first: str, wanted: tuple[str, ...]) -> list[dict[str, Cell]]:
    """The rows under the header row whose column A reads ``first``, until column A is empty."""
    grid = _grid(ws)
    header_at = next((i for i, row in enumerate(grid[:HEADER_ROWS]) if row and str(row[0]).strip() == first), None)
    if header_at is None:
        result.problem(None, f'The header row (column A "{first}") is missing from the first {HEADER_ROWS} rows.',
                       ws.title)
        return []
    headings = {str(v).strip(): i for i, v in enumerate(grid[header_at]) if v is not None}
    missing = [name for name in wanted if name not in headings]
    if missing:
        result.problems.append(Problem(result.name, ws.title, f"row {header_at + 1}",
                                       f"Missing column(s): {', '.join(missing)}."))
        return []
    rows = []
    for offset, row in enumerate(grid[header_at + 1:], start=header_at + 2):
        if not row or row[0] in (None, ""):
            break
        rows.append({
            name: Cell(ws.title, f"{get_column_letter(headings[name] + 1)}{offset}",
                       row[headings[name]] if headings[name] < len(row) else None)
            for name in wanted
        })
    return rows


def _cover(result: ReturnFile, ws) -> None:
    for number, row in enumerate(_grid(ws), start=1):
        label = str(row[0]).strip() if row and row[0] is not None else ""
        value = row[1] if len(row) > 1 else None
        if label == "ONS GSS code":
            result.gss_code = Cell(ws.title, f"B{number}", value)
        elif label == "Quarter":
            result.quarter = Cell(ws.title, f"B{number}", value)
    for name, found in (("ONS GSS code", result.gss_code), ("Quarter", result.quarter)):
        if found is None:
            result.problem(None, f'The cover has no "{name}" row (label in column A, value in column B).', ws.title)


def read_return_file(name: str, content: bytes) -> ReturnFile:
    """Read ``content`` (an .xlsx) into a ``ReturnFile``; problems of shape are in ``.problems``."""
    result = ReturnFile(name)
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, KeyError, ValueError, OSError, TypeError) as error:
        result.problem(None, f"The file cannot be opened as an Excel workbook ({type(error).__name__}).")
        return result
    try:
        sheets = {ws.title: ws for ws in book.worksheets}
        needed = ("Cover", "National conditions", "Metrics", "HICM", "Narrative")
        absent = [s for s in needed if s not in sheets]
        if absent:
            result.problem(None, f"Sheet(s) missing: {', '.join(absent)} (is this a BCF quarterly return workbook?)",
                           ", ".join(absent))
            return result
        _cover(result, sheets["Cover"])
        result.conditions = _table(result, sheets["National conditions"], "Number", ("Number", "Answer", "Narrative"))
        result.metrics = _table(
            result, sheets["Metrics"], "Code", ("Code", "Proposed status", "Chosen status", "Reason for change")
        )
        hicm_sheet = sheets["HICM"]
        if any(row and row[0] == "Change" for row in _grid(hicm_sheet)[:HEADER_ROWS]):
            result.hicm = _table(result, hicm_sheet, "Change",
                                 ("Change", "Maturity", "Planned next quarter", "RAG", "Narrative"))
        for row in _table(result, sheets["Narrative"], "Part", ("Part", "Text")):
            for key, label in NARRATIVE_PARTS.items():
                if row["Part"].text == label:
                    result.narrative[key] = row["Text"]
    finally:
        book.close()
    return result
