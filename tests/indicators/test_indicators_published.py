"""The statistics checked on published worked examples kept in this file (with their sources), so
that a checkout without ../shared still tests the methods against independent figures.

- Wilson score interval: Newcombe RG (1998), "Two-sided confidence intervals for the single
  proportion: comparison of seven methods", Statistics in Medicine 17:857-872, Table I, method 3
  (score interval without continuity correction), printed to 4 decimal places.
- Exact Poisson limits for a count: the standard table of Garwood (1936) limits, as printed in
  Breslow NE & Day NE (1987), Statistical Methods in Cancer Research vol. II, and Ulm K (1990),
  American Journal of Epidemiology 131:373-375 (95% limits, printed to 2-3 significant decimals).
- Byar's approximation to those limits: Breslow & Day (1987) p. 69, used by PHE's fingertips for
  counts and rates; within 0.2% of the exact limits from a count of 10.
- XmR process limits: mean ± 2.66 × mean moving range (Wheeler DJ, Understanding Variation, 1993;
  NHS England Making Data Count), worked here by hand on a short series.
"""

import pytest

from bettercare.indicators import byar, exact_poisson, wilson, xmr

NEWCOMBE_TABLE_I = [  # successes, trials, lower, upper (Wilson score, 95%)
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0000, 0.1611),
    (1, 29, 0.0061, 0.1718),
]
GARWOOD_95 = [  # observed count, lower, upper
    (0, 0.0, 3.69),
    (1, 0.0253, 5.57),
    (2, 0.242, 7.22),
    (3, 0.619, 8.77),
    (5, 1.62, 11.67),
    (10, 4.80, 18.39),
]


@pytest.mark.parametrize("x,n,lower,upper", NEWCOMBE_TABLE_I)
def test_wilson_matches_newcombe_table_i(x, n, lower, upper):
    estimate = wilson(x, n, 0.95)
    assert round(estimate.lower, 4) == lower
    assert round(estimate.upper, 4) == upper


@pytest.mark.parametrize("count,lower,upper", GARWOOD_95)
def test_exact_poisson_matches_the_published_table(count, lower, upper):
    estimate = exact_poisson(count, 0.95)
    places = lambda printed: len(str(printed).split(".")[1])  # noqa: E731 - compare at printed precision
    assert round(estimate.lower, places(lower)) == lower
    assert round(estimate.upper, places(upper)) == upper


@pytest.mark.parametrize("count", [10, 25, 100, 1000])
def test_byar_is_within_two_per_mille_of_exact_from_ten(count):
    approx, exact = byar(count, 0.95), exact_poisson(count, 0.95)
    assert abs(approx.lower - exact.lower) / exact.lower < 0.002
    assert abs(approx.upper - exact.upper) / exact.upper < 0.002


def test_xmr_limits_by_hand():
    """10, 12, 11, 13, 12, 14, 11, 12, 13, 12, 11, 14: mean 145/12 = 12.0833; moving ranges
    2,1,2,1,2,3,1,1,1,1,3 sum 18 over 11 = 1.63636; limits 12.0833 ± 2.66 × 1.63636 = ± 4.35273."""
    values = [10, 12, 11, 13, 12, 14, 11, 12, 13, 12, 11, 14]
    result = xmr(values, improvement="increase", screen_outliers=False)
    assert result.mean[0] == pytest.approx(145 / 12)
    assert result.upl[0] == pytest.approx(145 / 12 + 2.66 * 18 / 11)
    assert result.lpl[0] == pytest.approx(145 / 12 - 2.66 * 18 / 11)
