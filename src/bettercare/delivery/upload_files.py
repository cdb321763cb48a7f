"""Reading an upload of return workbooks safely: one .xlsx, or a .zip holding many. Nothing is ever
written to disk, and a member's name is only a label in the report, never a path.

Refused, each with a message for people (``UploadRefused`` for the whole upload, ``FileProblem``
for one file):
- an upload over ``MAX_UPLOAD_BYTES``, or that is neither an .xlsx nor a .zip;
- a zip with more than ``MAX_FILES`` members, whose members would expand to more than
  ``MAX_TOTAL_BYTES``, or one member more than ``MAX_FILE_BYTES`` (zip bombs); sizes are taken from
  the archive's directory and enforced again while reading, so a lying header cannot bypass them;
- a member whose name is absolute or climbs out (``..``), an encrypted member, a nested archive or
  any member that is not an .xlsx (folders and macOS ``__MACOSX`` metadata are skipped);
- an .xlsx (itself a zip) whose parts would expand to more than ``MAX_XLSX_EXPANDED`` or more than
  ``MAX_RATIO`` times their compressed size."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import PurePosixPath

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_FILES = 500
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 300 * 1024 * 1024
MAX_XLSX_EXPANDED = 60 * 1024 * 1024
MAX_RATIO = 200
XLSX_MAGIC = b"PK\x03\x04"


class UploadRefused(ValueError):
    """The whole upload is refused (message for people)."""


@dataclass(frozen=True)
class UploadedFile:
    name: str  # the label used in the report: the member's name inside the zip, or the upload's name
    content: bytes | None
    problem: str = ""  # why this file is refused before it is read ("" = none)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.0f} MB"


def check_xlsx_container(content: bytes) -> str:
    """Why an .xlsx (a zip of XML parts) must not be opened; "" when it may."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as book:
            parts = book.infolist()
    except zipfile.BadZipFile:
        return "The file is not an Excel workbook (.xlsx): it cannot be opened as one."
    expanded = sum(p.file_size for p in parts)
    compressed = sum(p.compress_size for p in parts) or 1
    if expanded > MAX_XLSX_EXPANDED or expanded > MAX_RATIO * compressed:
        return (
            f"The workbook would expand to {_megabytes(expanded)} ({expanded // compressed} times its size): "
            f"refused as a possible zip bomb (limits {_megabytes(MAX_XLSX_EXPANDED)}, {MAX_RATIO} times)."
        )
    return ""


def _unsafe_name(name: str) -> str:
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or (name[1:2] == ":") or ".." in path.parts:
        return "The file's name inside the zip points outside the archive (an absolute path or ..): refused."
    return ""


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than MAX_FILE_BYTES + 1 whatever its header says."""
    with archive.open(info) as stream:
        return stream.read(MAX_FILE_BYTES + 1)


def _zip_members(name: str, content: bytes) -> list[UploadedFile]:
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except zipfile.BadZipFile as error:
        raise UploadRefused(f"{name} is not a readable zip file ({error}).") from error
    with archive:
        members = [i for i in archive.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
        if len(members) > MAX_FILES:
            raise UploadRefused(f"{name} holds {len(members)} files; at most {MAX_FILES} can be loaded at once.")
        total = sum(i.file_size for i in members)
        if total > MAX_TOTAL_BYTES:
            raise UploadRefused(
                f"{name} would expand to {_megabytes(total)}, over the limit of {_megabytes(MAX_TOTAL_BYTES)}: "
                "refused as a possible zip bomb."
            )
        files, read = [], 0
        for info in members:
            label = info.filename
            problem = _unsafe_name(label)
            if not problem and info.flag_bits & 0x1:
                problem = "The file is encrypted (password-protected) inside the zip: refused."
            if not problem and not label.lower().endswith(".xlsx"):
                problem = "Only Excel workbooks (.xlsx) are loaded; this file is not one."
            if not problem and info.file_size > MAX_FILE_BYTES:
                problem = f"The file is {_megabytes(info.file_size)}, over the limit of {_megabytes(MAX_FILE_BYTES)}."
            if problem:
                files.append(UploadedFile(label, None, problem))
                continue
            try:
                data = _read_member(archive, info)
            except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
                files.append(UploadedFile(label, None, f"The file cannot be read from the zip ({error})."))
                continue
            read += len(data)
            if len(data) > MAX_FILE_BYTES or read > MAX_TOTAL_BYTES:
                files.append(UploadedFile(label, None, "The file expands beyond the size limits: refused."))
                continue
            files.append(UploadedFile(label, data, check_xlsx_container(data)))
        return files


def read_upload(name: str, content: bytes) -> list[UploadedFile]:
    """The workbooks of one upload (see the module docstring); raises UploadRefused."""
    if len(content) > MAX_UPLOAD_BYTES:
        raise UploadRefused(f"The upload is {_megabytes(len(content))}; the limit is {_megabytes(MAX_UPLOAD_BYTES)}.")
    lower = name.lower()
    if not content.startswith(XLSX_MAGIC):
        raise UploadRefused(f"{name} is neither an Excel workbook (.xlsx) nor a .zip of them.")
    if lower.endswith(".zip"):
        return _zip_members(name, content)
    if lower.endswith(".xlsx"):
        return [UploadedFile(name, content, check_xlsx_container(content))]
    raise UploadRefused(f"{name} is neither an Excel workbook (.xlsx) nor a .zip of them.")
