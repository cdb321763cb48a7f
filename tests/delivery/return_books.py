"""Quarterly return workbooks for the collection tests: bettercare's own export of an HWB's return,
filled in as the HWB would, copied per HWB, and broken in chosen ways."""

from __future__ import annotations

from io import BytesIO

from openpyxl import load_workbook

from bettercare.delivery.collection import hwbs_in_force
from bettercare.indicators.periods import Quarter
from bettercare.reference.models import Area
from bettercare.reports.workbook import return_workbook
from bettercare.reports.workbook.cells import to_bytes

QUARTER = Quarter.parse("2022-23-Q4")  # the last quarter of the 151-HWB 2022-23 list
NOT_MET = "E08000025"  # Birmingham answers No to condition 3 (with its reason)


def registered_hwbs() -> list[Area]:
    """The register's HWBs in force at the end of QUARTER."""
    return [area for area, _ in hwbs_in_force(QUARTER) if hasattr(area, "registration")]


def filled_template(area: Area) -> bytes:
    """bettercare's export of ``area``'s return, filled in as the HWB would: every condition Yes,
    each HICM change Established, the narrative written."""
    book = return_workbook(area, QUARTER)
    conditions = book["National conditions"]
    for row in range(5, conditions.max_row + 1):
        if conditions.cell(row, 1).value is not None:
            conditions.cell(row, 3).value = "Yes"
    hicm = book["HICM"]
    for row in range(5, hicm.max_row + 1):
        if isinstance(hicm.cell(row, 1).value, int):
            hicm.cell(row, 3).value, hicm.cell(row, 4).value, hicm.cell(row, 5).value = "Established", "Mature", "Green"
    narrative = book["Narrative"]
    narrative["B5"], narrative["B6"], narrative["B7"] = "Discharge hub opened.", "Workforce.", ""
    return to_bytes(book)


def for_area(template: bytes, area: Area, change=None) -> bytes:
    book = load_workbook(BytesIO(template))
    cover = book["Cover"]
    assert (cover["A4"].value, cover["A5"].value) == ("Health and wellbeing board", "ONS GSS code")
    cover["B4"], cover["B5"] = area.name, area.gss_code
    if area.gss_code == NOT_MET:
        book["National conditions"]["C7"] = "No"
        book["National conditions"]["D7"] = "Investment moved to discharge this quarter; restored in Q1."
    if change:
        change(book)
    return to_bytes(book)


def break_answer(book):
    book["National conditions"]["C6"] = "Maybe"


def break_narrative(book):
    book["Narrative"]["B5"] = None


def break_code(book):
    book["Cover"]["B5"] = "E99999999"


BROKEN = {0: ("answer", break_answer), 1: ("narrative", break_narrative), 2: ("code", break_code)}
