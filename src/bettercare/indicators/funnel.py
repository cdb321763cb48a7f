"""Funnel plots: control limits around the overall average, and each area's significance.

Follows UKHSA's PHEindicatormethods (``calculate_funnel_limits`` and
``assign_funnel_significance``) and the Fingertips technical guidance on funnel plots; see also
Spiegelhalter DJ. Funnel plots for comparing institutional performance. Statistics in Medicine
2005;24:1185-1202.

Labels: "High (0.001)" / "Low (0.001)" outside the 99.8% limits, "High (0.025)" / "Low (0.025)"
outside the 95% limits only, otherwise "Not significant" (0.001 is checked first). For DSRs with
fewer than 10 events: "Not applicable for events less than 10 for dsrs".

* Proportions: limits around p̄ = Σx/Σn found by inverting the Wilson score interval — the
  proportion at which an area of size N would have its Wilson limit exactly at p̄ (z = Φ⁻¹(0.975)
  for 95%, Φ⁻¹(0.999) for 99.8%): with a = p̄(N/z² + 1),
  b = √((−8a)² − 64(1/z² + 1/N)·p̄·(N(p̄(N/z² + 2) − 1) + z²(p̄ − 1))) and c = 1/z² + 1/N,
  the limits are (a ∓ b/8)/c/N.
* Ratios (O/E): "High" when 1 is below the lower limit of O/E at 99.8% (95%), "Low" when 1 is
  above the upper limit; the limits of O are exact (χ²) for O < 10 and Byar's otherwise.
* Rates: as ratios, against the weighted average Σx/Σ(derived denominators), where a derived
  denominator is mult·x/rate (for crude rates with zero events, the population given).

Limit tables have 100 rows spread geometrically over a neat axis range; the ratio and rate
tables invert exact Poisson probabilities by bisection (23 halvings, as PHEindicatormethods does;
see :func:`poisson_funnel`).

Why it is long: limits and significance for each statistic (proportions, rates, ratios, DSRs) with
their formulas and sources, following one published package function by function."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .ci import EXACT_BELOW, _byar_lower, _byar_upper, _exact_lower, _exact_upper

__all__ = [
    "FunnelTable",
    "HIGH_001",
    "HIGH_025",
    "LOW_001",
    "LOW_025",
    "NOT_SIGNIFICANT",
    "NOT_APPLICABLE_DSR",
    "proportion_funnel_limit",
    "poisson_funnel",
    "funnel_limits_proportion",
    "funnel_limits_ratio",
    "funnel_limits_rate",
    "funnel_significance_proportion",
    "funnel_significance_ratio",
    "funnel_significance_rate",
    "funnel_significance",
]

HIGH_001 = "High (0.001)"
HIGH_025 = "High (0.025)"
LOW_001 = "Low (0.001)"
LOW_025 = "Low (0.025)"
NOT_SIGNIFICANT = "Not significant"
NOT_APPLICABLE_DSR = "Not applicable for events less than 10 for dsrs"
NOT_COMPUTABLE = "Not computable (missing input)"

_ROWS = 100


# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------
def proportion_funnel_limit(
    population: Any, average: float, p: float, side: Literal["low", "high"], multiplier: float = 1
) -> NDArray[np.float64]:
    """Funnel limit for a proportion at denominator ``population`` around ``average`` (0–1).

    ``p`` is the one-sided probability: 0.975 for the 95% limits, 0.999 for the 99.8% limits.
    The formula (inverted Wilson score) is in the module docstring.
    """
    n = np.asarray(population, dtype=np.float64)
    z2 = NormalDist().inv_cdf(p) ** 2
    first = average * (n / z2 + 1.0)
    with np.errstate(invalid="ignore"):
        adj = np.sqrt(
            (-8.0 * average * (n / z2 + 1.0)) ** 2
            - 64.0 * (1.0 / z2 + 1.0 / n) * average * (n * (average * (n / z2 + 2.0) - 1.0) + z2 * (average - 1.0))
        )
    last = 1.0 / z2 + 1.0 / n
    if side == "low":
        limit = (first - adj / 8.0) / last
    elif side == "high":
        limit = (first + adj / 8.0) / last
    else:
        raise ValueError("side must be 'low' or 'high'")
    return limit / n * multiplier


def _truncated_poisson_probability(z: float, x_a: float, x_b: float) -> float:
    """P(x_a ≤ X ≤ x_b) for X ~ Poisson(z) by summing zᵏ/k! until the terms are negligible.

    This is the summation PHEindicatormethods (and the Fingertips Excel macro before it) uses: it
    stops once k > z and the next term is below 1e-10 of the running total, rescaling by 1e30 to
    avoid overflow. Used only where the outcome of a bisection step hinges on the last digits.
    """
    q, tot, s, k = 1.0, 0.0, 0.0, 0
    while k <= z or q > tot * 1e-10:
        tot += q
        if x_a <= k <= x_b:
            s += q
        if tot > 1e30:
            s /= 1e30
            tot /= 1e30
            q /= 1e30
        k += 1
        q = q * z / k
    return s / tot


def poisson_funnel(observed: Any, p: float, side: Literal["low", "high"]) -> NDArray[np.float64]:
    """Expected count E at which ``observed`` sits exactly on a Poisson tail probability ``p``.

    ``side="high"``: P(X ≤ O | E) = p (the E above O, i.e. O's exact upper limit);
    ``side="low"``: P(X ≥ O | E) = p (the E below O, O's exact lower limit).
    Found by bisection on v = E/(O + 1 + E), starting at 0.5 and halving the step 23 times, as in
    PHEindicatormethods' funnel code, so the results agree with it to the last digit. The exact
    Poisson limits (:func:`~bettercare.indicators.ci.exact_poisson`) differ from these by the
    bisection's resolution: a few parts in a million for small counts, less for large ones.
    Probabilities come from the regularised incomplete gamma function; within 1e-6 (relative) of
    ``p`` they are recomputed by the package's own truncated series so each step decides alike.
    """
    if side not in ("low", "high"):
        raise ValueError("side must be 'low' or 'high'")
    obs = np.asarray(observed, dtype=np.float64)
    if (obs < 0).any() or np.isnan(obs).any():
        raise ValueError("observed counts must be present and zero or more")
    from scipy import special  # imported here: only Poisson funnels need the incomplete gamma

    v = np.full(obs.shape, 0.5)
    dv = 0.5
    while dv > 1e-7:
        dv /= 2.0
        z = (1.0 + obs) * v / (1.0 - v)
        if side == "low":
            # P(X >= obs) is the regularised lower incomplete gamma P(obs, z); 1 when obs = 0
            prob = np.where(obs > 0, special.gammainc(np.maximum(obs, 1e-300), z), 1.0)
        else:
            prob = special.gammaincc(obs + 1.0, z)  # P(X <= obs)
        for i in np.flatnonzero(np.abs(prob - p) < 1e-6 * p):
            bounds = (obs.flat[i], 1e10) if side == "low" else (0.0, obs.flat[i])
            prob.flat[i] = _truncated_poisson_probability(float(z.flat[i]), *bounds)
        v = np.where(prob > p, v - dv, v + dv) if side == "low" else np.where(prob < p, v - dv, v + dv)
    return (1.0 + obs) * v / (1.0 - v)


def _digits(x: float) -> int:
    return len(str(int(x)))


def _signif_floor(x: float, down: float = 0.95) -> float:
    """Round x·0.95 down to its leading digit (a neat axis start)."""
    if x == 0:
        return 0.0
    n = _digits(math.floor(x * down)) - 1
    return math.floor(x * down / 10.0**n) * 10.0**n


def _signif_ceiling(x: float, up: float = 1.05) -> float:
    """Round x·1.05 up to its two leading digits (a neat axis end)."""
    if x == 0:
        return 0.0
    n = _digits(math.ceil(x * up)) - 2
    return math.ceil(x * up / 10.0**n) * 10.0**n


def _axis(first: float, maximum: float, ratio: bool) -> NDArray[np.float64]:
    """100 axis points from ``first`` growing geometrically towards ``maximum`` (whole numbers)."""
    col = [max(1.0, first)]
    for j in range(2, _ROWS + 1):
        offset = j - 1 if ratio else j
        prev = col[-1]
        col.append(max(float(round((maximum / prev) ** (1.0 / (101 - offset)) * prev)), prev + 1.0))
    return np.asarray(col)


@dataclass(frozen=True, eq=False)
class FunnelTable:
    """Funnel limit lines: ``columns`` maps column names (PHEindicatormethods' names) to arrays."""

    axis: str
    columns: dict[str, NDArray[np.float64]]
    statistic: str
    method: str

    def __getitem__(self, name: str) -> NDArray[np.float64]:
        return self.columns[name]

    def __len__(self) -> int:
        return int(self.columns[self.axis].size)

    def rows(self) -> list[dict[str, float]]:
        names = list(self.columns)
        return [{k: float(self.columns[k][i]) for k in names} for i in range(len(self))]


def _positive(name: str, arr: NDArray[np.float64], allow_zero: bool = False) -> None:
    if np.isnan(arr).any():
        raise ValueError(f"{name} must all be present")
    if (arr < 0).any() or (not allow_zero and (arr == 0).any()):
        raise ValueError(f"{name} must be {'zero or more' if allow_zero else 'greater than zero'}")


def _axis_range(denominators: NDArray[np.float64], years: float | None) -> tuple[float, float]:
    lo = float(np.nanmin(denominators))
    hi = float(np.nanmax(denominators))
    per = 1.0 if years is None else years
    minimum = 0.0 if hi > 2 * lo else _signif_floor(lo / per) * per
    return minimum, _signif_ceiling(hi / per) * per


# --------------------------------------------------------------------------------------------
# Limit tables
# --------------------------------------------------------------------------------------------
def funnel_limits_proportion(
    numerators: Sequence[float], denominators: Sequence[float], multiplier: float = 100
) -> FunnelTable:
    """Funnel lines for proportions: columns Population, lower/upper_2s_limit (95%),
    lower/upper_3s_limit (99.8%) and baseline (p̄ × multiplier), clipped to [0, multiplier]."""
    x = np.asarray(numerators, dtype=np.float64)
    n = np.asarray(denominators, dtype=np.float64)
    _positive("numerators", x, allow_zero=True)
    _positive("denominators", n)
    av = x.sum() / n.sum()
    minimum, maximum = _axis_range(n, None)
    pop = _axis(minimum, maximum, ratio=False)
    m = float(multiplier)
    cols = {
        "Population": pop,
        "lower_2s_limit": np.maximum(0.0, proportion_funnel_limit(pop, av, 0.975, "low", m)),
        "upper_2s_limit": np.minimum(m, proportion_funnel_limit(pop, av, 0.975, "high", m)),
        "lower_3s_limit": np.maximum(0.0, proportion_funnel_limit(pop, av, 0.999, "low", m)),
        "upper_3s_limit": np.minimum(m, proportion_funnel_limit(pop, av, 0.999, "high", m)),
        "baseline": np.full(pop.size, av * m),
    }
    return FunnelTable("Population", cols, "proportion", "Wilson")


def funnel_limits_ratio(
    observed: Sequence[float], expected: Sequence[float], ratio_type: Literal["count", "isr"] = "count"
) -> FunnelTable:
    """Funnel lines for O/E ratios over observed events (axis built from the expected values).

    Columns: Observed_events, lower/upper_2s_exp_events and _limit (95%), lower/upper_3s_... (99.8%).
    The limits are O/E at the expected counts found by :func:`poisson_funnel`, shown as O/E − 1
    (``ratio_type="count"``) or O/E × 100 (``"isr"``).
    """
    if ratio_type not in ("count", "isr"):
        raise ValueError("ratio_type must be 'count' or 'isr'")
    o = np.asarray(observed, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    _positive("observed", o, allow_zero=True)
    _positive("expected", e)
    minimum, maximum = _axis_range(e, None)
    events = _axis(minimum, maximum, ratio=True)
    cols: dict[str, NDArray[np.float64]] = {"Observed_events": events}
    for label, p in (("2s", 0.025), ("3s", 0.001)):
        for side, which in (("lower", "high"), ("upper", "low")):
            exp_events = poisson_funnel(events, p, which)  # type: ignore[arg-type]
            limit = events / exp_events
            cols[f"{side}_{label}_exp_events"] = exp_events
            cols[f"{side}_{label}_limit"] = limit - 1.0 if ratio_type == "count" else limit * 100.0
    order = ["Observed_events"] + [
        f"{s}_{lab}_{k}" for lab in ("2s", "3s") for s in ("lower", "upper") for k in ("exp_events", "limit")
    ]
    return FunnelTable("Observed_events", {k: cols[k] for k in order}, f"ratio ({ratio_type})", "Poisson")


def _derived_denominators(
    x: NDArray[np.float64], rates: NDArray[np.float64], denominators: Any, rate_type: str, multiplier: float
) -> NDArray[np.float64]:
    with np.errstate(divide="ignore", invalid="ignore"):
        derived = multiplier * x / rates
    if rate_type == "dsr":
        return np.where(x == 0, np.nan, derived)
    if denominators is None:
        if (x == 0).any():
            raise ValueError("for rates with 0 events in a record, give the denominators (populations)")
        return derived
    return np.where(x == 0, np.asarray(denominators, dtype=np.float64), derived)


def _rate_type(rate_type: str) -> str:
    if rate_type not in ("dsr", "crude"):
        raise ValueError("rate_type must be 'dsr' or 'crude'")
    return rate_type


def funnel_limits_rate(
    numerators: Sequence[float],
    rates: Sequence[float],
    denominators: Sequence[float] | None = None,
    *,
    rate_type: Literal["dsr", "crude"],
    multiplier: float,
    years_of_data: float,
) -> FunnelTable:
    """Funnel lines for crude rates or DSRs over the number of events.

    Denominators are derived as mult·x/rate (for DSRs, records with 0 events are left out; for
    crude rates with 0 events the given denominator is used). Columns: Events,
    lower/upper_2s_population_1_year (the one-year population at which the events sit on the 95%
    limit), lower/upper_2s_limit (rate × multiplier), the same for 3s (99.8%), and baseline.
    """
    kind = _rate_type(rate_type)
    x = np.asarray(numerators, dtype=np.float64)
    r = np.asarray(rates, dtype=np.float64)
    _positive("numerators", x, allow_zero=True)
    if not years_of_data > 0:
        raise ValueError("years_of_data must be positive")
    m = float(multiplier)
    derived = _derived_denominators(x, r, denominators, kind, m)
    av = x.sum() / np.nansum(derived)
    minimum, maximum = _axis_range(derived, float(years_of_data))
    events = _axis(math.floor(minimum * av), math.ceil(maximum * av), ratio=False)
    cols: dict[str, NDArray[np.float64]] = {"Events": events}
    for label, p in (("2s", 0.025), ("3s", 0.001)):
        for side, which in (("lower", "high"), ("upper", "low")):
            population = poisson_funnel(events, p, which) / av  # type: ignore[arg-type]
            cols[f"{side}_{label}_population_1_year"] = population / years_of_data
            cols[f"{side}_{label}_limit"] = events / population * m
    cols["baseline"] = np.full(events.size, av * m)
    statistic = f"rate ({kind} per {m:,.0f})" if m == int(m) else f"rate ({kind} per {m:,})"
    return FunnelTable("Events", cols, statistic, "Poisson")


# --------------------------------------------------------------------------------------------
# Significance of each area
# --------------------------------------------------------------------------------------------
def _labels(
    high3: NDArray[np.bool_], high2: NDArray[np.bool_], low3: NDArray[np.bool_], low2: NDArray[np.bool_], order: str
) -> NDArray[np.str_]:
    out = np.full(high3.shape, NOT_SIGNIFICANT, dtype=object)
    checks = (
        ((low3, LOW_001), (low2, LOW_025), (high3, HIGH_001), (high2, HIGH_025))
        if order == "low"
        else ((high3, HIGH_001), (high2, HIGH_025), (low3, LOW_001), (low2, LOW_025))
    )
    decided = np.zeros(high3.shape, dtype=bool)
    for mask, label in checks:
        take = mask & ~decided
        out[take] = label
        decided |= mask
    return out.astype(str)


def funnel_significance_proportion(numerators: Sequence[float], denominators: Sequence[float]) -> NDArray[np.str_]:
    """Label each area against funnel limits around p̄ = Σx/Σn (inverted Wilson, see module doc).

    Missing inputs are left out of p̄ and labelled "Not computable (missing input)".
    """
    x = np.asarray(numerators, dtype=np.float64)
    n = np.asarray(denominators, dtype=np.float64)
    present = ~(np.isnan(x) | np.isnan(n))
    if (x[present] < 0).any():
        raise ValueError("numerators must be greater than or equal to zero")
    if (n[present] <= 0).any():
        raise ValueError("denominators must be greater than zero")
    if (x[present] > n[present]).any():
        raise ValueError("numerators must be less than or equal to denominator for a proportion statistic")
    av = x[present].sum() / n[present].sum()
    with np.errstate(invalid="ignore", divide="ignore"):
        p = x / n
        low3 = p < proportion_funnel_limit(n, av, 0.999, "low")
        low2 = p < proportion_funnel_limit(n, av, 0.975, "low")
        high3 = p > proportion_funnel_limit(n, av, 0.999, "high")
        high2 = p > proportion_funnel_limit(n, av, 0.975, "high")
    out = _labels(high3, high2, low3, low2, order="low").astype(object)
    out[~present] = NOT_COMPUTABLE
    return out.astype(str)


def _count_bounds(obs: NDArray[np.float64], confidence: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Exact (O < 10) or Byar limits of counts; lower is 0 for O = 0."""
    z = NormalDist().inv_cdf(0.5 + confidence / 2.0)
    with np.errstate(all="ignore"):
        lo = _byar_lower(obs, z)
        hi = _byar_upper(obs, z)
    small = obs < EXACT_BELOW
    if small.any():
        lo = np.where(small, _exact_lower(np.where(small, obs, 1.0), confidence), lo)
        hi = np.where(small, _exact_upper(np.where(small, obs, 1.0), confidence), hi)
    return np.where(obs == 0, 0.0, lo), hi


def funnel_significance_ratio(observed: Sequence[float], expected: Sequence[float]) -> NDArray[np.str_]:
    """Label each O/E: High when 1 < lower limit of O/E, Low when 1 > upper limit (99.8% first)."""
    o = np.asarray(observed, dtype=np.float64)
    e = np.asarray(expected, dtype=np.float64)
    present = ~(np.isnan(o) | np.isnan(e))
    if (o[present] < 0).any():
        raise ValueError("numerators must be greater than or equal to zero")
    if (e[present] <= 0).any():
        raise ValueError("denominators must be greater than zero")
    safe_o = np.where(present, o, 1.0)
    safe_e = np.where(present, e, 1.0)
    lo3, hi3 = (b / safe_e for b in _count_bounds(safe_o, 0.998))
    lo2, hi2 = (b / safe_e for b in _count_bounds(safe_o, 0.95))
    out = _labels(1 < lo3, 1 < lo2, 1 > hi3, 1 > hi2, order="high").astype(object)
    out[~present] = NOT_COMPUTABLE
    return out.astype(str)


def funnel_significance_rate(
    numerators: Sequence[float],
    rates: Sequence[float],
    denominators: Sequence[float] | None = None,
    *,
    rate_type: Literal["dsr", "crude"],
    multiplier: float,
) -> NDArray[np.str_]:
    """Label each rate against the weighted average Σx/Σ(derived denominators).

    High when the average is below the lower limit of x/derived denominator (99.8% first), Low
    when above the upper limit. DSRs with fewer than 10 events are "Not applicable ...".
    """
    kind = _rate_type(rate_type)
    x = np.asarray(numerators, dtype=np.float64)
    r = np.asarray(rates, dtype=np.float64)
    if np.isnan(x).any():
        raise ValueError("numerators must all be present")
    if (x < 0).any():
        raise ValueError("numerators must be greater than or equal to zero")
    if denominators is not None and (np.asarray(denominators, dtype=np.float64) <= 0).any():
        raise ValueError("denominators must be greater than zero")
    derived = _derived_denominators(x, r, denominators, kind, float(multiplier))
    average = x.sum() / np.nansum(derived)
    with np.errstate(invalid="ignore"):
        lo3, hi3 = (b / derived for b in _count_bounds(x, 0.998))
        lo2, hi2 = (b / derived for b in _count_bounds(x, 0.95))
        out = _labels(average < lo3, average < lo2, average > hi3, average > hi2, order="high").astype(object)
    if kind == "dsr":
        out[x < EXACT_BELOW] = NOT_APPLICABLE_DSR
    return out.astype(str)


def funnel_significance(
    numerators: Sequence[float],
    denominators: Sequence[float] | None = None,
    statistic: Literal["proportion", "ratio", "rate"] = "proportion",
    *,
    rates: Sequence[float] | None = None,
    rate_type: Literal["dsr", "crude"] | None = None,
    multiplier: float | None = None,
) -> NDArray[np.str_]:
    """Dispatch to the proportion, ratio (denominators = expected) or rate significance function."""
    if statistic == "proportion":
        if denominators is None:
            raise ValueError("proportions need denominators")
        return funnel_significance_proportion(numerators, denominators)
    if statistic == "ratio":
        if denominators is None:
            raise ValueError("ratios need the expected counts as denominators")
        return funnel_significance_ratio(numerators, denominators)
    if statistic == "rate":
        if rates is None or rate_type is None or multiplier is None:
            raise ValueError("rates need rates, rate_type and multiplier")
        return funnel_significance_rate(numerators, rates, denominators, rate_type=rate_type, multiplier=multiplier)
    raise ValueError("statistic must be 'proportion', 'ratio' or 'rate'")
