"""Direction of travel: is the latest period significantly better or worse than before?

Tests used (two-sided, at significance 1 − ``confidence``):

* two periods of proportions — the pooled two-sample z-test for the difference of two
  proportions: z = (p₂ − p₁)/√(p̄(1 − p̄)(1/n₁ + 1/n₂)), p̄ = (x₁ + x₂)/(n₁ + n₂)
  (Altman DG. Practical Statistics for Medical Research. Chapman & Hall, 1991, §10.7.2;
  Armitage P, Berry G, Matthews JNS. Statistical Methods in Medical Research, 4th edn, 2002, §4.5).
* two periods of rates or counts — the conditional (exact binomial) test of two Poisson rates:
  given x₁ + x₂ events, x₂ ~ Binomial(x₁ + x₂, n₂/(n₁ + n₂)) when the rates are equal
  (Breslow NE, Day NE. Statistical Methods in Cancer Research, vol II, IARC 1987, §2.3; Armitage,
  Berry & Matthews 2002, §5.3). Counts must be whole numbers.
* three or more periods of proportions — the chi-squared test for linear trend (Cochran–Armitage),
  as used for the Fingertips "recent trend" (PHE/OHID Fingertips technical guidance: recent trends,
  computed on the most recent five points): with period scores tᵢ = 1…k, N = Σnᵢ, R = Σxᵢ,
  p̄ = R/N, T = Σtᵢxᵢ − R·Σtᵢnᵢ/N and V = p̄(1 − p̄)(Σtᵢ²nᵢ − (Σtᵢnᵢ)²/N), χ² = T²/V on 1 df
  (Armitage, Berry & Matthews 2002, §15.7; Altman 1991, §10.7.4; R ``prop.trend.test``).
* three or more periods of rates — the score test for a log-linear trend in Poisson rates:
  with Eᵢ = R·nᵢ/N, T = Σtᵢ(xᵢ − Eᵢ), V = Σtᵢ²Eᵢ − (ΣtᵢEᵢ)²/R, χ² = T²/V on 1 df
  (Breslow & Day 1987, vol II, §3.6).

The sign of the change (later minus earlier, or the sign of T) read with the polarity gives
"improving" or "worsening"; otherwise "no significant change".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np

from ._common import check_confidence
from .comparison import Polarity

__all__ = [
    "Direction",
    "SignificanceTestResult",
    "DirectionOfTravel",
    "direction_of_travel",
    "two_proportion_z_test",
    "poisson_rate_test",
    "chi_squared_trend_proportions",
    "chi_squared_trend_rates",
]


class Direction(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    NO_SIGNIFICANT_CHANGE = "no significant change"
    NOT_ASSESSED = "not assessed"


@dataclass(frozen=True, slots=True)
class SignificanceTestResult:
    """A significance test: statistic, two-sided p-value and the sign of the change (+1 up, −1 down)."""

    test: str
    statistic: float
    p_value: float
    sign: int


@dataclass(frozen=True, slots=True)
class DirectionOfTravel:
    direction: Direction
    test: str | None
    statistic: float | None
    p_value: float | None
    confidence: float
    change: int | None
    reason: str | None = None

    def __str__(self) -> str:
        return self.direction.value


def _chi2_1_upper(chi2: float) -> float:
    """P(χ²₁ > x) = erfc(√(x/2)) (a χ² with one degree of freedom is a squared standard normal)."""
    return math.erfc(math.sqrt(max(chi2, 0.0) / 2.0))


def _sign(x: float) -> int:
    return 1 if x > 0 else (-1 if x < 0 else 0)


def two_proportion_z_test(x1: float, n1: float, x2: float, n2: float) -> SignificanceTestResult:
    """Pooled z-test of p₂ = x₂/n₂ against p₁ = x₁/n₁ (see module docstring)."""
    if min(n1, n2) <= 0 or min(x1, x2) < 0 or x1 > n1 or x2 > n2:
        raise ValueError("need 0 ≤ x ≤ n and n > 0 for both periods")
    p1, p2 = x1 / n1, x2 / n2
    pooled = (x1 + x2) / (n1 + n2)
    var = pooled * (1.0 - pooled) * (1.0 / n1 + 1.0 / n2)
    if var == 0:
        return SignificanceTestResult("two-proportion z-test", 0.0, 1.0, _sign(p2 - p1))
    z = (p2 - p1) / var**0.5
    p_value = math.erfc(abs(float(z)) / math.sqrt(2.0))  # 2·Φ(−|z|)
    return SignificanceTestResult("two-proportion z-test", float(z), p_value, _sign(z))


def poisson_rate_test(x1: float, n1: float, x2: float, n2: float) -> SignificanceTestResult:
    """Exact conditional test of two Poisson rates x₁/n₁ and x₂/n₂ (see module docstring).

    ``statistic`` is the rate ratio (x₂/n₂)/(x₁/n₁) (inf when x₁ = 0).
    """
    if min(n1, n2) <= 0 or min(x1, x2) < 0:
        raise ValueError("need counts ≥ 0 and denominators > 0 for both periods")
    if x1 != int(x1) or x2 != int(x2):
        raise ValueError("the exact Poisson test needs whole-number counts")
    total = int(x1) + int(x2)
    ratio = float("inf") if x1 == 0 and x2 > 0 else (1.0 if total == 0 else (x2 / n2) / (x1 / n1))
    if total == 0:
        return SignificanceTestResult("conditional binomial test of two Poisson rates", 1.0, 1.0, 0)
    from scipy import stats  # scipy.stats takes ~1 s to import: only when a trend test runs

    p = stats.binomtest(int(x2), total, n2 / (n1 + n2)).pvalue
    return SignificanceTestResult(
        "conditional binomial test of two Poisson rates", ratio, float(p), _sign(x2 / n2 - x1 / n1)
    )


def _scores(k: int, scores: Sequence[float] | None) -> np.ndarray:
    t = np.arange(1, k + 1, dtype=np.float64) if scores is None else np.asarray(scores, dtype=np.float64)
    if t.shape != (k,):
        raise ValueError("scores must have one value per period")
    return t


def chi_squared_trend_proportions(
    numerators: Sequence[float], denominators: Sequence[float], scores: Sequence[float] | None = None
) -> SignificanceTestResult:
    """Chi-squared test for linear trend in proportions (Cochran–Armitage; see module docstring)."""
    x = np.asarray(numerators, dtype=np.float64)
    n = np.asarray(denominators, dtype=np.float64)
    if x.shape != n.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("need matching numerators and denominators for two or more periods")
    if (n <= 0).any() or (x < 0).any() or (x > n).any():
        raise ValueError("need 0 ≤ x ≤ n and n > 0 in every period")
    t = _scores(x.size, scores)
    big_n, r = n.sum(), x.sum()
    p = r / big_n
    stn = (t * n).sum()
    trend = (t * x).sum() - r * stn / big_n
    v = p * (1.0 - p) * ((t * t * n).sum() - stn * stn / big_n)
    if v <= 0:
        return SignificanceTestResult("chi-squared test for linear trend in proportions", 0.0, 1.0, 0)
    chi2 = trend * trend / v
    return SignificanceTestResult(
        "chi-squared test for linear trend in proportions", float(chi2), _chi2_1_upper(float(chi2)), _sign(trend)
    )


def chi_squared_trend_rates(
    counts: Sequence[float], denominators: Sequence[float], scores: Sequence[float] | None = None
) -> SignificanceTestResult:
    """Score test for a log-linear trend in Poisson rates (see module docstring)."""
    x = np.asarray(counts, dtype=np.float64)
    n = np.asarray(denominators, dtype=np.float64)
    if x.shape != n.shape or x.ndim != 1 or x.size < 2:
        raise ValueError("need matching counts and denominators for two or more periods")
    if (n <= 0).any() or (x < 0).any():
        raise ValueError("need counts ≥ 0 and denominators > 0 in every period")
    t = _scores(x.size, scores)
    r = x.sum()
    if r == 0:
        return SignificanceTestResult("chi-squared test for trend in rates", 0.0, 1.0, 0)
    e = r * n / n.sum()
    trend = (t * (x - e)).sum()
    v = (t * t * e).sum() - (t * e).sum() ** 2 / r
    if v <= 0:
        return SignificanceTestResult("chi-squared test for trend in rates", 0.0, 1.0, 0)
    chi2 = trend * trend / v
    return SignificanceTestResult(
        "chi-squared test for trend in rates", float(chi2), _chi2_1_upper(float(chi2)), _sign(trend)
    )


def direction_of_travel(
    numerators: Sequence[float | None],
    denominators: Sequence[float | None],
    polarity: Polarity | str,
    kind: Literal["proportion", "rate"] = "proportion",
    confidence: float = 0.95,
) -> DirectionOfTravel:
    """Improving / worsening / no significant change over the given periods (oldest first).

    Two periods: two-proportion z-test (proportions) or conditional binomial test (rates).
    Three or more: chi-squared test for linear trend. Significant when p < 1 − ``confidence``.
    A missing figure in any period gives "not assessed" with a reason.
    """
    conf = check_confidence(confidence)
    pol = Polarity.parse(polarity)
    if kind not in ("proportion", "rate"):
        raise ValueError(f"kind must be 'proportion' or 'rate', got {kind!r}")
    if len(numerators) != len(denominators):
        raise ValueError("numerators and denominators must have one value per period")
    if len(numerators) < 2:
        return DirectionOfTravel(
            Direction.NOT_ASSESSED, None, None, None, conf, None, "at least two periods are needed"
        )
    values = [(None if v is None else float(v)) for v in numerators]
    dens = [(None if v is None else float(v)) for v in denominators]
    if any(v is None or v != v for v in values + dens):
        return DirectionOfTravel(
            Direction.NOT_ASSESSED, None, None, None, conf, None, "a period has a missing numerator or denominator"
        )
    xs = [float(v) for v in values]  # type: ignore[arg-type]
    ns = [float(v) for v in dens]  # type: ignore[arg-type]
    if len(xs) == 2:
        result = (two_proportion_z_test if kind == "proportion" else poisson_rate_test)(xs[0], ns[0], xs[1], ns[1])
    elif kind == "proportion":
        result = chi_squared_trend_proportions(xs, ns)
    else:
        result = chi_squared_trend_rates(xs, ns)
    significant = result.p_value < 1.0 - conf and result.sign != 0
    if not significant:
        direction = Direction.NO_SIGNIFICANT_CHANGE
    else:
        up_is_good = pol is Polarity.HIGHER
        direction = Direction.IMPROVING if (result.sign > 0) == up_is_good else Direction.WORSENING
    return DirectionOfTravel(direction, result.test, result.statistic, result.p_value, conf, result.sign)
