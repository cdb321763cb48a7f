"""Property-based tests: limits bracket the value, widen with confidence, and behave at 0 and at
the denominator; the vectorised path agrees with the scalar path; SPC is shift-invariant."""

from __future__ import annotations

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bettercare.indicators import (
    ESP2013,
    Comparison,
    Estimate,
    byar,
    compare,
    dsr,
    exact_poisson,
    funnel_limits_proportion,
    proportion,
    rate,
    xmr,
)

confidences = st.floats(min_value=0.5, max_value=0.9999, allow_nan=False)
denominators = st.integers(min_value=1, max_value=10_000_000)
SETTINGS = settings(max_examples=150, deadline=None, database=None)


def brackets(e: Estimate) -> bool:
    assert e.computable and e.lower is not None and e.upper is not None and e.value is not None
    return e.lower <= e.value <= e.upper


@SETTINGS
@given(n=denominators, frac=st.floats(min_value=0, max_value=1), conf=confidences)
def test_proportion_limits_bracket_and_stay_in_range(n: int, frac: float, conf: float) -> None:
    x = round(frac * n)
    e = proportion(x, n, conf, multiplier=100)
    assert brackets(e)
    assert 0 <= e.lower and e.upper <= 100
    if x == 0:
        assert e.lower == 0 and e.value == 0 and e.upper > 0
    if x == n:
        assert e.upper == 100 and e.value == 100 and e.lower < 100


@SETTINGS
@given(n=denominators, frac=st.floats(min_value=0, max_value=1), c1=confidences, c2=confidences)
def test_proportion_limits_widen_with_confidence(n: int, frac: float, c1: float, c2: float) -> None:
    lo_c, hi_c = sorted((c1, c2))
    x = round(frac * n)
    narrow = proportion(x, n, lo_c)
    wide = proportion(x, n, hi_c)
    assert wide.lower <= narrow.lower + 1e-12
    assert wide.upper >= narrow.upper - 1e-12


@SETTINGS
@given(x=st.integers(min_value=0, max_value=5_000_000), n=denominators, conf=confidences)
def test_rate_limits_bracket(x: int, n: int, conf: float) -> None:
    e = rate(x, n, 100_000, conf)
    assert brackets(e) and e.lower >= 0
    assert e.method == ("Exact" if x < 10 else "Byars")
    if x == 0:
        assert e.lower == 0 and e.upper > 0


@SETTINGS
@given(x=st.integers(min_value=0, max_value=100_000), n=denominators, c1=confidences, c2=confidences)
def test_rate_limits_widen_with_confidence(x: int, n: int, c1: float, c2: float) -> None:
    lo_c, hi_c = sorted((c1, c2))
    narrow = rate(x, n, 1000, lo_c)
    wide = rate(x, n, 1000, hi_c)
    assert wide.lower <= narrow.lower * (1 + 1e-12) + 1e-300
    assert wide.upper >= narrow.upper * (1 - 1e-12)


@SETTINGS
@given(x=st.floats(min_value=10, max_value=1e7), conf=st.floats(min_value=0.5, max_value=0.999))
def test_byar_and_exact_bracket_counts(x: float, conf: float) -> None:
    assert brackets(byar(x, conf))
    assert brackets(exact_poisson(x, conf))


@SETTINGS
@given(
    xs=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=40),
    extra=st.lists(st.integers(min_value=0, max_value=1000), min_size=40, max_size=40),
    conf=confidences,
)
def test_vectorised_equals_scalar(xs: list[int], extra: list[int], conf: float) -> None:
    ns = [x + e + 1 for x, e in zip(xs, extra, strict=False)]
    for fn in (proportion, rate):
        many = fn(xs, ns, conf) if fn is proportion else fn(xs, ns, 100_000, conf)
        for i, (x, n) in enumerate(zip(xs, ns, strict=True)):
            one = fn(x, n, conf) if fn is proportion else fn(x, n, 100_000, conf)
            assert many.method[i] == one.method
            np.testing.assert_allclose(
                [many.value[i], many.lower[i], many.upper[i]], [one.value, one.lower, one.upper], rtol=1e-13, atol=0
            )


@SETTINGS
@given(
    counts=st.lists(st.integers(min_value=0, max_value=500), min_size=19, max_size=19),
    pops=st.lists(st.integers(min_value=50, max_value=50_000), min_size=19, max_size=19),
    conf=st.floats(min_value=0.8, max_value=0.999),
)
def test_dsr_limits_bracket(counts: list[int], pops: list[int], conf: float) -> None:
    assume(sum(counts) >= 10)
    e = dsr(counts, pops, ESP2013, 100_000, conf)
    assert brackets(e) and e.lower >= 0


@SETTINGS
@given(
    value=st.floats(min_value=-1e6, max_value=1e6),
    half=st.floats(min_value=0, max_value=1e3),
    target=st.floats(min_value=-1e6, max_value=1e6),
)
def test_polarity_swaps_better_and_worse(value: float, half: float, target: float) -> None:
    e = Estimate(value, value - half, value + half, "test", 0.95)
    low, high = compare(e, target, "lower").outcome, compare(e, target, "higher").outcome
    swapped = {
        Comparison.BETTER: Comparison.WORSE,
        Comparison.WORSE: Comparison.BETTER,
        Comparison.SIMILAR: Comparison.SIMILAR,
    }
    assert swapped[low] is high


@SETTINGS
@given(
    ys=st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=40),
    shift=st.integers(min_value=-10_000, max_value=10_000),
)
def test_xmr_limits_bracket_the_mean_and_shift_with_the_data(ys: list[int], shift: int) -> None:
    base = xmr([float(y) for y in ys])
    moved = xmr([float(y + shift) for y in ys])
    finite = np.isfinite(base.upl)
    assert (base.lpl[finite] <= base.mean[finite]).all() and (base.mean[finite] <= base.upl[finite]).all()
    np.testing.assert_allclose(moved.mean, base.mean + shift, rtol=0, atol=1e-9)
    assert moved.special_cause_type == base.special_cause_type
    assert moved.point_type == base.point_type


@SETTINGS
@given(
    xs=st.lists(st.integers(min_value=0, max_value=10_000), min_size=2, max_size=30),
    extra=st.lists(st.integers(min_value=1, max_value=10_000), min_size=30, max_size=30),
)
def test_funnel_limits_are_nested(xs: list[int], extra: list[int]) -> None:
    ns = [x + e for x, e in zip(xs, extra, strict=False)]
    t = funnel_limits_proportion(xs, ns)
    eps = 1e-9
    assert (t["lower_3s_limit"] <= t["lower_2s_limit"] + eps).all()
    assert (t["lower_2s_limit"] <= t["baseline"] + eps).all()
    assert (t["baseline"] <= t["upper_2s_limit"] + eps).all()
    assert (t["upper_2s_limit"] <= t["upper_3s_limit"] + eps).all()
