"""NHS numbers: the modulus 11 check, and their replacement by a keyed hash on ingest.

* Check digit (NHS Data Dictionary, NHS NUMBER): multiply the first nine digits by 10, 9, ..., 2;
  sum; ``11 - (sum mod 11)`` is the check digit, 11 becomes 0, and 10 means the number is invalid.
* Pseudonym: ``person_id = HMAC-SHA256(key, the 10 digits as ASCII)`` in lower-case hex (RFC 2104).
  The same key gives the same ``person_id`` across extracts and deliveries, so people link; without
  the key the numbers cannot be recovered or tested by brute force over the 10^9 possible numbers.
* The key comes from configuration, never from the data: ``--key-file PATH``, the environment
  variable ``BETTERCARE_PSEUDONYM_KEY_FILE`` (a path) or ``BETTERCARE_PSEUDONYM_KEY`` (the key
  itself), in that order. It must be at least 16 bytes and is refused if it lies inside a data folder.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Iterable
from pathlib import Path

from .errors import EngineError

KEY_ENV = "BETTERCARE_PSEUDONYM_KEY"
KEY_FILE_ENV = "BETTERCARE_PSEUDONYM_KEY_FILE"
MIN_KEY_BYTES = 16
_BLOCK = 64  # SHA-256 block size in bytes
_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(first_nine: str) -> int | None:
    """The modulus 11 check digit of nine digits, or None when it would be 10 (no valid number)."""
    total = sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True))
    digit = 11 - total % 11
    if digit == 11:
        return 0
    return None if digit == 10 else digit


def is_valid_nhs_number(value: str) -> bool:
    """True for ten digits (spaces and hyphens ignored) whose last digit is the modulus 11 check digit."""
    digits = value.replace(" ", "").replace("-", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    return check_digit(digits[:9]) == int(digits[9])


def nhs_number_check_sql(column: str) -> str:
    """DuckDB SQL, true when ``column`` (ten digits) passes the modulus 11 check (NULL for non-digits)."""
    total = " + ".join(f"{w} * TRY_CAST(substr({column}, {i}, 1) AS INTEGER)" for i, w in enumerate(_WEIGHTS, 1))
    remainder = f"(({total}) % 11)"
    expected = f"(CASE WHEN {remainder} = 0 THEN 0 ELSE 11 - {remainder} END)"
    return f"({expected} <> 10 AND {expected} = TRY_CAST(substr({column}, 10, 1) AS INTEGER))"


def pseudonym(key: bytes, nhs_number: str) -> str:
    """HMAC-SHA256 of the normalised NHS number under ``key``, as 64 hex characters."""
    digits = nhs_number.replace(" ", "").replace("-", "")
    return hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()


def pseudonym_sql(key: bytes, column: str) -> str:
    """The same HMAC-SHA256 as a DuckDB SQL expression over a VARCHAR column (vectorised, in-process).

    HMAC(K, m) = H((K' xor opad) || H((K' xor ipad) || m)), K' = K zero-padded to the block size
    (hashed first if longer). The padded keys appear only inside the query text, never in output.
    """
    padded = (hashlib.sha256(key).digest() if len(key) > _BLOCK else key).ljust(_BLOCK, b"\0")
    inner = bytes(b ^ 0x36 for b in padded).hex()
    outer = bytes(b ^ 0x5C for b in padded).hex()
    return f"sha256(unhex('{outer}') || unhex(sha256(unhex('{inner}') || encode({column}))))"


def key_id(key: bytes) -> str:
    """A short fingerprint of the key (not the key): shows whether two ingests used the same key."""
    return hmac.new(key, b"bettercare key id", hashlib.sha256).hexdigest()[:16]


def load_key(key_file: Path | str | None = None, *, data_dirs: Iterable[Path] = ()) -> bytes:
    """The pseudonymisation key from ``key_file``, $BETTERCARE_PSEUDONYM_KEY_FILE or $BETTERCARE_PSEUDONYM_KEY."""
    path = key_file or os.environ.get(KEY_FILE_ENV)
    if path:
        path = Path(path).expanduser().resolve()
        for folder in data_dirs:
            if path.is_relative_to(Path(folder).resolve()):
                raise EngineError(f"{path}: the pseudonymisation key must not be stored with the data ({folder})")
        if not path.is_file():
            raise EngineError(f"{path}: no such key file")
        key = path.read_bytes().strip()
    elif os.environ.get(KEY_ENV):
        key = os.environ[KEY_ENV].encode("utf-8")
    else:
        raise EngineError(f"no pseudonymisation key: set {KEY_ENV} or {KEY_FILE_ENV}, or pass --key-file")
    if len(key) < MIN_KEY_BYTES:
        raise EngineError(f"the pseudonymisation key is shorter than {MIN_KEY_BYTES} bytes")
    return key
