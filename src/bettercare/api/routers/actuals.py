"""Actuals (write): upload a CSV or Excel file of an HWB's actuals or populations. It goes through
the importer ``bettercare metrics import`` uses (:func:`bettercare.monitoring.importer.import_file`):
every row validated first, all-or-nothing, and the same report. A refused file answers 422 with
the located problems (file, sheet, row, column, rule) as RFC 9457 problem details.

Order of checks: the caller's token, then the edit permission on the HWB in the path, and only then
is the upload read. Every row must be of that HWB (a row of another HWB refuses the file); the
change is recorded with the token owner as its author."""

import tempfile
from pathlib import Path

from django.http import HttpRequest
from ninja import Router, Schema

from bettercare.monitoring.importer import ImportRefused, RowError, _text, import_file, read_table
from bettercare.reference.models import Area

from ..access import area_for
from ..auth import TokenAuth
from ..problems import ERROR_STATUSES, InvalidInput, Problem

router = Router(tags=["Actuals"])
ERRORS = {status: Problem for status in (*ERROR_STATUSES, 413, 415)}
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
SUFFIXES = (".csv", ".xlsx", ".xlsm")
UPLOAD = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "A .csv or .xlsx file in the actuals or populations layout",
                        }
                    },
                }
            }
        },
    }
}


class ImportReportOut(Schema):
    file: str
    layout: str
    rows: int
    created: int
    updated: int
    unchanged: int
    flagged: list[str]


class UploadTooLarge(Exception):
    """The uploaded file is over the size limit (answered 413)."""


class UnsupportedUpload(Exception):
    """The upload is not a CSV or Excel file (answered 415)."""


def rows_of_other_areas(path: Path, area: Area) -> list[RowError]:
    """A located error for every row whose HWB is not ``area`` (by name or GSS code)."""
    sheet, header, data = read_table(path)
    column = next((name for name in ("area", "area_code") if name in header), None)
    if column is None:
        return []
    index, own = header.index(column), {area.gss_code.lower(), area.name.lower()}
    return [
        RowError(path.name, sheet, row, column,
                 f"this upload is for {area.name} ({area.gss_code}); the row is for {_text(values[index])!r}")
        for row, values in enumerate(data, start=2)
        if _text(values[index] if index < len(values) else "").lower() not in own
    ]


@router.post("/areas/{gss_code}/actuals", response={200: ImportReportOut, **ERRORS}, auth=TokenAuth(),
             openapi_extra=UPLOAD, summary="Import an HWB's actuals")
def import_actuals(request: HttpRequest, gss_code: str):
    """Import a file of the HWB's actuals (or populations) all-or-nothing; answers the import report
    (rows new, changed, unchanged, and flagged stated values), as the CLI prints it."""
    area = area_for(request, gss_code, "edit")  # before the upload is read
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_UPLOAD_BYTES:
        raise UploadTooLarge(f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    upload = request.FILES.get("file")
    if upload is None:
        raise InvalidInput("send the file as multipart/form-data in a field named 'file'")
    name = Path(upload.name or "upload.csv").name
    if Path(name).suffix.lower() not in SUFFIXES:
        raise UnsupportedUpload(f"{name}: the file must be .csv or .xlsx")
    with tempfile.TemporaryDirectory(prefix="bettercare-upload-") as folder:
        path = Path(folder) / name
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        foreign = rows_of_other_areas(path, area)
        if foreign:
            raise ImportRefused(foreign)
        report = import_file(path)
    return report.__dict__
