"""Proportions, counts, crude rates and means against UKHSA PHEindicatormethods' test figures.

Expected values are read at run time from shared/fixtures/reference/phe (override the folder with
BETTERCARE_REFERENCE_DIR); nothing is copied into this file.
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal

import numpy as np
import pytest

from bettercare.indicators import Estimate, EstimateArray, byar, exact_poisson, mean, proportion, rate, wilson
from shared_dir import reference_dir

REFERENCE = reference_dir()  # skips this module without ../shared


def read(name: str) -> list[dict[str, str]]:
    path = REFERENCE / "phe" / name
    if not path.exists():
        raise FileNotFoundError(f"reference fixture {path} not found; set BETTERCARE_REFERENCE_DIR")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def num(text: str) -> float | None:
    return None if text == "" else float(text)


def close(got: float | None, expected_text: str) -> bool:
    """Within 1e-9 relative, or within the printed precision of the expected figure."""
    if got is None:
        return False
    expected = float(expected_text)
    exponent = Decimal(expected_text).as_tuple().exponent
    printed = 0.51 * 10.0 ** int(exponent) if isinstance(exponent, int) and exponent < 0 else 0.0
    return math.isclose(got, expected, rel_tol=1e-9, abs_tol=printed)


BYARS_WILSON = read("byars_wilson_limits.csv")
PROPORTIONS = read("proportions.csv")
RATES = read("rates.csv")


@pytest.mark.parametrize("row", BYARS_WILSON, ids=lambda r: f"{r['method']}-{r['x']}-{r['confidence']}")
def test_byars_and_wilson_limits(row: dict[str, str]) -> None:
    conf = float(row["confidence"])
    if row["method"] == "byars":
        est = byar(float(row["x"]), conf)
        assert est.value == float(row["x"])
    else:
        est = wilson(float(row["x"]), float(row["n"]), conf)
    if row["expected_lower"] == "":
        # Byar's lower limit is negative here: no lower limit, flagged, with a reason
        assert est.lower is None and not est.computable and est.reason
    else:
        assert close(est.lower, row["expected_lower"])
    assert close(est.upper, row["expected_upper"])


def _check(est: Estimate, row: dict[str, str]) -> None:
    if row["expected_value"] == "":
        assert not est.computable
        assert est.value is None and est.lower is None and est.upper is None
        assert "missing" in (est.reason or "")
        return
    assert est.computable, est.reason
    assert close(est.value, row["expected_value"])
    assert close(est.lower, row["expected_lower"])
    assert close(est.upper, row["expected_upper"])
    assert est.method == row["expected_method"]


@pytest.mark.parametrize("row", PROPORTIONS, ids=lambda r: f"{r['source_sheet'][:14]}-{r['area']}-{r['confidence']}")
def test_proportion_scalar(row: dict[str, str]) -> None:
    est = proportion(num(row["numerator"]), num(row["denominator"]), float(row["confidence"]), float(row["multiplier"]))
    _check(est, row)


@pytest.mark.parametrize("row", RATES, ids=lambda r: f"{r['source_sheet'][:14]}-{r['area']}-{r['confidence']}")
def test_rate_scalar(row: dict[str, str]) -> None:
    est = rate(num(row["numerator"]), num(row["denominator"]), float(row["multiplier"]), float(row["confidence"]))
    _check(est, row)


def _groups(rows: list[dict[str, str]]) -> dict[tuple[str, str], list[dict[str, str]]]:
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for r in rows:
        groups.setdefault((r["multiplier"], r["confidence"]), []).append(r)
    return groups


@pytest.mark.parametrize("kind", ["proportion", "rate"])
def test_vectorised_matches_every_row(kind: str) -> None:
    rows = PROPORTIONS if kind == "proportion" else RATES
    for (mult, conf), group in _groups(rows).items():
        x = [num(r["numerator"]) for r in group]
        n = [num(r["denominator"]) for r in group]
        if kind == "proportion":
            out = proportion(x, n, float(conf), float(mult))
        else:
            out = rate(x, n, float(mult), float(conf))
        assert isinstance(out, EstimateArray) and len(out) == len(group)
        for i, r in enumerate(group):
            _check(out[i], r)
            # a missing value is never a silent NaN: the mask and the reason say so
            assert bool(out.computable[i]) == (r["expected_value"] != "")
            assert (out.reason[i] is None) == (r["expected_value"] != "")


def test_means() -> None:
    values: dict[str, list[float]] = {}
    for r in read("means_input.csv"):
        values.setdefault(r["group"], []).append(float(r["value"]))
    everything = [v for group in values.values() for v in group]
    expected = read("means_expected.csv")
    assert expected
    for r in expected:
        sample = everything if r["group"].startswith("ALL") else values[r["group"]]
        est = mean(sample, float(r["confidence"]))
        assert close(est.numerator, r["expected_sum"])
        assert est.denominator == float(r["expected_count"])
        assert close(est.details["sd"], r["expected_sd"])
        assert close(est.value, r["expected_value"])
        assert close(est.lower, r["expected_lower"])
        assert close(est.upper, r["expected_upper"])


# ---------------------------------------------------------------------------------------------
# Edge cases and the input policy
# ---------------------------------------------------------------------------------------------
def test_zero_counts() -> None:
    p = proportion(0, 50)
    assert p.computable and p.value == 0 and p.lower == 0 and p.upper > 0
    r = rate(0, 1000)
    assert r.computable and r.method == "Exact" and r.lower == 0 and r.upper > 0
    assert exact_poisson(0).lower == 0
    b = byar(0)
    assert b.lower is None and not b.computable and b.upper is not None


def test_full_proportion() -> None:
    p = proportion(50, 50)
    assert p.value == 100 and p.upper == pytest.approx(100) and p.lower < 100


def test_impossible_inputs_raise_or_flag() -> None:
    with pytest.raises(ValueError, match="must not exceed denominator"):
        proportion(11, 10)
    with pytest.raises(ValueError, match="zero or more"):
        rate(-1, 10)
    with pytest.raises(ValueError, match="zero or more"):
        proportion(1, -10)
    with pytest.raises(ValueError, match="position 1"):
        proportion([1, 11], [10, 10])
    flagged = proportion(11, 10, invalid="flag")
    assert not flagged.computable and "exceed" in (flagged.reason or "")
    arr = rate([1, -1, 5], [10, 10, 0], invalid="flag")
    assert arr.computable.tolist() == [True, False, False]
    assert arr.reason[1] == "numerator must be zero or more"
    assert arr.reason[2] == "denominator is zero"
    assert np.isnan(arr.value[1:]).all()


def test_missing_and_zero_denominator_are_not_computable() -> None:
    assert proportion(None, 10).reason == "numerator missing"
    assert rate(5, float("nan")).reason == "denominator missing"
    assert proportion(None, None).reason == "numerator and denominator missing"
    zero = rate(3, 0)
    assert not zero.computable and zero.reason == "denominator is zero"


@pytest.mark.parametrize("bad", [0, 1, 95, -0.5, "high"])
def test_confidence_must_be_a_fraction(bad: object) -> None:
    with pytest.raises(ValueError, match="confidence"):
        proportion(1, 10, bad)  # type: ignore[arg-type]


def test_any_confidence_level() -> None:
    narrow = rate(50, 1000, confidence=0.8)
    wide = rate(50, 1000, confidence=0.99)
    assert wide.lower < narrow.lower < narrow.value < narrow.upper < wide.upper


def test_counts_with_denominator_one() -> None:
    est = rate(927, 1, multiplier=1)
    assert est.value == 927 and est.method == "Byars"
    assert est.lower == pytest.approx(byar(927).lower)


def test_mean_needs_two_present_values() -> None:
    assert not mean([3.0]).computable
    missing = mean([1.0, None, 3.0])
    assert not missing.computable and "missing" in (missing.reason or "")
    dropped = mean([1.0, None, 3.0], drop_missing=True)
    assert dropped.computable and dropped.value == 2.0


def test_estimate_array_indexing_round_trips() -> None:
    arr = proportion([1, 2, None], [10, 10, 10])
    items = arr.to_list()
    assert [e.computable for e in items] == [True, True, False]
    assert items[0] == proportion(1, 10)
