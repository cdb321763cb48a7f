"""Malformed record-level extracts, generated from the engine's hand-made ones: for every broken
folder ``engine ingest`` refuses with an EngineError naming the file (and the row and column where
the fault is in a cell), never echoes a line of the file (NHS numbers included), and leaves the
earlier good ingest exactly as it was (issue 15, item 7)."""

import hashlib
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from bettercare.engine.errors import EngineError, ExtractError
from bettercare.engine.ingestion import ingest

HAND = Path(__file__).resolve().parents[1] / "engine" / "fixtures" / "hand"
KEY = b"bettercare-fuzz-test-key-0123456789"
ADMISSIONS = "admissions.csv"

BAD_CELLS = {
    "age": ["99999999999999999999", "-1", "121", "abc", "1.5", "NaN", "1e3", "٣"],
    "sex": ["7", "male"],
    "residence_la_code": ["E1", "X10000020", "e10000020x"],
    "admission_date": ["2024-02-30", "yesterday", "2024/01/05", "05-01-2024"],
    "discharge_date": ["2024-13-01"],
    "admission_method": ["emergency", "123"],
    "primary_diagnosis": ["", "12345", "S7"],
    "nhs_number": ["123", "99900000", "9990000019", "ABCDEFGHIJ", ""],
    "lsoa_code": ["E0100000"],
}


@dataclass
class Case:
    name: str
    build: Callable[[Path], None]  # breaks the copied raw folder in place
    cell: str | None = None  # the column the message must name


def _lines(folder: Path, name: str = ADMISSIONS) -> list[str]:
    return (folder / name).read_text(encoding="utf-8").splitlines()


def _write(folder: Path, lines: list[str], name: str = ADMISSIONS) -> None:
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _set_cell(column: str, value: str) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        lines = _lines(folder)
        header = lines[0].split(",")
        cells = lines[3].split(",")
        cells[header.index(column)] = value
        lines[3] = ",".join(cells)
        _write(folder, lines)

    return build


def _bytes(transform: Callable[[bytes], bytes], name: str = ADMISSIONS) -> Callable[[Path], None]:
    def build(folder: Path) -> None:
        path = folder / name
        path.write_bytes(transform(path.read_bytes()))

    return build


def _invalid_utf8(data: bytes) -> bytes:
    lines = data.split(b"\n")
    lines[5] = lines[5].replace(b",", b",\xff", 1)
    return b"\n".join(lines)


def _as_parquet_junk(folder: Path) -> None:
    (folder / ADMISSIONS).unlink()
    (folder / "admissions.parquet").write_bytes(b"PAR1 not really parquet")


def _as_parquet_wrong_type(folder: Path) -> None:
    table = pacsv.read_csv(folder / ADMISSIONS, convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
    table = table.set_column(table.schema.get_field_index("age"), "age",
                             pa.array([10.0**25] * table.num_rows, type=pa.float64()))
    (folder / ADMISSIONS).unlink()
    pq.write_table(table, folder / "admissions.parquet")


def _both_formats(folder: Path) -> None:
    shutil.copy(folder / ADMISSIONS, folder / "admissions.parquet")


def cases() -> list[Case]:
    found = [Case(f"{column}={value!r}", _set_cell(column, value), column)
             for column, values in BAD_CELLS.items() for value in values]
    found += [
        Case("invalid UTF-8 byte", _bytes(_invalid_utf8)),
        Case("UTF-16 text", _bytes(lambda data: data.decode("utf-8").encode("utf-16"))),
        Case("Latin-1 with a pound sign", _bytes(lambda data: data.replace(b"Z99", "£99".encode("latin-1"), 1))),
        Case("header only", _bytes(lambda data: data.split(b"\n")[0] + b"\n")),
        Case("empty file", _bytes(lambda data: b"")),
        Case("binary junk", _bytes(lambda data: bytes(range(256)) * 8)),
        Case("unterminated quote", _bytes(lambda data: data.replace(b"\n999", b'\n"999', 1))),
        Case("a row with too many fields", _bytes(lambda data: data.replace(b"\n", b",extra,extra\n", 3))),
        Case("a row cut short", _bytes(lambda data: data.rsplit(b"\n", 2)[0][:-30] + b"\n")),
        Case("required column missing", _bytes(lambda data: data.replace(b"admission_date", b"admitted_on", 1))),
        Case("admissions missing", lambda folder: (folder / ADMISSIONS).unlink()),
        Case("populations missing", lambda folder: (folder / "populations.csv").unlink()),
        Case("no extracts at all", lambda folder: [p.unlink() for p in folder.glob("*.csv")]),
        Case("parquet junk", _as_parquet_junk),
        Case("parquet with a float age of 1e25", _as_parquet_wrong_type, "age"),
        Case("both CSV and Parquet", _both_formats),
        Case("populations bands overlap", _bytes(lambda data: data.replace(b"65-69", b"60-69", 1), "populations.csv")),
        Case("social care header only", _bytes(lambda data: data.split(b"\n")[0] + b"\n", "social_care_events.csv")),
    ]
    return found


CASES = cases()


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def good_ingest(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("fuzz") / "ingested"
    ingest(HAND, out, key=KEY)
    return out


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 45


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_ingest_refuses_broken_extracts_and_keeps_the_earlier_ingest(case: Case, tmp_path, good_ingest):
    raw = tmp_path / "raw"
    shutil.copytree(HAND, raw)
    out = tmp_path / "ingested"
    shutil.copytree(good_ingest, out)
    before = _digest(out)
    identifiers = {line.split(",")[0].replace(" ", "").replace("-", "") for line in _lines(HAND)[1:]}
    case.build(raw)

    with pytest.raises(EngineError) as refused:
        ingest(raw, out, key=KEY)

    message = str(refused.value)
    assert _digest(out) == before, "the earlier ingest changed"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a staging folder was left behind"
    assert not any(number in message.replace(" ", "") for number in identifiers), message
    assert "Original Line" not in message and "Error:" not in message, message
    if isinstance(refused.value, ExtractError) or case.cell:
        assert refused.value.file.split(".")[0] in {p.split(".")[0] for p in (ADMISSIONS, "populations.csv",
                                                                             "social_care_events.csv")}
    if case.cell:
        assert refused.value.column == case.cell, message
        assert refused.value.row is not None, message
