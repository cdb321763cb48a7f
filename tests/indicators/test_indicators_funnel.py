"""Funnel limits and significance against PHEindicatormethods' funnel test files, read at run time
from shared/fixtures/reference/phe (or BETTERCARE_REFERENCE_DIR).

Limit tables are compared to the precision they are printed with (6 to 10 significant digits);
significance labels exactly.
"""

from __future__ import annotations

import csv
import math
from decimal import Decimal

import numpy as np
import pytest

from bettercare.indicators import (
    FunnelTable,
    exact_poisson,
    funnel_limits_proportion,
    funnel_limits_rate,
    funnel_limits_ratio,
    funnel_significance,
    funnel_significance_proportion,
    funnel_significance_rate,
    funnel_significance_ratio,
    poisson_funnel,
)
from shared_dir import reference_dir

REFERENCE = reference_dir()  # skips this module without ../shared


def read(name: str) -> list[dict[str, str]]:
    path = REFERENCE / "phe" / name
    if not path.exists():
        raise FileNotFoundError(f"reference fixture {path} not found; set BETTERCARE_REFERENCE_DIR")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def close(got: float, expected_text: str) -> bool:
    """Within 1e-9 relative, or within the printed precision of the expected figure."""
    exponent = Decimal(expected_text).as_tuple().exponent
    printed = 0.51 * 10.0 ** int(exponent) if isinstance(exponent, int) and exponent < 0 else 0.0
    return math.isclose(got, float(expected_text), rel_tol=1e-9, abs_tol=printed)


def assert_table(table: FunnelTable, expected: list[dict[str, str]], renames: dict[str, str] | None = None) -> None:
    renames = renames or {}
    assert len(table) == len(expected) == 100
    for column in expected[0]:
        if column in ("statistic", "method"):
            continue
        ours = table[renames.get(column, column)]
        bad = [(i, ours[i], r[column]) for i, r in enumerate(expected) if not close(float(ours[i]), r[column])]
        assert not bad, f"{column}: {bad[:3]}"


PROP_INPUTS = read("funnel_prop_inputs.csv")
PROP_X = [float(r["numerator"]) for r in PROP_INPUTS]
PROP_N = [float(r["denominator"]) for r in PROP_INPUTS]


def test_proportion_limits() -> None:
    assert_table(funnel_limits_proportion(PROP_X, PROP_N, multiplier=100), read("funnel_prop_limits.csv"))


def test_proportion_limits_axis_not_from_zero() -> None:
    keep = [i for i, n in enumerate(PROP_N) if n < 31000]
    table = funnel_limits_proportion([PROP_X[i] for i in keep], [PROP_N[i] for i in keep], multiplier=100)
    assert_table(table, read("funnel_prop_limits_denominator_lt_31000.csv"))


def test_proportion_significance() -> None:
    got = funnel_significance_proportion(PROP_X, PROP_N)
    assert got.tolist() == [r["expected_significance"] for r in PROP_INPUTS]
    assert funnel_significance(PROP_X, PROP_N, "proportion").tolist() == got.tolist()


RATIO_INPUTS = read("funnel_ratio_inputs.csv")
RATIO_O = [float(r["obs"]) for r in RATIO_INPUTS]
RATIO_E = [float(r["expected"]) for r in RATIO_INPUTS]


def test_ratio_significance() -> None:
    got = funnel_significance_ratio(RATIO_O, RATIO_E)
    assert got.tolist() == [r["expected_significance"] for r in RATIO_INPUTS]


@pytest.mark.parametrize("ratio_type", ["count", "isr"])
def test_ratio_limits(ratio_type: str) -> None:
    expected = read("funnel_ratio_limits.csv")
    other = "isr" if ratio_type == "count" else "count"
    trimmed = [{k: v for k, v in r.items() if not k.endswith(other)} for r in expected]
    renames = {f"{s}_{n}_{ratio_type}": f"{s}_{n}_limit" for s in ("lower", "upper") for n in ("2s", "3s")}
    table = funnel_limits_ratio(RATIO_O, RATIO_E, ratio_type=ratio_type)  # type: ignore[arg-type]
    assert table.statistic == f"ratio ({ratio_type})" and table.method == "Poisson"
    assert_table(table, trimmed, renames)


LIMITS_INPUT = read("funnel_rate_limits_input.csv")
EV = np.array([float(r["ev"]) for r in LIMITS_INPUT])
RATE = np.array([float(r["rate"]) for r in LIMITS_INPUT])


def test_rate_limits_dsr() -> None:
    expected = read("funnel_rate_limits_dsr.csv")
    table = funnel_limits_rate(EV, RATE, rate_type="dsr", multiplier=1e5, years_of_data=3)
    assert table.statistic == expected[0]["statistic"] and table.method == expected[0]["method"]
    assert_table(table, expected)


def test_rate_limits_crude_with_few_events() -> None:
    expected = read("funnel_rate_limits_crude_maxev5.csv")
    ev = np.where(EV == EV.max(), 5.0, EV)
    table = funnel_limits_rate(ev, RATE, rate_type="crude", multiplier=1e5, years_of_data=3)
    assert table.statistic == expected[0]["statistic"]
    assert_table(table, expected)


def test_rate_limits_crude_with_zero_events_and_denominators() -> None:
    expected = read("funnel_rate_limits_crude_zero_events.csv")
    pop = 1e5 * EV / RATE  # computed before the largest count is set to zero, as in the source test
    largest = EV == EV.max()
    ev = np.where(largest, 0.0, EV)
    rates = np.where(largest, 0.0, RATE)
    keep = pop > pop.max() / 2
    table = funnel_limits_rate(ev[keep], rates[keep], pop[keep], rate_type="crude", multiplier=1e5, years_of_data=3)
    assert_table(table, expected)


RATE_INPUTS = read("funnel_rate_inputs.csv")


@pytest.mark.parametrize("kind", ["dsr", "crude"])
@pytest.mark.parametrize("per", ["100000", "100"])
@pytest.mark.parametrize("zeros", ["with_0", "without_0"])
def test_rate_significance(kind: str, per: str, zeros: str) -> None:
    rows = RATE_INPUTS if zeros == "with_0" else [r for r in RATE_INPUTS if float(r["count"]) != 0]
    column = "rate_dsr" if kind == "dsr" else f"rate_crude_per_{per}"
    counts = [float(r["count"]) for r in rows]
    rates = [float(r[column]) if r[column] else float("nan") for r in rows]
    pops = [float(r["pop"]) for r in rows]
    got = funnel_significance_rate(counts, rates, pops, rate_type=kind, multiplier=float(per))  # type: ignore[arg-type]
    assert got.tolist() == [r[f"{kind}_per_{per}_{zeros}"] for r in rows]


def test_poisson_funnel_is_close_to_the_exact_limits() -> None:
    obs = np.array([1.0, 5.0, 9.0, 10.0, 50.0, 400.0])
    upper = poisson_funnel(obs, 0.025, "high")
    lower = poisson_funnel(obs, 0.025, "low")
    exact = exact_poisson(obs, 0.95)
    np.testing.assert_allclose(upper, exact.upper, rtol=5e-6)
    np.testing.assert_allclose(lower, exact.lower, rtol=5e-6)


def test_funnel_input_checks() -> None:
    with pytest.raises(ValueError, match="less than or equal to denominator"):
        funnel_significance_proportion([5, 12], [10, 10])
    with pytest.raises(ValueError, match="greater than zero"):
        funnel_significance_ratio([5, 3], [10, 0])
    with pytest.raises(ValueError, match="give the denominators"):
        funnel_limits_rate([0, 5], [0, 10], rate_type="crude", multiplier=1e5, years_of_data=1)
    labels = funnel_significance_proportion([5, None, 7], [10, 10, 10])  # type: ignore[list-item]
    assert labels[1].startswith("Not computable")
