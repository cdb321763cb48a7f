"""Age-standardised statistics: directly standardised rates (DSR) and indirectly standardised
ratios and rates (ISR).

Inputs are per age band. A 1-D array (one area) gives an :class:`Estimate`; a 2-D array
(areas × age bands) gives an :class:`EstimateArray`, one row per area.

Sources:

* Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums of Poisson
  parameters. Statistics in Medicine 1991;10:457-462 (the DSR interval).
* Eurostat. Revision of the European Standard Population: report of Eurostat's task force, 2013
  (ESP2013, bundled in ``data/esp2013.csv``).
* Breslow NE, Day NE. Statistical methods in cancer research, vol II, IARC 1987 (indirect
  standardisation, Byar's limits).
* PHEindicatormethods ``calculate_dsr`` (incl. ``independent_events = FALSE``), ``calculate_ISRatio``
  and ``calculate_ISRate``; Fingertips technical guidance.

Why it is long: the DSR and the ISR with their intervals (Dobson, Byar), vectorised over areas, each
with its formula and source."""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from importlib import resources
from typing import Any

import numpy as np

from ._common import FloatArray, check_confidence, check_invalid_policy, z_value
from .ci import EXACT_BELOW, _byar_lower, _byar_upper, _exact_lower, _exact_upper
from .estimate import Estimate, EstimateArray

__all__ = [
    "ESP2013",
    "ESP2013_AGE_BANDS",
    "dsr",
    "dsr_non_independent",
    "isratio",
    "israte",
    "MIN_DSR_COUNT",
]

#: DSRs (and their limits) are not published when the total count is below this.
MIN_DSR_COUNT = 10


def _load_esp2013() -> tuple[tuple[str, ...], tuple[float, ...]]:
    text = resources.files(__package__).joinpath("data").joinpath("esp2013.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return tuple(r["ageband"] for r in rows), tuple(float(r["population"]) for r in rows)


#: European Standard Population 2013: 19 five-year bands 0-4 … 85-89, then 90+ (sums to 100,000).
ESP2013_AGE_BANDS, ESP2013 = _load_esp2013()


def _rows(value: Any, name: str) -> tuple[FloatArray, bool]:
    """``value`` as a 2-D float array (areas × bands) and whether the input was 1-D."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 1:
        return arr[np.newaxis, :], True
    if arr.ndim == 2:
        return arr, False
    raise ValueError(f"{name} must be one row of age bands or a 2-D array of areas × age bands")


def _count_limits(total: FloatArray, confidence: float, *, exact_small: bool) -> tuple[FloatArray, FloatArray]:
    z = z_value(confidence)
    with np.errstate(all="ignore"):
        lo = _byar_lower(total, z)
        hi = _byar_upper(total, z)
    if exact_small:
        small = np.flatnonzero(total < EXACT_BELOW)
        if small.size:
            lo[small] = _exact_lower(total[small], confidence)
            hi[small] = _exact_upper(total[small], confidence)
    return lo, hi


def _result(
    single: bool,
    value: FloatArray,
    lower: FloatArray,
    upper: FloatArray,
    method: str | np.ndarray,
    ok: np.ndarray,
    reason: np.ndarray,
    confidence: float,
    numerator: FloatArray,
    denominator: FloatArray,
    multiplier: float,
    details: dict[str, FloatArray],
) -> Estimate | EstimateArray:
    nan = np.nan
    value = np.where(ok, value, nan)
    lower = np.where(ok, lower, nan)
    upper = np.where(ok, upper, nan)
    methods = np.broadcast_to(np.asarray(method), value.shape).copy()
    if single:
        row_details = {k: float(v[0]) for k, v in details.items()}
        if not ok[0]:
            return Estimate.not_computable(
                str(reason[0]),
                method=str(methods[0]),
                confidence=confidence,
                numerator=float(numerator[0]),
                denominator=float(denominator[0]),
                multiplier=multiplier,
                details=row_details,
            )
        return Estimate(
            value=float(value[0]),
            lower=float(lower[0]),
            upper=float(upper[0]),
            method=str(methods[0]),
            confidence=confidence,
            numerator=float(numerator[0]),
            denominator=float(denominator[0]),
            multiplier=multiplier,
            details=row_details,
        )
    return EstimateArray(
        value=value,
        lower=lower,
        upper=upper,
        method=methods,
        computable=ok,
        reason=reason,
        confidence=confidence,
        numerator=numerator,
        denominator=denominator,
        multiplier=multiplier,
    )


def _check_populations(pops: FloatArray, name: str, invalid: str, reason: np.ndarray, ok: np.ndarray) -> None:
    """Flag rows whose populations are missing, zero or negative."""
    missing = np.isnan(pops)
    if (pops[~missing] < 0).any():
        message = f"{name} must be zero or more"
        if invalid == "raise":
            raise ValueError(message)
        rows = (pops < 0).any(axis=1)
        reason[rows & ok] = message
        ok &= ~rows
    for mask, text in (
        (missing.any(axis=1), f"{name} missing in an age band"),
        ((pops == 0).any(axis=1), f"{name} is zero in an age band"),
    ):
        rows = mask & ok
        reason[rows] = text
        ok &= ~mask


def _check_counts(counts: FloatArray, invalid: str, reason: np.ndarray, ok: np.ndarray, name: str) -> None:
    negative = (counts < 0).any(axis=1)
    if negative.any():
        message = f"{name} must be zero or more"
        if invalid == "raise":
            raise ValueError(message)
        reason[negative & ok] = message
        ok &= ~negative


def _dobson(
    events: FloatArray,
    variance: FloatArray,
    standardised: FloatArray,
    confidence: float,
) -> tuple[FloatArray, FloatArray]:
    """Dobson limits: DSR + √(var/O)·(Byar_limit(O) − O), Byar's limits even for small O."""
    lo_o, hi_o = _count_limits(events, confidence, exact_small=False)
    with np.errstate(all="ignore"):
        scale = np.sqrt(variance / events)
        return standardised + scale * (lo_o - events), standardised + scale * (hi_o - events)


def dsr(
    counts: Any,
    populations: Any,
    standard_population: Sequence[float] | np.ndarray = ESP2013,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """Directly standardised rate with Dobson's confidence limits.

    For age bands i with counts xᵢ, populations nᵢ and standard population weights wᵢ:

    * DSR = Σ(xᵢ·wᵢ/nᵢ) / Σwᵢ · mult
    * var = Σ(xᵢ·(wᵢ/nᵢ)²) / (Σwᵢ)²
    * O = Σxᵢ; limit = DSR + √(var/O)·(Byar_limit(O) − O), everything × mult.

    A missing count counts as 0 (as in PHEindicatormethods). When O < 10 the DSR is not
    computable ("dsr not published for total count < 10"). ``numerator`` is O and
    ``denominator`` Σnᵢ. ESP2013 is the default standard population.

    Sources: Dobson et al. (1991); Eurostat (2013); PHEindicatormethods ``calculate_dsr``.
    """
    check_invalid_policy(invalid)
    x, single = _rows(counts, "counts")
    x = np.where(np.isnan(x), 0.0, x)
    return _dsr_core(x, x, populations, standard_population, multiplier, confidence, invalid, single, method="Dobson")


def dsr_non_independent(
    persons_by_frequency: Mapping[float, Any],
    populations: Any,
    standard_population: Sequence[float] | np.ndarray = ESP2013,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """DSR when a person can have more than one event (non-independent events).

    ``persons_by_frequency`` maps an event frequency f to the number of persons with exactly f
    events, per age band (1-D) or per area and age band (2-D). Events per band are
    xᵢ = Σ_f f·persons_f,ᵢ; the DSR is as in :func:`dsr`; the variance is
    var = Σ_f f²·var_f, where var_f = Σᵢ persons_f,ᵢ·(wᵢ/nᵢ)² / (Σwᵢ)² is the Dobson variance
    of the persons having f events. Missing person counts count as 0.

    Source: PHEindicatormethods ``calculate_dsr(independent_events = FALSE)``; Fingertips
    technical guidance on DSRs for non-independent events.
    """
    check_invalid_policy(invalid)
    if not persons_by_frequency:
        raise ValueError("persons_by_frequency must map at least one event frequency to persons")
    events: FloatArray | None = None
    weighted: list[tuple[float, FloatArray]] = []
    single = True
    for freq, persons in persons_by_frequency.items():
        f = float(freq)
        if not f > 0:
            raise ValueError(f"event frequencies must be positive, got {freq!r}")
        p, single = _rows(persons, "persons")
        p = np.where(np.isnan(p), 0.0, p)
        weighted.append((f, p))
        events = f * p if events is None else events + f * p
    assert events is not None
    return _dsr_core(
        events,
        weighted,
        populations,
        standard_population,
        multiplier,
        confidence,
        invalid,
        single,
        method="Dobson, with confidence adjusted for non-independent events",
    )


def _dsr_core(
    events: FloatArray,
    variance_terms: FloatArray | list[tuple[float, FloatArray]],
    populations: Any,
    standard_population: Sequence[float] | np.ndarray,
    multiplier: float,
    confidence: float,
    invalid: str,
    single: bool,
    *,
    method: str,
) -> Estimate | EstimateArray:
    conf = check_confidence(confidence)
    mult = float(multiplier)
    n, _ = _rows(populations, "populations")
    w = np.asarray(standard_population, dtype=np.float64)
    if n.shape[0] == 1 and events.shape[0] > 1:
        n = np.broadcast_to(n, events.shape)
    if events.shape != n.shape or w.ndim != 1 or w.shape[0] != events.shape[1]:
        raise ValueError(
            f"counts, populations and the standard population must have the same age bands "
            f"(got {events.shape[-1]}, {n.shape[-1]} and {w.shape[0]})"
        )
    if np.isnan(w).any() or (w < 0).any() or w.sum() <= 0:
        raise ValueError("standard population weights must be present, non-negative and not all zero")
    rows = events.shape[0]
    ok = np.ones(rows, dtype=bool)
    reason = np.full(rows, None, dtype=object)
    _check_counts(events, invalid, reason, ok, "counts")
    _check_populations(n, "population", invalid, reason, ok)
    total_w = w.sum()
    with np.errstate(all="ignore"):
        ratio = w / n
        standardised = (events * ratio).sum(axis=1) / total_w
        if isinstance(variance_terms, list):
            variance = sum(f * f * (p * ratio**2).sum(axis=1) for f, p in variance_terms) / total_w**2
        else:
            variance = (variance_terms * ratio**2).sum(axis=1) / total_w**2
    total = events.sum(axis=1)
    few = ok & (total < MIN_DSR_COUNT)
    reason[few] = f"dsr not published for total count < {MIN_DSR_COUNT}"
    ok &= ~few
    lo, hi = _dobson(total, variance, standardised, conf)
    total_pop = np.nansum(n, axis=1)
    return _result(
        single,
        standardised * mult,
        lo * mult,
        hi * mult,
        method,
        ok,
        reason,
        conf,
        total,
        total_pop,
        mult,
        {"total_count": total, "total_pop": total_pop},
    )


def _expected(
    populations: Any, reference_counts: Any, reference_populations: Any
) -> tuple[FloatArray, bool, FloatArray]:
    """E per area = Σ refcountᵢ/refpopᵢ·nᵢ over the bands where all three are present, and the
    number of bands left out per area because one of them is missing (as PHEindicatormethods)."""
    n, single = _rows(populations, "populations")
    ref_x = np.asarray(reference_counts, dtype=np.float64)
    ref_n = np.asarray(reference_populations, dtype=np.float64)
    if ref_x.ndim != 1 or ref_x.shape != ref_n.shape or ref_x.shape[0] != n.shape[1]:
        raise ValueError("populations, reference counts and reference populations must have the same age bands")
    with np.errstate(invalid="ignore"):
        if (ref_n <= 0).any() or (ref_x < 0).any():
            raise ValueError("reference counts must be ≥ 0 and reference populations > 0 in every age band")
        terms = ref_x / ref_n * n
    skipped = np.isnan(terms).sum(axis=1).astype(np.float64)
    return np.nansum(terms, axis=1), single, skipped


def _observed(observed: Any, rows: int, single: bool) -> FloatArray:
    obs = np.asarray(observed, dtype=np.float64)
    if obs.ndim == 0:
        obs = obs.reshape(1)
    elif (single and obs.ndim == 1 and obs.shape[0] != 1) or obs.ndim == 2:
        # per-age-band observed counts: total them (missing bands count as 0)
        obs = np.nansum(obs.reshape(rows, -1), axis=1)
    if obs.shape[0] != rows:
        raise ValueError("observed must be a total per area or counts per area and age band")
    return obs


def _indirect(
    observed: Any,
    populations: Any,
    reference_counts: Any,
    reference_populations: Any,
    scale_of: Any,
    confidence: float,
    invalid: str,
    multiplier: float,
    extra: dict[str, float],
) -> Estimate | EstimateArray:
    check_invalid_policy(invalid)
    conf = check_confidence(confidence)
    expected, single, skipped = _expected(populations, reference_counts, reference_populations)
    rows = expected.shape[0]
    o = _observed(observed, rows, single)
    ok = np.ones(rows, dtype=bool)
    reason = np.full(rows, None, dtype=object)
    missing = np.isnan(o)
    reason[missing] = "observed count missing"
    ok &= ~missing
    negative = ok & (o < 0)
    if negative.any():
        if invalid == "raise":
            raise ValueError("observed counts must be zero or more")
        reason[negative] = "observed counts must be zero or more"
        ok &= ~negative
    n, _ = _rows(populations, "populations")
    with np.errstate(invalid="ignore"):
        bad_pop = ok & (n < 0).any(axis=1)
    if bad_pop.any():
        if invalid == "raise":
            raise ValueError("populations must be zero or more in every age band")
        reason[bad_pop] = "population negative in an age band"
        ok &= ~bad_pop
    zero_e = ok & ~(expected > 0)
    reason[zero_e] = "expected count is zero"
    ok &= ~zero_e
    safe_o = np.where(ok, o, 1.0)
    lo_o, hi_o = _count_limits(safe_o, conf, exact_small=True)
    with np.errstate(all="ignore"):
        factor = scale_of / expected
    method = np.where(o < EXACT_BELOW, "Exact", "Byars")
    details = {"observed": o, "expected": expected, "bands_left_out": skipped}
    details.update({k: np.full(rows, v) for k, v in extra.items()})
    return _result(
        single, o * factor, lo_o * factor, hi_o * factor, method, ok, reason, conf, o, expected, multiplier, details
    )


def isratio(
    observed: Any,
    populations: Any,
    reference_counts: Any,
    reference_populations: Any,
    refvalue: float = 1,
    confidence: float = 0.95,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """Indirectly standardised ratio (e.g. an SMR) O/E × refvalue.

    E = Σ(refcountᵢ/refpopᵢ·nᵢ); O = Σxᵢ (``observed`` may be a total or counts per age band).
    Bands where the population or a reference figure is missing are left out of E (as in
    PHEindicatormethods); ``details["bands_left_out"]`` counts them so it is never silent.
    Limits: exact Poisson (O < 10) or Byar's limits of O, divided by E, × refvalue (1 or 100).
    ``numerator`` is O and ``denominator`` E.

    Source: Breslow & Day (1987); PHEindicatormethods ``calculate_ISRatio``.
    """
    return _indirect(
        observed,
        populations,
        reference_counts,
        reference_populations,
        float(refvalue),
        confidence,
        invalid,
        float(refvalue),
        {},
    )


def israte(
    observed: Any,
    populations: Any,
    reference_counts: Any,
    reference_populations: Any,
    multiplier: float = 100_000,
    confidence: float = 0.95,
    *,
    invalid: str = "raise",
) -> Estimate | EstimateArray:
    """Indirectly standardised rate: O/E × reference rate.

    reference rate = Σrefcount/Σrefpop × mult (missing figures left out of each sum, as in
    PHEindicatormethods); E and O as in :func:`isratio`; the limits are the
    exact (O < 10) or Byar limits of O, divided by E, × reference rate. ``details`` carries
    ``ref_rate`` and ``expected``.

    Source: PHEindicatormethods ``calculate_ISRate``; Fingertips technical guidance.
    """
    ref_x = np.asarray(reference_counts, dtype=np.float64)
    ref_n = np.asarray(reference_populations, dtype=np.float64)
    ref_rate = float(np.nansum(ref_x) / np.nansum(ref_n) * multiplier)
    return _indirect(
        observed,
        populations,
        reference_counts,
        reference_populations,
        ref_rate,
        confidence,
        invalid,
        float(multiplier),
        {"ref_rate": ref_rate},
    )
