"""Planning workbooks: export a plan to Excel and import it back, losslessly and all or nothing."""

from .export import build_workbook, export_plan
from .importer import IdenticalWorkbook, Problem, WorkbookRefused, import_workbook, read_workbook
from .layout import known_layouts, layout_id

__all__ = [
    "IdenticalWorkbook",
    "Problem",
    "WorkbookRefused",
    "build_workbook",
    "export_plan",
    "import_workbook",
    "known_layouts",
    "layout_id",
    "read_workbook",
]
