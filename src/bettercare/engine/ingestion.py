"""Ingest: validate raw extracts against their schemas, pseudonymise NHS numbers, write Parquet.

All or nothing: every extract is checked before anything is written; the new ingest is written
beside the old one and swapped in only when complete. An empty extract, or one the earlier ingest
had and this folder lacks, is refused; out-of-range values are refused with their row. Runs in
DuckDB (in-process, streaming), so a 10-million row CSV is checked and converted without being held
in memory. Raw NHS numbers are read, checked (modulus 11) and hashed (HMAC-SHA256) inside one query;
they are never written anywhere, and error messages never echo them or any line of the file.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from .errors import EngineError, ExtractError
from .pseudonymise import key_id, load_key, nhs_number_check_sql, pseudonym_sql
from .schemas import OPEN_AGE, SCHEMA_VERSION, SCHEMAS, Column, ExtractSchema

MANIFEST = "manifest.json"
FORMATS = (".csv", ".parquet")
_DATE_FORMATS = "['%Y-%m-%d', '%d/%m/%Y', '%Y-%m-%d %H:%M:%S']"
_DATE_COLUMNS = {"admissions": ("admission_date", "discharge_date"), "social_care_events": ("event_date",),
                 "discharge_ready": ("discharge_date",), "delayed_days": ("month",)}

Progress = Callable[[str], None]


@dataclass(frozen=True)
class IngestResult:
    """Where the Parquet went, rows per extract, and the as-at date recorded in the manifest."""

    out_dir: Path
    rows: dict[str, int]
    as_at: date


def find_extracts(folder: Path) -> dict[str, Path]:
    """The extract files present in ``folder``, by extract name (``admissions.csv`` -> admissions)."""
    if not folder.is_dir():
        raise EngineError(f"{folder}: no such folder")
    found: dict[str, Path] = {}
    for name in SCHEMAS:
        matches = [folder / f"{name}{ext}" for ext in FORMATS if (folder / f"{name}{ext}").is_file()]
        if len(matches) > 1:
            raise EngineError(f"{folder}: both {matches[0].name} and {matches[1].name}; keep one")
        if matches:
            found[name] = matches[0]
    if not found:
        expected = ", ".join(f"{n}.csv" for n in SCHEMAS)
        raise EngineError(f"{folder}: no extracts found (expected some of {expected}, or .parquet)")
    return found


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _raw(column: Column) -> str:
    """The quoted name of a column's raw (trimmed text) value inside ingest queries."""
    return _quote(f"__raw_{column.name}")


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _source_sql(con: duckdb.DuckDBPyConnection, path: Path, schema: ExtractSchema) -> tuple[str, int]:
    """A SELECT giving every schema column as trimmed VARCHAR (NULL when blank) and the row offset."""
    if path.suffix == ".csv":
        relation = (f"read_csv({_literal(str(path))}, all_varchar = true, header = true, delim = ',', "
                    f"quote = '\"', escape = '\"')")
        offset = 1  # header is row 1
    else:
        relation = f"read_parquet({_literal(str(path))})"
        offset = 0
    try:
        described = con.sql(f"DESCRIBE SELECT * FROM {relation}").fetchall()
    except duckdb.Error as error:
        raise _file_error(path, error) from None
    header = {str(name).strip().lower(): (str(name), str(kind)) for name, kind, *_ in described}
    parts = []
    for column in schema.columns:
        if column.name not in header:
            if column.required:
                raise ExtractError(path.name, 1 if offset else None, column.name, "header",
                                   "required column is missing")
            parts.append(f"CAST(NULL AS VARCHAR) AS {_raw(column)}")
            continue
        actual, kind = header[column.name]
        value = _quote(actual)
        if kind in ("FLOAT", "DOUBLE") and column.kind == "int":
            value = f"CASE WHEN {value} = floor({value}) AND TRY_CAST({value} AS BIGINT) IS NOT NULL " \
                    f"THEN CAST(CAST({value} AS BIGINT) AS VARCHAR) ELSE CAST({value} AS VARCHAR) END"
        parts.append(f"NULLIF(trim(CAST({value} AS VARCHAR)), '') AS {_raw(column)}")
    return f"SELECT {', '.join(parts)} FROM {relation}", offset


# What a reader error means, in words; DuckDB's own message is never shown because it quotes the
# offending line, which may hold an NHS number (first match wins; patterns are lower case).
_READ_PROBLEMS = (
    ("unicode", "is not UTF-8 text (save it as \"CSV UTF-8\")"),
    ("byte sequence", "is not UTF-8 text (save it as \"CSV UTF-8\")"),
    ("unterminated quote", "has a quote that is never closed"),
    ("quote", "has a badly placed quote character"),
    ("expected number of columns", "has a different number of fields from the header"),
    ("too many columns", "has more fields than the header"),
    ("magic bytes", "is not a Parquet file"),
    ("parquet", "cannot be read as Parquet"),
)


def _file_error(path: Path, error: Exception) -> ExtractError:
    """A located, plain-words error for a file DuckDB cannot read; never echoes the file's content."""
    message = " ".join(str(error).split())
    line = re.search(r"[Ll]ine:? (\d+)", message)
    lowered = message.lower()
    kind = "CSV" if path.suffix == ".csv" else "Parquet"
    detail = next((words for pattern, words in _READ_PROBLEMS if pattern in lowered), f"cannot be read as {kind}")
    return ExtractError(path.name, int(line.group(1)) if line else None, None, "file format", detail)


def _normalised(column: Column) -> dict[str, str]:
    """SQL for a column's normalised value(s), keyed by stored name (``__nhs`` for NHS numbers)."""
    raw = _raw(column)
    kind = column.kind
    if kind == "nhs_number":
        return {"__nhs": f"regexp_replace({raw}, '[ -]', '', 'g')"}
    if kind == "code":
        return {column.stored: f"upper({raw})"}
    if kind == "choice":
        return {column.stored: f"lower({raw})"}
    if kind == "int":
        return {column.stored: f"TRY_CAST({raw} AS BIGINT)"}
    if kind == "date":
        return {column.stored: f"TRY_CAST(TRY_STRPTIME({raw}, {_DATE_FORMATS}) AS DATE)"}
    if kind == "month":
        return {column.stored: f"TRY_CAST(date_trunc('month', TRY_STRPTIME({raw}, ['%Y-%m', '%Y-%m-%d'])) AS DATE)"}
    if kind == "flag":
        return {column.stored: f"CASE WHEN upper({raw}) IN ('Y', 'YES', 'TRUE', '1') THEN TRUE "
                               f"WHEN upper({raw}) IN ('N', 'NO', 'FALSE', '0') THEN FALSE END"}
    if kind == "icd10":
        return {column.stored: f"upper(regexp_replace({raw}, '[^A-Za-z0-9]', '', 'g'))"}
    if kind == "age_band":
        return {
            column.stored: raw,
            "age_from": f"TRY_CAST(regexp_extract({raw}, '^([0-9]{{1,3}})', 1) AS INTEGER)",
            "age_to": f"CASE WHEN {raw} LIKE '%+' THEN {OPEN_AGE} "
                      f"ELSE TRY_CAST(regexp_extract({raw}, '^[0-9]{{1,3}}-([0-9]{{1,3}})$', 1) AS INTEGER) END",
        }
    return {column.stored: raw}


def _checks(schema: ExtractSchema) -> list[tuple[Column | None, str, str, str]]:
    """(column, rule, detail, bad SQL) for every row check, in the order they are reported."""
    checks: list[tuple[Column | None, str, str, str]] = []
    for c in schema.columns:
        raw, value = _raw(c), _quote(c.stored)
        present = f"{raw} IS NOT NULL"
        if c.required:
            checks.append((c, "required", "is blank", f"{raw} IS NULL"))
        if c.kind == "nhs_number":
            checks.append((c, "NHS number format", "is not a 10-digit NHS number",
                           f"{present} AND NOT regexp_full_match(__nhs, '[0-9]{{10}}')"))
            checks.append((c, "NHS number modulus 11 check digit", "fails the modulus 11 check digit",
                           f"{present} AND regexp_full_match(__nhs, '[0-9]{{10}}') AND NOT "
                           f"{nhs_number_check_sql('__nhs')}"))
            continue
        if c.kind == "int":
            checks.append((c, "whole number", "{value} is not a whole number",
                           f"{present} AND NOT regexp_full_match({raw}, '[+-]?[0-9]+(\\.0*)?')"))
            # a whole number too large for 64 bits reads as NULL: refused here, never stored as blank
            checks.append((c, "whole number", "{value} is too large",
                           f"{present} AND regexp_full_match({raw}, '[+-]?[0-9]+(\\.0*)?') AND {value} IS NULL"))
            if c.minimum is not None:
                checks.append((c, f"range {c.minimum}..{c.maximum}", "{value} is outside " f"{c.minimum}..{c.maximum}",
                               f"{value} < {c.minimum} OR {value} > {c.maximum}"))
        elif c.kind == "date":
            checks.append((c, "date", "{value} is not a date (YYYY-MM-DD or DD/MM/YYYY)",
                           f"{present} AND {value} IS NULL"))
        elif c.kind == "month":
            checks.append((c, "month", "{value} is not a month (YYYY-MM)", f"{present} AND {value} IS NULL"))
        elif c.kind == "flag":
            checks.append((c, "flag", "{value} is not Y or N", f"{present} AND {value} IS NULL"))
        elif c.kind == "age_band":
            checks.append((c, "age band", "{value} is not an age band such as 65-69 or 90+",
                           f"{present} AND (age_from IS NULL OR age_to IS NULL OR age_to < age_from)"))
        if c.values:
            allowed = ", ".join(_literal(v) for v in c.values)
            checks.append((c, "allowed values", "{value} is not one of " + ", ".join(c.values),
                           f"{present} AND {value} NOT IN ({allowed})"))
        if c.pattern:
            checks.append((c, f"format {c.pattern}", "{value} does not have the expected format",
                           f"{present} AND NOT regexp_full_match({value}, {_literal(c.pattern)})"))
    for rule in schema.row_rules:
        checks.append((schema.column(rule.column), rule.name, rule.description, f"coalesce({rule.bad_sql}, false)"))
    return checks


def _first_failure(con: duckdb.DuckDBPyConnection, view: str, checks: list, path: Path, offset: int) -> None:
    """Raise the earliest-row failure among ``checks`` (one streaming pass when all is well)."""
    flags = ", ".join(f"bool_or({bad})" for *_, bad in checks)
    failed = [i for i, hit in enumerate(con.sql(f"SELECT {flags} FROM {view}").fetchone()) if hit]
    if not failed:
        return
    firsts = ", ".join(f"min(CASE WHEN {checks[i][3]} THEN __row END)" for i in failed)
    rows = con.sql(f"SELECT {firsts} FROM (SELECT row_number() OVER () AS __row, * FROM {view})").fetchone()
    row, index = min((r, i) for r, i in zip(rows, failed, strict=True))
    column, rule, detail, _ = checks[index]
    value = None
    if column is not None and column.kind != "nhs_number":
        value = con.sql(f"SELECT {_raw(column)} FROM (SELECT row_number() OVER () AS __row, * FROM {view}) "
                        f"WHERE __row = {row}").fetchone()[0]
    shown = repr(value[:40]) if isinstance(value, str) else "the value"
    raise ExtractError(path.name, row + offset, column.name if column else None, rule, detail.format(value=shown))


def _set_checks(con: duckdb.DuckDBPyConnection, view: str, schema: ExtractSchema, path: Path, offset: int) -> None:
    """Checks across rows: population bands partition ages; one locality per LSOA."""
    numbered = f"(SELECT row_number() OVER () AS __row, * FROM {view})"
    problems: list[tuple[str, str, str, str]] = []
    if schema.name == "populations":
        problems.append(("age_band", "age bands partition ages", "the age bands of this area / locality / year do "
                         "not run from 0 to an open band (such as 90+) without gaps or overlaps", f"""
            SELECT min(__row) FROM (
              SELECT __row, age_from, age_to,
                     lag(age_to) OVER w AS prev_to, row_number() OVER w AS k,
                     count(*) OVER (PARTITION BY area_code, coalesce(locality_code, ''), year) AS n
              FROM {numbered}
              WINDOW w AS (PARTITION BY area_code, coalesce(locality_code, ''), year ORDER BY age_from, age_to))
            WHERE (k = 1 AND age_from <> 0) OR (k > 1 AND age_from <> prev_to + 1) OR (k = n AND age_to <> {OPEN_AGE})
        """))
        problems.append(("locality_code", "whole-area rows required", "a locality's population has no whole-area "
                         "rows (blank locality_code) for the same area and year", f"""
            SELECT min(l.__row) FROM {numbered} l
            WHERE l.locality_code IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM {view} a WHERE a.locality_code IS NULL AND a.area_code = l.area_code AND a.year = l.year)
        """))
    if schema.name == "localities":
        problems.append(("lsoa_code", "one locality per LSOA", "the LSOA is listed more than once for this area", f"""
            SELECT min(__row) FROM (
              SELECT __row, row_number() OVER (PARTITION BY area_code, lsoa_code ORDER BY __row) AS k FROM {numbered})
            WHERE k > 1
        """))
    for column, rule, detail, sql in problems:
        row = con.sql(sql).fetchone()[0]
        if row is not None:
            raise ExtractError(path.name, row + offset, column, rule, detail)


def _output_sql(schema: ExtractSchema, view: str, key: bytes) -> str:
    parts = []
    for column in schema.columns:
        if column.kind == "nhs_number":
            parts.append(f"{pseudonym_sql(key, '__nhs')} AS person_id")
        elif column.kind == "age_band":
            parts += [_quote(column.stored), "age_from", "age_to"]
        else:
            parts.append(_quote(column.stored))
    return f"SELECT {', '.join(parts)} FROM {view}"


def _as_at(con: duckdb.DuckDBPyConnection, written: dict[str, Path], folder: Path) -> tuple[date, str]:
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            value = json.loads(manifest.read_text(encoding="utf-8")).get("as_at")
            if value:
                return date.fromisoformat(value), f"{MANIFEST} of the extract"
        except (ValueError, AttributeError) as error:
            raise EngineError(f"{manifest}: not a valid manifest ({error})") from None
    latest: list[date] = []
    for name, columns in _DATE_COLUMNS.items():
        if name in written:
            for column in columns:
                expr = f"last_day(max({column}))" if column == "month" else f"max({column})"
                value = con.sql(f"SELECT {expr} FROM read_parquet({_literal(str(written[name]))})").fetchone()[0]
                if value is not None:
                    latest.append(value)
    if not latest:
        raise EngineError(f"{folder}: cannot tell the as-at date (no dated records and no {MANIFEST})")
    return max(latest), "latest date in the extracts"


def _refuse_fewer_extracts(out_dir: Path, extracts: dict[str, Path], folder: Path) -> None:
    """An ingest may not silently drop an extract the earlier ingest in ``out_dir`` holds (a missing
    file would otherwise replace good data with none)."""
    manifest = out_dir / MANIFEST
    if not manifest.is_file():
        return
    try:
        earlier = json.loads(manifest.read_text(encoding="utf-8")).get("extracts", {})
    except ValueError:
        raise EngineError(f"{manifest}: not a valid manifest") from None
    missing = [name for name in earlier if name not in extracts]
    if missing:
        listed = ", ".join(f"{name}.csv ({earlier[name].get('rows', '?'):,} rows before)" for name in missing)
        raise EngineError(f"{folder}: no {listed}, which the earlier ingest in {out_dir} holds; add the file(s) "
                          "or choose another --out (nothing was changed)")


def _swap_in(staging: Path, out_dir: Path) -> None:
    """Put the complete new ingest in place of the old one: the old folder is moved aside, the new one
    renamed in, and only then is the old one removed (a failure before the second rename puts the
    old one back)."""
    if not out_dir.exists():
        staging.rename(out_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-old-", dir=out_dir.parent))
    retired.rmdir()
    out_dir.rename(retired)
    try:
        staging.rename(out_dir)
    except OSError:
        retired.rename(out_dir)
        raise
    shutil.rmtree(retired, ignore_errors=True)


def ingest(folder: Path | str, out: Path | str | None = None, *, key: bytes | None = None,
           key_file: Path | str | None = None, progress: Progress | None = None) -> IngestResult:
    """Validate and pseudonymise every extract in ``folder``; write Parquet and a manifest to ``out``.

    ``out`` defaults to ``folder/ingested``. It is replaced only if it is empty or an earlier ingest.
    """
    folder = Path(folder)
    out_dir = Path(out) if out else folder / "ingested"
    extracts = find_extracts(folder)
    if key is None:
        key = load_key(key_file, data_dirs=(folder, out_dir))
    if out_dir.exists() and any(out_dir.iterdir()) and not (out_dir / MANIFEST).is_file():
        raise EngineError(f"{out_dir}: exists and is not an earlier ingest; choose another --out")
    _refuse_fewer_extracts(out_dir, extracts, folder)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    con = duckdb.connect()
    try:
        rows: dict[str, int] = {}
        written: dict[str, Path] = {}
        for name, path in extracts.items():
            schema = SCHEMAS[name]
            if progress:
                progress(f"checking {path.name}")
            source, offset = _source_sql(con, path, schema)
            normalised = ", ".join(f"{sql} AS {_quote(alias)}" for c in schema.columns
                                   for alias, sql in _normalised(c).items())
            view = f"n_{name}"
            con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS SELECT *, {normalised} FROM ({source})")
            try:
                _first_failure(con, view, _checks(schema), path, offset)
                _set_checks(con, view, schema, path, offset)
                if progress:
                    progress(f"writing {name}.parquet")
                target = staging / f"{name}.parquet"
                con.execute(f"COPY ({_output_sql(schema, view, key)}) TO {_literal(str(target))} "
                            "(FORMAT parquet, COMPRESSION zstd)")
            except duckdb.Error as error:
                raise _file_error(path, error) from None
            rows[name] = con.sql(f"SELECT count(*) FROM read_parquet({_literal(str(target))})").fetchone()[0]
            if rows[name] == 0:
                raise ExtractError(path.name, None, None, "records present",
                                   "has a header but no records; an empty extract is never ingested")
            written[name] = target
        as_at, as_at_source = _as_at(con, written, folder)
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "as_at": as_at.isoformat(),
            "as_at_source": as_at_source,
            "extracts": {name: {"rows": rows[name], "source_file": extracts[name].name} for name in rows},
            "pseudonymisation": {"method": "HMAC-SHA256 of the NHS number", "key_id": key_id(key)},
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _swap_in(staging, out_dir)
    finally:
        con.close()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return IngestResult(out_dir=out_dir, rows=rows, as_at=as_at)


def read_manifest(folder: Path | str) -> dict:
    """The manifest of an ingested folder (``folder`` itself or ``folder/ingested``)."""
    folder = resolve_ingested(folder)
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def resolve_ingested(folder: Path | str) -> Path:
    """``folder`` if it holds an ingest manifest, else ``folder/ingested`` if that does (a raw folder's
    own manifest, e.g. from ``synth``, does not count)."""
    folder = Path(folder)
    for candidate in (folder, folder / "ingested"):
        manifest = candidate / MANIFEST
        if manifest.is_file():
            try:
                if "pseudonymisation" in json.loads(manifest.read_text(encoding="utf-8")):
                    return candidate
            except ValueError:
                raise EngineError(f"{manifest}: not a valid manifest") from None
    raise EngineError(f"{folder}: no ingested extracts here (run `bettercare engine ingest` first)")
