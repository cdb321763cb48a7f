"""Exact Poisson limits of a whole count, in plain Python (no SciPy, so a command that rates a few
small counts starts quickly).

For a count k and q = (1 − conf)/2 the exact (Garwood) limits are the means μ at which the count is
just significant:

- lower: P(X ≥ k; μ) = q  (0 for k = 0), the same as χ²(q; 2k)/2 = ``gammaincinv(k, q)``;
- upper: P(X ≤ k; μ) = q, the same as χ²(1 − q; 2k + 2)/2 = ``gammainccinv(k + 1, q)``.

Both tail sums are monotone in μ, so bisection finds each limit to double precision. Each tail is
summed directly (no 1 − CDF), so a small lower limit keeps its relative precision. Source: Garwood F.
(1936) Biometrika 28:437-442; PHE Technical Guide, Confidence intervals (2018), section 3.
"""

from __future__ import annotations

import math

_TAIL_TERMS = 400  # terms of the upper tail summed: ample for the counts and means used here


def _pmf(i: int, mu: float) -> float:
    return math.exp(i * math.log(mu) - mu - math.lgamma(i + 1)) if mu > 0 else float(i == 0)


def poisson_cdf(k: int, mu: float) -> float:
    """P(X ≤ k) for X ~ Poisson(μ)."""
    return math.fsum(_pmf(i, mu) for i in range(k + 1))


def poisson_upper_tail(k: int, mu: float) -> float:
    """P(X ≥ k) for X ~ Poisson(μ), summed from k upwards."""
    return 1.0 if k <= 0 else math.fsum(_pmf(i, mu) for i in range(k, k + _TAIL_TERMS))


def _bisect(too_low, high: float) -> float:
    """The μ in [0, high] where ``too_low(μ)`` turns from True to False, to double precision."""
    low = 0.0
    while too_low(high):
        low, high = high, high * 2.0
    for _ in range(200):
        middle = (low + high) / 2.0
        if middle in (low, high):
            break
        if too_low(middle):
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def exact_lower(k: int, q: float) -> float:
    """Lower limit: the μ with P(X ≥ k; μ) = q (0 for k = 0)."""
    if k == 0:
        return 0.0
    return _bisect(lambda mu: poisson_upper_tail(k, mu) < q, float(k))


def exact_upper(k: int, q: float) -> float:
    """Upper limit: the μ with P(X ≤ k; μ) = q."""
    return _bisect(lambda mu: poisson_cdf(k, mu) > q, 2.0 * k + 10.0)
