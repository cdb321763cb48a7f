"""NHS number check digits and the keyed hash (Python and the in-database SQL agree)."""

from __future__ import annotations

import hashlib
import hmac

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bettercare.engine.errors import EngineError
from bettercare.engine.pseudonymise import (
    check_digit,
    is_valid_nhs_number,
    key_id,
    load_key,
    nhs_number_check_sql,
    pseudonym,
    pseudonym_sql,
)
from bettercare.engine.synthetic import nhs_numbers


def test_known_nhs_numbers():
    # 943 476 5919 is the NHS Data Dictionary's worked example: 9x10 + 4x9 + 3x8 + 4x7 + 7x6 + 6x5 + 5x4 + 9x3
    # + 1x2 = 299; 299 mod 11 = 2; 11 - 2 = 9, the last digit.
    assert is_valid_nhs_number("9434765919")
    assert is_valid_nhs_number("943 476 5919") and is_valid_nhs_number("943-476-5919")
    assert not is_valid_nhs_number("9434765918")
    assert not is_valid_nhs_number("943476591")
    assert not is_valid_nhs_number("94347659X9")
    assert check_digit("000000001") == 9  # 1x2 = 2 -> 9
    assert check_digit("000000005") == 1  # 5x2 = 10; 11 - 10 = 1
    assert check_digit("000000006") is None  # 6x2 = 12, remainder 1; 11 - 1 = 10: no valid number


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=9_999_999_999))
def test_sql_check_agrees_with_python(number):
    text = f"{number:010d}"
    valid = duckdb.sql(f"SELECT {nhs_number_check_sql(repr(text))}").fetchone()[0]
    assert valid == is_valid_nhs_number(text)


def test_sql_hmac_equals_python_hmac():
    key = b"k" * 20
    numbers = ["9434765919", "9990000018"]
    rows = duckdb.sql(f"SELECT x, {pseudonym_sql(key, 'x')} FROM (VALUES ('9434765919'), ('9990000018')) t(x)")
    got = dict(rows.fetchall())
    for number in numbers:
        assert got[number] == hmac.new(key, number.encode(), hashlib.sha256).hexdigest() == pseudonym(key, number)
    long_key = b"x" * 100  # longer than the block: hashed first, as RFC 2104 says
    sql = duckdb.sql(f"SELECT {pseudonym_sql(long_key, repr('9434765919'))}").fetchone()[0]
    assert sql == hmac.new(long_key, b"9434765919", hashlib.sha256).hexdigest()


def test_pseudonym_depends_on_the_key():
    assert pseudonym(b"a" * 16, "9434765919") != pseudonym(b"b" * 16, "9434765919")
    assert key_id(b"a" * 16) != key_id(b"b" * 16) and len(key_id(b"a" * 16)) == 16


def test_synthetic_numbers_are_valid_and_unique():
    import numpy as np

    numbers = nhs_numbers(np.arange(0, 200_000, 7))
    assert all(is_valid_nhs_number(n) for n in numbers[:5000])
    assert len(set(numbers)) == len(numbers)
    assert all(n[0] == "9" for n in numbers)


def test_key_sources(tmp_path, monkeypatch):
    monkeypatch.setenv("BETTERCARE_PSEUDONYM_KEY", "from-the-environment-0123")
    assert load_key() == b"from-the-environment-0123"
    key_file = tmp_path / "keys" / "bettercare.key"
    key_file.parent.mkdir()
    key_file.write_bytes(b"from-a-file-0123456789\n")
    monkeypatch.setenv("BETTERCARE_PSEUDONYM_KEY_FILE", str(key_file))
    assert load_key() == b"from-a-file-0123456789"
    with pytest.raises(EngineError, match="must not be stored with the data"):
        load_key(key_file, data_dirs=[tmp_path])
    monkeypatch.delenv("BETTERCARE_PSEUDONYM_KEY_FILE")
    monkeypatch.setenv("BETTERCARE_PSEUDONYM_KEY", "short")
    with pytest.raises(EngineError, match="shorter than 16 bytes"):
        load_key()
    monkeypatch.delenv("BETTERCARE_PSEUDONYM_KEY")
    with pytest.raises(EngineError, match="no pseudonymisation key"):
        load_key()
