"""Ingest: schema checks with row errors, pseudonymisation, no raw identifiers anywhere."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from bettercare.engine.errors import EngineError, ExtractError
from bettercare.engine.ingestion import ingest, resolve_ingested
from bettercare.engine.pseudonymise import pseudonym

from .conftest import HAND, TEST_KEY


def _copy(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "raw"
    folder.mkdir(parents=True)
    for name in names or ("admissions", "populations", "localities"):
        shutil.copy(HAND / f"{name}.csv", folder / f"{name}.csv")
    return folder


def _edit(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV (line = file line, header = 1)."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[line - 2, column] = value
    frame.to_csv(path, index=False)


def _raw_numbers(folder: Path) -> set[str]:
    numbers = set()
    for name in ("admissions", "social_care_events", "discharge_ready"):
        frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)
        numbers |= {re.sub(r"[ -]", "", n) for n in frame["nhs_number"] if n}
    return numbers


def test_ingest_writes_parquet_with_pseudonyms_and_a_manifest(hand_ingested):
    admissions = pd.read_parquet(hand_ingested / "admissions.parquet")
    assert "nhs_number" not in admissions.columns
    assert admissions["person_id"].str.fullmatch(r"[0-9a-f]{64}").all()
    assert admissions.loc[0, "person_id"] == pseudonym(TEST_KEY, "9990000018")
    # the same person (A1 and A10) has the same pseudonym
    assert admissions.loc[0, "person_id"] == admissions.loc[9, "person_id"]
    assert admissions.loc[3, "admission_date"].isoformat() == "2023-12-20"  # DD/MM/YYYY read
    assert admissions.loc[0, "primary_diagnosis"] == "S720"  # S72.0 normalised
    assert admissions.loc[14, "area_code"] == "E10000020"  # lower case accepted
    events = pd.read_parquet(hand_ingested / "social_care_events.parquet")
    assert events["person_id"].isna().sum() == 1  # the blank NHS number stays blank
    assert events.loc[11, "status_91"] == "at_home" and bool(events.loc[11, "from_hospital"])
    manifest = json.loads((hand_ingested / "manifest.json").read_text())
    assert manifest["extracts"]["admissions"]["rows"] == 16
    assert manifest["as_at"] == "2024-02-29"
    assert manifest["pseudonymisation"]["key_id"] and "key" not in json.dumps(manifest).lower().replace("key_id", "")


def test_raw_nhs_numbers_are_written_nowhere(hand_ingested):
    numbers = _raw_numbers(HAND)
    assert len(numbers) > 20
    for path in hand_ingested.rglob("*"):
        content = path.read_bytes()
        for number in numbers:
            spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
            for form in (number, spaced, spaced.replace(" ", "-")):
                assert form.encode() not in content, f"{form} found in {path.name}"
    assert TEST_KEY not in b"".join(p.read_bytes() for p in hand_ingested.rglob("*"))


def test_raw_nhs_numbers_are_written_nowhere_in_a_synthetic_ingest(sample_raw, sample_ingested):
    frame = pd.read_csv(sample_raw / "admissions.csv", dtype=str, usecols=["nhs_number"])
    numbers = set(frame["nhs_number"].head(300))
    blob = b"".join(p.read_bytes() for p in sample_ingested.rglob("*") if p.is_file())
    assert not [n for n in numbers if n.encode() in blob]


@pytest.mark.parametrize(
    ("line", "column", "value", "rule", "detail"),
    [
        (4, "nhs_number", "9990000035", "NHS number modulus 11 check digit", "fails the modulus 11 check digit"),
        (5, "nhs_number", "12345", "NHS number format", "is not a 10-digit NHS number"),
        (3, "admission_date", "2024-02-30", "date", "'2024-02-30' is not a date"),
        (6, "age", "forty", "whole number", "'forty' is not a whole number"),
        (6, "age", "130", "range 0..120", "'130' is outside 0..120"),
        (7, "residence_la_code", "E07000148", "format", "does not have the expected format"),
        (8, "sex", "M", "allowed values", "'M' is not one of 0, 1, 2, 9"),
        (9, "primary_diagnosis", "", "required", "is blank"),
        (10, "discharge_date", "2024-01-01", "discharge on or after admission", "discharge_date is before"),
    ],
)
def test_row_errors_name_file_row_column_and_rule(tmp_path, line, column, value, rule, detail):
    folder = _copy(tmp_path)
    _edit(folder / "admissions.csv", line, column, value)
    with pytest.raises(ExtractError) as caught:
        ingest(folder, key=TEST_KEY)
    error = caught.value
    assert (error.file, error.row, error.column) == ("admissions.csv", line, column)
    assert error.rule.startswith(rule) and detail in str(error)
    assert str(error).startswith(f"admissions.csv row {line}, column {column}: ")
    assert "\n" not in str(error)
    if column == "nhs_number":
        assert value not in str(error)  # identifiers are never echoed
    assert not (folder / "ingested").exists()  # nothing half-written


def test_missing_column_and_earliest_row_wins(tmp_path):
    folder = _copy(tmp_path)
    frame = pd.read_csv(folder / "admissions.csv", dtype=str).drop(columns=["admission_method"])
    frame.to_csv(folder / "admissions.csv", index=False)
    with pytest.raises(ExtractError, match=r"admissions.csv row 1, column admission_method: required column is "
                                           r"missing \(rule: header\)"):
        ingest(folder, key=TEST_KEY)
    folder = _copy(tmp_path / "second")
    _edit(folder / "admissions.csv", 12, "age", "x")
    _edit(folder / "admissions.csv", 9, "sex", "X")
    with pytest.raises(ExtractError, match="row 9, column sex"):
        ingest(folder, key=TEST_KEY)


@pytest.mark.parametrize(
    ("line", "value", "rule"),
    [(2, "15-19", "no band straddles 18"), (4, "65-74", "ESP2013 bands from 65"),
     (3, "18-63", "age bands partition ages"), (2, "0-17x", "age band")],
)
def test_population_band_rules(tmp_path, line, value, rule):
    folder = _copy(tmp_path, "populations")
    _edit(folder / "populations.csv", line, "age_band", value)
    with pytest.raises(ExtractError) as caught:
        ingest(folder, key=TEST_KEY)
    assert caught.value.rule == rule and caught.value.column == "age_band"
    assert caught.value.file == "populations.csv"


def test_locality_lookup_rules(tmp_path):
    folder = _copy(tmp_path, "localities")
    with (folder / "localities.csv").open("a") as handle:
        handle.write("E10000020,NW,Norwich,E01000001\n")
    with pytest.raises(ExtractError, match=r"localities.csv row 4, column lsoa_code: .*one locality per LSOA"):
        ingest(folder, key=TEST_KEY)


def test_parquet_input_gives_the_same_result_as_csv(tmp_path):
    folder = tmp_path / "parquet"
    folder.mkdir()
    for name in ("admissions", "populations", "localities"):
        frame = pd.read_csv(HAND / f"{name}.csv", dtype=str, keep_default_na=False).replace("", None)
        if name == "populations":
            frame["year"] = frame["year"].astype(int)
            frame["population"] = frame["population"].astype(float)  # whole floats are accepted
        frame.to_parquet(folder / f"{name}.parquet", index=False)
    from_parquet = ingest(folder, key=TEST_KEY).out_dir
    from_csv = ingest(_copy(tmp_path), key=TEST_KEY).out_dir
    for name in ("admissions", "populations", "localities"):
        pd.testing.assert_frame_equal(pd.read_parquet(from_parquet / f"{name}.parquet"),
                                      pd.read_parquet(from_csv / f"{name}.parquet"))


def test_folder_errors(tmp_path):
    with pytest.raises(EngineError, match="no such folder"):
        ingest(tmp_path / "missing", key=TEST_KEY)
    (tmp_path / "empty").mkdir()
    with pytest.raises(EngineError, match="no extracts found"):
        ingest(tmp_path / "empty", key=TEST_KEY)
    folder = _copy(tmp_path)
    other = tmp_path / "not-an-ingest"
    other.mkdir()
    (other / "notes.txt").write_text("keep me")
    with pytest.raises(EngineError, match="is not an earlier ingest"):
        ingest(folder, other, key=TEST_KEY)
    assert (other / "notes.txt").exists()
    with pytest.raises(EngineError, match="no ingested extracts"):
        resolve_ingested(folder)


def test_key_file_inside_the_data_is_refused(tmp_path, monkeypatch):
    folder = _copy(tmp_path)
    (folder / "secret.key").write_text("a-long-enough-key-0123456789")
    with pytest.raises(EngineError, match="must not be stored with the data"):
        ingest(folder, key_file=folder / "secret.key")


def test_reingest_replaces_an_earlier_ingest(tmp_path):
    folder = _copy(tmp_path)
    first = ingest(folder, key=TEST_KEY)
    (first.out_dir / "stale.parquet").write_text("old")
    second = ingest(folder, key=TEST_KEY)
    assert second.out_dir == first.out_dir and not (second.out_dir / "stale.parquet").exists()
    assert not [p for p in folder.iterdir() if p.name.startswith(".ingested-")]  # no staging left behind
