"""Confidence intervals for proportions, counts, crude rates and means.

Every function accepts scalars (returning an :class:`Estimate`) or array-likes (returning an
:class:`EstimateArray`); the formulas are written once, with arithmetic operators only, so the
scalar and the vectorised paths compute the same expressions.

Methods follow UKHSA's PHEindicatormethods R package and the Fingertips technical guidance
("Confidence intervals", Public Health England / OHID, https://fingertips.phe.org.uk/profile/guidance):

* Wilson score interval for proportions — Wilson EB. Probable inference, the law of succession,
  and statistical inference. J Am Stat Assoc 1927;22:209-212; Newcombe RG, Altman DG. Proportions
  and their differences. In: Altman DG et al. (eds) Statistics with confidence, 2nd edn. BMJ Books,
  2000, pp 46-48.
* Byar's approximation to the Poisson limits of a count — Breslow NE, Day NE. Statistical methods
  in cancer research, vol II: the design and analysis of cohort studies. IARC, 1987.
* Exact Poisson limits from the chi-squared distribution — Ulm K. A simple method to calculate the
  confidence interval of a standardized mortality ratio. Am J Epidemiol 1990;131:373-375.
* Student's t interval for a mean.

Here z = Φ⁻¹(conf + (1 − conf)/2), i.e. 1.959964 at 95% and 3.090232 at 99.8%.

Why it is long: one function per interval method with its formula and published source beside it
(the PHEindicatormethods habit), each with its scalar and vectorised path; they share the input
checks and the Estimate types."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any, overload

import numpy as np

from ._common import (
    FloatArray,
    as_float,
    as_float_array,
    check_confidence,
    check_invalid_policy,
    first_index,
    is_scalar,
    z_value,
)
from ._poisson import exact_lower, exact_upper
from .estimate import Estimate, EstimateArray

__all__ = [
    "wilson",
    "proportion",
    "byar",
    "exact_poisson",
    "rate",
    "mean",
    "EXACT_BELOW",
]

#: Counts below this use exact Poisson limits in :func:`rate`; from this count up, Byar's method.
EXACT_BELOW = 10


# --------------------------------------------------------------------------------------------
# Formulas (work on floats and on numpy arrays alike)
# --------------------------------------------------------------------------------------------
def _wilson_limits(x: Any, n: Any, z: float) -> tuple[Any, Any]:
    """Wilson score limits of the proportion x/n.

    lower/upper = (2x + z² ∓ z·√(z² + 4x(1 − x/n))) / 2 / (n + z²)
    """
    z2 = z * z
    half_width = z * (z2 + 4.0 * x * (1.0 - x / n)) ** 0.5
    centre = 2.0 * x + z2
    denominator = n + z2
    return (centre - half_width) / 2.0 / denominator, (centre + half_width) / 2.0 / denominator


def _byar_lower(x: Any, z: float) -> Any:
    """Byar's lower limit of a count: x·(1 − 1/(9x) − z/(3√x))³ (invalid when negative)."""
    c = 1.0 - 1.0 / (9.0 * x) - z / (3.0 * x**0.5)
    return x * (c * c * c)


def _byar_upper(x: Any, z: float) -> Any:
    """Byar's upper limit of a count: (x+1)·(1 − 1/(9(x+1)) + z/(3√(x+1)))³."""
    x1 = x + 1.0
    c = 1.0 - 1.0 / (9.0 * x1) + z / (3.0 * x1**0.5)
    return x1 * (c * c * c)


@lru_cache(maxsize=64)
def _exact_table(confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact limits of the whole counts 0 … EXACT_BELOW − 1 at one confidence level."""
    q = (1.0 - confidence) / 2.0
    lower = np.array([exact_lower(k, q) for k in range(EXACT_BELOW)])
    return lower, np.array([exact_upper(k, q) for k in range(EXACT_BELOW)])


def _exact_small(x: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Exact limits for an array of counts below EXACT_BELOW (table look-up for whole counts)."""
    whole = x == np.floor(x)
    if whole.all():
        lower, upper = _exact_table(confidence)
        index = x.astype(np.intp)
        return lower[index], upper[index]
    return _exact_lower(x, confidence), _exact_upper(x, confidence)


def _exact_lower(x: Any, confidence: float) -> Any:
    """Exact Poisson lower limit: χ²((1 − conf)/2; 2x)/2, which is 0 for x = 0.

    χ²(q; 2x)/2 is the q-quantile of a Gamma(x, 1) variable, computed as ``gammaincinv(x, q)``.
    """
    from scipy import special  # imported here: only counts that are not whole, or large, need it

    q = (1.0 - confidence) / 2.0
    with np.errstate(invalid="ignore"):
        lo = special.gammaincinv(x, q)
    if np.ndim(lo) == 0:
        return 0.0 if x == 0 else float(lo)
    return np.where(np.asarray(x) == 0, 0.0, lo)


def _exact_upper(x: Any, confidence: float) -> Any:
    """Exact Poisson upper limit: χ²(conf + (1 − conf)/2; 2x + 2)/2 = Gamma(x+1) upper quantile."""
    from scipy import special

    q = (1.0 - confidence) / 2.0
    hi = special.gammainccinv(x + 1.0, q)
    return float(hi) if np.ndim(hi) == 0 else hi


# --------------------------------------------------------------------------------------------
# Validation for (numerator, denominator) pairs
# --------------------------------------------------------------------------------------------
def _scalar_problem(x: float, n: float | None, *, proportion: bool) -> str | None:
    if x != x or (n is not None and n != n):
        return None
    if x in (float("inf"), float("-inf")) or (n is not None and n in (float("inf"), float("-inf"))):
        return "inputs must be finite"
    if x < 0:
        return f"numerator must be zero or more, got {x:g}"
    if n is not None and n < 0:
        return f"denominator must be zero or more, got {n:g}"
    if proportion and n is not None and x > n:
        return f"numerator ({x:g}) must not exceed denominator ({n:g}) for a proportion"
    return None


def _scalar_missing(x: float, n: float | None) -> str | None:
    x_missing = x != x
    n_missing = n is not None and n != n
    if x_missing and n_missing:
        return "numerator and denominator missing"
    if x_missing:
        return "numerator missing"
    if n_missing:
        return "denominator missing"
    return None


class _Checked:
    """Vectorised validation result for numerator/denominator arrays."""

    __slots__ = ("x", "n", "ok", "reason")

    def __init__(self, x: FloatArray, n: FloatArray, ok: np.ndarray, reason: np.ndarray) -> None:
        self.x = x
        self.n = n
        self.ok = ok
        self.reason = reason


def _check_arrays(
    numerator: Any, denominator: Any, *, proportion: bool, invalid: str, need_denominator: bool = True
) -> _Checked:
    check_invalid_policy(invalid)
    x = as_float_array(numerator, "numerator")
    n = as_float_array(denominator, "denominator") if need_denominator else np.ones_like(x)
    if x.shape != n.shape:
        try:
            x, n = np.broadcast_arrays(x, n)
        except ValueError:
            raise ValueError(
                f"numerator and denominator must have the same length ({x.shape[0]} vs {n.shape[0]})"
            ) from None
        x, n = x.copy(), n.copy()
    if x.ndim != 1:
        x, n = x.ravel(), n.ravel()
    x_missing = np.isnan(x)
    n_missing = np.isnan(n)
    missing = x_missing | n_missing
    with np.errstate(invalid="ignore"):
        infinite = np.isinf(x) | np.isinf(n)
        neg_x = x < 0
        neg_n = n < 0
        over = (x > n) if proportion else np.zeros_like(neg_x)
    bad = infinite | neg_x | neg_n | over
    reason = np.full(x.shape[0], None, dtype=object)
    if bad.any():
        i = first_index(bad)
        message = _scalar_problem(float(x[i]), float(n[i]), proportion=proportion)
        if invalid == "raise":
            raise ValueError(f"{message} (position {i})")
        for mask, text in (
            (infinite, "inputs must be finite"),
            (neg_x, "numerator must be zero or more"),
            (neg_n, "denominator must be zero or more"),
            (over, "numerator must not exceed denominator for a proportion"),
        ):
            if mask.any():
                reason[mask & ~missing] = text
    zero = (n == 0) & ~missing & ~bad
    if missing.any():
        reason[x_missing & n_missing] = "numerator and denominator missing"
        reason[x_missing & ~n_missing] = "numerator missing"
        reason[~x_missing & n_missing] = "denominator missing"
    if zero.any():
        reason[zero] = "denominator is zero"
    ok = ~(missing | bad | zero)
    return _Checked(x, n, ok, reason)


def _finish(
    checked: _Checked,
    value: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    method: np.ndarray,
    confidence: float,
    multiplier: float,
) -> EstimateArray:
    ok = checked.ok
    if not ok.all():
        nan = np.nan
        value = np.where(ok, value, nan)
        lower = np.where(ok, lower, nan)
        upper = np.where(ok, upper, nan)
    return EstimateArray(
        value=value,
        lower=lower,
        upper=upper,
        method=method,
        computable=ok,
        reason=checked.reason,
        confidence=confidence,
        numerator=checked.x,
        denominator=checked.n,
        multiplier=float(multiplier),
    )


# --------------------------------------------------------------------------------------------
# Proportions
# --------------------------------------------------------------------------------------------
@overload
def proportion(
    numerator: float | None,
    denominator: float | None,
    confidence: float = ...,
    multiplier: float = ...,
    *,
    invalid: str = ...,
) -> Estimate: ...
@overload
def proportion(
    numerator: Iterable[float | None] | np.ndarray,
    denominator: Any,
    confidence: float = ...,
    multiplier: float = ...,
    *,
    invalid: str = ...,
) -> EstimateArray: ...
def proportion(
    numerator: Any,
    denominator: Any,
    confidence: float = 0.95,
    multiplier: float = 100,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """Proportion x/n with the Wilson score interval, times ``multiplier`` (100 = per cent).

    value = x/n·mult; lower/upper = (2x + z² ∓ z√(z² + 4x(1 − x/n))) / (2(n + z²))·mult.

    Source: Wilson (1927); Newcombe & Altman (2000); PHEindicatormethods ``phe_proportion``.
    The numerator need not be a whole number (weighted counts are accepted).

    Scalars in, :class:`Estimate` out; arrays in, :class:`EstimateArray` out. Missing input gives
    a not computable result; a negative input or x > n raises ``ValueError`` (or, with
    ``invalid="flag"``, gives a not computable result); n = 0 is not computable.
    """
    conf = check_confidence(confidence)
    mult = float(multiplier)
    if is_scalar(numerator) and is_scalar(denominator):
        return _proportion_scalar(numerator, denominator, conf, mult, invalid)
    checked = _check_arrays(numerator, denominator, proportion=True, invalid=invalid)
    z = z_value(conf)
    x, n = checked.x, checked.n
    with np.errstate(all="ignore"):
        lo, hi = _wilson_limits(x, n, z)
        value = x / n * mult
    # At x = 0 and x = n the Wilson limits are exactly 0 and 1; fix them against rounding.
    np.clip(lo, 0.0, 1.0, out=lo)
    np.clip(hi, 0.0, 1.0, out=hi)
    lo[x == 0] = 0.0
    hi[x == n] = 1.0
    method = np.full(x.shape[0], "Wilson")
    return _finish(checked, value, lo * mult, hi * mult, method, conf, mult)


def _check_scalar(x: float, n: float, common: dict[str, Any], invalid: str, *, proportion: bool) -> Estimate | None:
    """The not-computable result (or ValueError) for missing, impossible or zero-denominator
    inputs of a scalar proportion or rate; None when the inputs can be estimated."""
    missing = _scalar_missing(x, n)
    if missing:
        return Estimate.not_computable(
            missing, numerator=None if x != x else x, denominator=None if n != n else n, **common
        )
    problem = _scalar_problem(x, n, proportion=proportion)
    if problem:
        if invalid == "raise":
            raise ValueError(problem)
        return Estimate.not_computable(problem, numerator=x, denominator=n, **common)
    if n == 0:
        return Estimate.not_computable("denominator is zero", numerator=x, denominator=n, **common)
    return None


def _proportion_scalar(numerator: Any, denominator: Any, conf: float, mult: float, invalid: str) -> Estimate:
    check_invalid_policy(invalid)
    x = as_float(numerator, "numerator")
    n = as_float(denominator, "denominator")
    common: dict[str, Any] = {"method": "Wilson", "confidence": conf, "multiplier": mult}
    rejected = _check_scalar(x, n, common, invalid, proportion=True)
    if rejected is not None:
        return rejected
    lo, hi = _wilson_limits(x, n, z_value(conf))
    # At x = 0 and x = n the Wilson limits are exactly 0 and 1; fix them against rounding.
    lo = 0.0 if x == 0 else min(max(lo, 0.0), 1.0)
    hi = 1.0 if x == n else min(max(hi, 0.0), 1.0)
    return Estimate(
        value=x / n * mult,
        lower=lo * mult,
        upper=hi * mult,
        method="Wilson",
        confidence=conf,
        numerator=x,
        denominator=n,
        multiplier=mult,
    )


def wilson(
    numerator: Any, denominator: Any, confidence: float = 0.95, multiplier: float = 1, *, invalid: str = "raise"
) -> Estimate | EstimateArray:
    """Wilson score interval for x/n as a proportion (multiplier 1 by default).

    Same as :func:`proportion` with ``multiplier=1``; see there for the formula and sources.
    """
    return proportion(numerator, denominator, confidence, multiplier, invalid=invalid)


# --------------------------------------------------------------------------------------------
# Counts: Byar and exact Poisson
# --------------------------------------------------------------------------------------------
def byar(count: Any, confidence: float = 0.95, *, invalid: str = "raise") -> Estimate | EstimateArray:
    """Byar's approximate Poisson confidence limits for a count (value = the count itself).

    lower = x(1 − 1/(9x) − z/(3√x))³;  upper = (x+1)(1 − 1/(9(x+1)) + z/(3√(x+1)))³.

    Source: Breslow & Day (1987), vol II; PHEindicatormethods ``byars_lower``/``byars_upper``.
    The lower limit is undefined when the formula goes negative (e.g. x = 1 at 99.8%) or x = 0:
    the result then has ``lower=None``, ``computable=False`` and a reason; use
    :func:`exact_poisson` for such small counts.
    """
    conf = check_confidence(confidence)
    z = z_value(conf)
    if is_scalar(count):
        check_invalid_policy(invalid)
        x = as_float(count, "count")
        common: dict[str, Any] = {"method": "Byars", "confidence": conf}
        if x != x:
            return Estimate.not_computable("count missing", **common)
        problem = _scalar_problem(x, None, proportion=False)
        if problem:
            if invalid == "raise":
                raise ValueError(problem.replace("numerator", "count"))
            return Estimate.not_computable(problem, numerator=x, **common)
        hi = _byar_upper(x, z)
        lo = _byar_lower(x, z) if x > 0 else -1.0
        if lo < 0:
            return Estimate.not_computable(
                f"Byar's lower limit is undefined for count {x:g} at {conf:.1%} confidence; use exact Poisson limits",
                value=x,
                upper=hi,
                numerator=x,
                denominator=1.0,
                **common,
            )
        return Estimate(x, lo, hi, "Byars", conf, numerator=x, denominator=1.0)
    checked = _check_arrays(count, None, proportion=False, invalid=invalid, need_denominator=False)
    xs = checked.x
    with np.errstate(all="ignore"):
        los = _byar_lower(xs, z)
        his = _byar_upper(xs, z)
    # Rows whose lower limit is undefined keep their value and upper limit but are flagged.
    neg = checked.ok & ~(los >= 0)
    if neg.any():
        checked.reason[neg] = "Byar's lower limit is undefined for this count; use exact Poisson limits"
        los = np.where(neg, np.nan, los)
    result = _finish(checked, xs.copy(), los, his, np.full(xs.shape[0], "Byars"), conf, 1.0)
    result.computable[neg] = False
    return result


def exact_poisson(count: Any, confidence: float = 0.95, *, invalid: str = "raise") -> Estimate | EstimateArray:
    """Exact Poisson confidence limits for a count (value = the count itself).

    lower = χ²((1 − conf)/2; 2x)/2 (0 when x = 0);  upper = χ²(conf + (1 − conf)/2; 2x + 2)/2.

    Source: Ulm (1990); PHEindicatormethods ``phe_rate`` for counts under 10. Non-integer counts
    are accepted (the chi-squared quantiles are computed as Gamma quantiles).
    """
    conf = check_confidence(confidence)
    if is_scalar(count):
        check_invalid_policy(invalid)
        x = as_float(count, "count")
        common: dict[str, Any] = {"method": "Exact", "confidence": conf}
        if x != x:
            return Estimate.not_computable("count missing", **common)
        problem = _scalar_problem(x, None, proportion=False)
        if problem:
            if invalid == "raise":
                raise ValueError(problem.replace("numerator", "count"))
            return Estimate.not_computable(problem, numerator=x, **common)
        return Estimate(x, _exact_lower(x, conf), _exact_upper(x, conf), "Exact", conf, numerator=x, denominator=1.0)
    checked = _check_arrays(count, None, proportion=False, invalid=invalid, need_denominator=False)
    xs = checked.x
    safe = np.where(checked.ok, xs, 1.0)
    return _finish(
        checked, xs.copy(), _exact_lower(safe, conf), _exact_upper(safe, conf), np.full(xs.shape[0], "Exact"), conf, 1.0
    )


# --------------------------------------------------------------------------------------------
# Crude rates
# --------------------------------------------------------------------------------------------
def rate(
    numerator: Any,
    denominator: Any,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """Crude rate x/n·mult with exact Poisson limits when x < 10 and Byar's limits otherwise.

    value = x/n·mult; lower/upper = L(x)/n·mult and U(x)/n·mult, where L, U are the exact
    (method "Exact") or Byar (method "Byars") limits of the count x. The rate may exceed the
    multiplier (250 events in a population of 220). For a plain count use ``denominator=1,
    multiplier=1``.

    Source: PHEindicatormethods ``phe_rate``; Fingertips technical guidance (crude rates).
    """
    conf = check_confidence(confidence)
    mult = float(multiplier)
    if is_scalar(numerator) and is_scalar(denominator):
        return _rate_scalar(numerator, denominator, conf, mult, invalid)
    checked = _check_arrays(numerator, denominator, proportion=False, invalid=invalid)
    z = z_value(conf)
    x, n = checked.x, checked.n
    with np.errstate(all="ignore"):
        lo = _byar_lower(x, z)
        hi = _byar_upper(x, z)
        small = x < EXACT_BELOW
        exact_rows = np.flatnonzero(small & checked.ok)
        if exact_rows.size:
            lo[exact_rows], hi[exact_rows] = _exact_small(x[exact_rows], conf)
        scale = mult / n
        value = x * scale
        lo = lo * scale
        hi = hi * scale
    negative = checked.ok & ~small & ~(lo >= 0)
    if negative.any():
        checked.ok[negative] = False
        checked.reason[negative] = "Byar's lower limit is undefined at this confidence"
    method = np.where(small, "Exact", "Byars")
    return _finish(checked, value, lo, hi, method, conf, mult)


def _rate_scalar(numerator: Any, denominator: Any, conf: float, mult: float, invalid: str) -> Estimate:
    check_invalid_policy(invalid)
    x = as_float(numerator, "numerator")
    n = as_float(denominator, "denominator")
    method = "Exact" if x < EXACT_BELOW else "Byars"
    common: dict[str, Any] = {"method": method, "confidence": conf, "multiplier": mult}
    rejected = _check_scalar(x, n, common, invalid, proportion=False)
    if rejected is not None:
        return rejected
    if x < EXACT_BELOW:
        if x == int(x):
            lower, upper = _exact_table(conf)
            lo, hi = float(lower[int(x)]), float(upper[int(x)])
        else:
            lo, hi = _exact_lower(x, conf), _exact_upper(x, conf)
    else:
        z = z_value(conf)
        lo, hi = _byar_lower(x, z), _byar_upper(x, z)
        if lo < 0:
            return Estimate.not_computable(
                "Byar's lower limit is undefined at this confidence", numerator=x, denominator=n, **common
            )
    scale = mult / n
    return Estimate(x * scale, lo * scale, hi * scale, method, conf, numerator=x, denominator=n, multiplier=mult)


# --------------------------------------------------------------------------------------------
# Means
# --------------------------------------------------------------------------------------------
def mean(values: Iterable[float | None], confidence: float = 0.95, *, drop_missing: bool = False) -> Estimate:
    """Mean of a sample with Student's t confidence interval.

    value = x̄ = Σx/n;  limits = x̄ ∓ t(conf + (1 − conf)/2; n − 1)·s/√n, where s is the sample
    standard deviation (divisor n − 1). ``numerator`` holds Σx and ``denominator`` n;
    ``details["sd"]`` holds s.

    Source: PHEindicatormethods ``phe_mean``; any statistics text (e.g. Altman DG, Practical
    Statistics for Medical Research, 1991).
    Missing values make the result not computable unless ``drop_missing=True``; fewer than two
    values are not computable.
    """
    conf = check_confidence(confidence)
    arr = as_float_array(list(values) if not isinstance(values, np.ndarray) else values, "values").ravel()
    common: dict[str, Any] = {"method": "Student's t", "confidence": conf}
    missing = np.isnan(arr)
    if missing.any():
        if not drop_missing:
            return Estimate.not_computable(
                f"{int(missing.sum())} of {arr.size} values missing (pass drop_missing=True to ignore them)",
                **common,
            )
        arr = arr[~missing]
    if np.isinf(arr).any():
        raise ValueError("values must be finite")
    n = arr.size
    if n < 2:
        return Estimate.not_computable(f"at least 2 values are needed for a mean's interval, got {n}", **common)
    total = float(arr.sum())
    m = total / n
    sd = float(arr.std(ddof=1))
    from scipy import special  # imported here: a command that rates no mean starts without SciPy

    t = float(special.stdtrit(n - 1, conf + (1.0 - conf) / 2.0))
    half = t * sd / n**0.5
    return Estimate(
        value=m,
        lower=m - half,
        upper=m + half,
        method="Student's t",
        confidence=conf,
        numerator=total,
        denominator=float(n),
        details={"sd": sd, "n": n},
    )
