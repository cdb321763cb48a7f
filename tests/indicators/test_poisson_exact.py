"""Exact Poisson limits of whole counts in plain Python (``indicators._poisson``): the published
Garwood (1936) table and SciPy's incomplete-gamma inverses agree with it; and the package does not
load SciPy until a statistic needs it (the first command a user types stays fast)."""

import subprocess
import sys

import pytest
from scipy import special

from bettercare.indicators._poisson import exact_lower, exact_upper

# Garwood's 95% limits for a Poisson count, as tabulated in the PHE Technical Guide "Confidence
# intervals" (2018), table of exact limits, and in Ulm (1990) Am J Epidemiol 131:373-375.
GARWOOD_95 = {0: (0.0, 3.689), 1: (0.0253, 5.572), 2: (0.242, 7.225), 5: (1.623, 11.668), 9: (4.115, 17.085)}


@pytest.mark.parametrize("count", sorted(GARWOOD_95))
def test_matches_the_published_table(count):
    lower, upper = GARWOOD_95[count]
    assert exact_lower(count, 0.025) == pytest.approx(lower, abs=6e-4)
    assert exact_upper(count, 0.025) == pytest.approx(upper, abs=6e-4)


@pytest.mark.parametrize("confidence", [0.8, 0.95, 0.99, 0.998])
def test_matches_scipy_to_double_precision(confidence):
    q = (1.0 - confidence) / 2.0
    for count in range(0, 40):
        expected_lower = 0.0 if count == 0 else special.gammaincinv(count, q)
        assert exact_lower(count, q) == pytest.approx(expected_lower, rel=1e-13, abs=1e-300)
        assert exact_upper(count, q) == pytest.approx(special.gammainccinv(count + 1, q), rel=1e-13)


def test_importing_the_package_and_rating_does_not_load_scipy():
    code = (
        "import sys\n"
        "from bettercare.indicators import rate, proportion, compare, Polarity\n"
        "from bettercare.indicators.periods import Quarter\n"
        "estimate = rate(3, 1000, multiplier=100000)\n"
        "assert compare(estimate, 200.0, Polarity.LOWER).outcome\n"
        "assert proportion(87, 100).lower\n"
        "print('scipy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
