"""Errors the user can fix. ``str(error)`` is always one line; the CLI prints it and exits 2."""

from __future__ import annotations


class EngineError(Exception):
    """Bad input or configuration for the engine (missing file, unknown area, no key, ...)."""


class ExtractError(EngineError):
    """A row of an extract breaks a schema rule. Names the file, row, column and rule.

    Row numbers are file line numbers for CSV (the header is row 1) and 1-based record numbers
    for Parquet. Identifier values (NHS numbers) are never echoed.
    """

    def __init__(self, file: str, row: int | None, column: str | None, rule: str, detail: str) -> None:
        self.file, self.row, self.column, self.rule, self.detail = file, row, column, rule, detail
        where = file
        if row is not None:
            where += f" row {row}"
        if column:
            where += f", column {column}"
        super().__init__(f"{where}: {detail} (rule: {rule})")
