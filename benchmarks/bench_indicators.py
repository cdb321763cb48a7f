"""Benchmark: 1,000,000 rate and proportion confidence intervals, vectorised vs a scalar loop.

The vectorised path computes all 1,000,000 intervals in one call. The scalar path calls the same
function once per interval; it is timed on a 20,000-interval sample and extrapolated to
1,000,000 (×50), as printed. Exits non-zero unless the vectorised path is at least 50 times faster
for both rates and proportions.

Run: ``python benchmarks/bench_indicators.py`` (from the repository root).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

try:
    from bettercare.indicators import proportion, rate
except ImportError:  # not installed: use the source tree beside this script
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from bettercare.indicators import proportion, rate

N = 1_000_000
SAMPLE = 20_000
REQUIRED_SPEEDUP = 50.0


def make_data(n: int, seed: int = 2018) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Denominators 100–100,000; proportions up to 30%; counts include ~10% under 10 (exact limits)."""
    rng = np.random.default_rng(seed)
    denominators = rng.integers(100, 100_000, size=n).astype(np.float64)
    successes = rng.binomial(denominators.astype(np.int64), rng.uniform(0, 0.3, size=n)).astype(np.float64)
    counts = rng.poisson(rng.uniform(0, 0.02, size=n) * denominators).astype(np.float64)
    small = rng.random(n) < 0.1
    counts[small] = rng.integers(0, 10, size=int(small.sum()))
    return denominators, successes, counts


def best_of(repeats: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def scalar_loop(fn: Callable[..., object], xs: np.ndarray, ns: np.ndarray, *args: float) -> float:
    xl, nl = xs.tolist(), ns.tolist()  # plain Python floats, as a caller of the scalar API has
    start = time.perf_counter()
    for x, n in zip(xl, nl, strict=True):
        fn(x, n, *args)
    return time.perf_counter() - start


def main() -> int:
    denominators, successes, counts = make_data(N)
    results = []
    cases = (
        ("proportion (Wilson, 95%)", proportion, successes, (0.95, 100.0)),
        ("rate (exact < 10, Byar ≥ 10, 95%)", rate, counts, (100_000.0, 0.95)),
    )
    for label, fn, numerators, args in cases:
        fn(numerators[:1000], denominators[:1000], *args)  # warm up caches and imports
        vectorised = best_of(3, lambda fn=fn, numerators=numerators, args=args: fn(numerators, denominators, *args))
        sample = scalar_loop(fn, numerators[:SAMPLE], denominators[:SAMPLE], *args)
        extrapolated = sample * (N / SAMPLE)
        speedup = extrapolated / vectorised
        results.append(speedup)
        print(f"{label}")
        print(f"  vectorised, {N:,} intervals in one call: {vectorised:8.3f} s")
        print(f"  scalar loop, {SAMPLE:,} intervals:          {sample:8.3f} s")
        print(f"  scalar loop, extrapolated to {N:,} (×{N // SAMPLE}): {extrapolated:8.1f} s")
        print(f"  speed-up: {speedup:,.0f}× (required: {REQUIRED_SPEEDUP:.0f}×)")
    ok = all(s >= REQUIRED_SPEEDUP for s in results)
    print("PASS" if ok else "FAIL: the vectorised path is not 50 times faster than the scalar loop")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
