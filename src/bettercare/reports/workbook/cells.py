"""Writing cells and tables with openpyxl: plain values only (text that starts with "=" stays text,
never a formula), money as Decimal pounds, headings styled, columns sized."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bettercare.indicators.presentation import excel_figure, excel_format

HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
DONE_FILL = PatternFill("solid", fgColor="CCE2D8")
MISSING_FILL = PatternFill("solid", fgColor="F6D7D2")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
MONEY = "#,##0.00"
NUMBER = "#,##0.######"
WRAP = Alignment(wrap_text=True, vertical="top")


def money(text: Any) -> Decimal | None:
    """Money from a return's figures ("21240000.00") as Decimal pounds; None when absent."""
    if text in (None, ""):
        return None
    try:
        return Decimal(str(text))
    except InvalidOperation:
        return None


@dataclass(frozen=True)
class Shown:
    """A value with its own number format (a metric figure, whose places depend on its metric)."""

    value: Any
    number_format: str


def metric_figure(value: Any, unit: str = "", scale: str = "value", decimals: int | None = None) -> Shown:
    """A metric figure as the pages and the paper print it: rounded half-up to its places (or to the
    places the source stated it with), with the number format showing exactly those places
    (``indicators.presentation``)."""
    return Shown(excel_figure(value, unit, scale, decimals), excel_format(unit, scale, decimals))


def put(ws: Worksheet, row: int, column: int, value: Any, number_format: str | None = None):
    """Write one value; text beginning with "=" is kept as text, so no cell is ever a formula."""
    if isinstance(value, Shown):
        value, number_format = value.value, value.number_format
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    if number_format and isinstance(value, (int, float, Decimal)):
        cell.number_format = number_format
    return cell


def title(ws: Worksheet, text: str, subtitle: str = "") -> int:
    """A sheet title (row 1) and subtitle (row 2); returns the next free row."""
    put(ws, 1, 1, text).font = TITLE
    if subtitle:
        put(ws, 2, 1, subtitle)
    return 4


def table(
    ws: Worksheet,
    first_row: int,
    headings: Sequence[str],
    rows: Iterable[Sequence[Any]],
    formats: dict[int, str] | None = None,
) -> int:
    """Headings then rows from ``first_row``; ``formats`` maps a column index (0-based) to a number
    format. Returns the next free row."""
    for column, heading in enumerate(headings, start=1):
        cell = put(ws, first_row, column, heading)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
    row_number = first_row
    for row_number, row in enumerate(rows, start=first_row + 1):
        for column, value in enumerate(row, start=1):
            put(ws, row_number, column, value, (formats or {}).get(column - 1)).alignment = WRAP
    return row_number + 2


def widths(ws: Worksheet, sizes: Sequence[int]) -> None:
    """Column widths, first column first."""
    for column, size in enumerate(sizes, start=1):
        ws.column_dimensions[get_column_letter(column)].width = size


def to_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
