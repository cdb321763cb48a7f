"""Input checks shared by the estimate functions (internal).

Policy, used by every estimate function in this package:

* missing input (``None`` or NaN) -> an explicit *not computable* result with a reason;
* impossible input (negative count, numerator above denominator for a proportion, negative
  denominator) -> ``ValueError`` naming the rule broken, or, with ``invalid="flag"``, a not
  computable result carrying the same message;
* zero denominator -> not computable ("denominator is zero"): there is nothing to divide by, but
  the input is not wrong (e.g. no discharges in a quarter).
"""

from __future__ import annotations

from functools import lru_cache
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

InvalidPolicy = Literal["raise", "flag"]
FloatArray = NDArray[np.float64]


def check_confidence(confidence: float) -> float:
    """Return ``confidence`` as a float in the open interval (0, 1) or raise ``ValueError``."""
    try:
        c = float(confidence)
    except (TypeError, ValueError):
        raise ValueError(f"confidence must be a number in (0, 1), got {confidence!r}") from None
    if not 0.0 < c < 1.0:
        raise ValueError(f"confidence must lie strictly between 0 and 1 (e.g. 0.95 or 0.998), got {confidence!r}")
    return c


def check_invalid_policy(invalid: str) -> InvalidPolicy:
    if invalid not in ("raise", "flag"):
        raise ValueError(f"invalid must be 'raise' or 'flag', got {invalid!r}")
    return invalid  # type: ignore[return-value]


@lru_cache(maxsize=64)
def z_value(confidence: float) -> float:
    """Two-sided standard normal quantile: z = Φ⁻¹(conf + (1 − conf)/2) (1.959964 at 95%), by the
    standard library's Wichura AS241 algorithm (accurate to about 1e-16, as SciPy's ``ndtri``)."""
    c = check_confidence(confidence)
    return NormalDist().inv_cdf(c + (1.0 - c) / 2.0)


def is_scalar(value: Any) -> bool:
    """True for a single number or ``None`` (the scalar API), False for anything array-like."""
    return value is None or np.ndim(value) == 0


def as_float(value: Any, name: str) -> float:
    """A scalar input as float; ``None`` becomes NaN (to be reported as missing)."""
    if value is None:
        return float("nan")
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None


def as_float_array(value: Any, name: str) -> FloatArray:
    """An array-like input as a 1-D float array; ``None`` entries become NaN."""
    try:
        arr = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numeric (None for missing)") from None
    return np.atleast_1d(arr)


def is_missing(value: float) -> bool:
    return value != value  # NaN check without importing math for the hot scalar path


def first_index(mask: NDArray[np.bool_]) -> int:
    return int(np.flatnonzero(mask)[0])
