"""Spine chart statistics: quartiles against numpy's and the standard library's type-7 percentiles on the
same values, and Fingertips' scaling (England at the centre, the furthest HWB at the edge, better right)."""

import statistics

import numpy as np
import pytest

from bettercare.indicators.spine import SpineScale, quartiles, spine_summary


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 10, 151, 152])
def test_quartiles_match_numpy_and_statistics(n):
    values = list(np.random.default_rng(n).gamma(4.0, 500.0, size=n))
    q1, median, q3 = quartiles(values)
    assert (q1, median, q3) == pytest.approx(tuple(np.percentile(values, [25, 50, 75])))
    if n >= 2:
        assert (q1, median, q3) == pytest.approx(tuple(statistics.quantiles(values, n=4, method="inclusive")))


def test_quartiles_of_a_small_published_example():
    # Hyndman & Fan type 7 on 1..10: h = 9p, Q1 = 3.25, median 5.5, Q3 = 7.75 (Excel QUARTILE.INC gives the same)
    assert quartiles(range(1, 11)) == (3.25, 5.5, 7.75)


def test_quartiles_refuse_no_values():
    with pytest.raises(ValueError, match="at least one value"):
        quartiles([])


def test_england_sits_at_the_centre_and_the_furthest_area_at_an_edge():
    summary = spine_summary([100, 150, 180, 400], england=200, polarity="lower")
    assert summary.scale.half_width == 200  # 400 - 200 is further than 200 - 100
    assert summary.scale.position(200) == 0.5
    assert summary.scale.position(400) == 0.0  # worst (highest, lower is better) at the left edge
    assert summary.scale.position(100) == pytest.approx(0.75)
    assert (summary.worst, summary.best) == (400, 100)


def test_higher_is_better_and_no_polarity_put_higher_on_the_right():
    assert SpineScale(50, 10, "higher").position(60) == 1.0
    assert SpineScale(50, 10, "").position(40) == 0.0
    none = spine_summary([1, 2, 3], 2, "neutral")
    assert none.worst is None and none.best is None and none.scale.polarity == ""
