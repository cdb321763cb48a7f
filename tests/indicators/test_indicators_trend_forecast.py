"""Direction of travel, year-end forecasts, periods and per-day rates."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from scipy import stats

from bettercare.indicators import (
    Comparison,
    Direction,
    FinancialYear,
    Month,
    Quarter,
    annualise,
    chi_squared_trend_proportions,
    chi_squared_trend_rates,
    compare,
    direction_of_travel,
    parse_period,
    per_day_rate,
    per_day_to_per_period,
    per_period_to_per_day,
    poisson_rate_test,
    rate,
    run_rate_forecast,
    seasonal_forecast,
    trajectory_forecast,
    two_proportion_z_test,
)


# ---------------------------------------------------------------------------------------------
# Direction of travel
# ---------------------------------------------------------------------------------------------
def test_chi_squared_trend_equals_weighted_regression() -> None:
    """R's prop.trend.test defines the statistic as the regression sum of squares of x/n on the
    scores with weights n/(p̄(1 − p̄)); recompute it that way, independently of our formula."""
    x = np.array([83.0, 90, 129, 70, 75])
    n = np.array([186.0, 193, 236, 182, 175])
    t = np.arange(1.0, 6.0)
    p = x.sum() / n.sum()
    w = n / (p * (1 - p))
    f = x / n
    tbar = (w * t).sum() / w.sum()
    fbar = (w * f).sum() / w.sum()
    slope = (w * (t - tbar) * (f - fbar)).sum() / (w * (t - tbar) ** 2).sum()
    regression_ss = slope**2 * (w * (t - tbar) ** 2).sum()
    result = chi_squared_trend_proportions(x, n)
    assert result.statistic == pytest.approx(regression_ss, rel=1e-12)
    assert result.p_value == pytest.approx(stats.chi2.sf(regression_ss, 1), rel=1e-12)
    assert result.sign == (1 if slope > 0 else -1)


def test_rate_trend_on_two_periods_is_the_conditional_binomial_z() -> None:
    x1, n1, x2, n2 = 120.0, 50_000.0, 150.0, 52_000.0
    total = x1 + x2
    share = n2 / (n1 + n2)
    z = (x2 - total * share) / np.sqrt(total * share * (1 - share))
    assert chi_squared_trend_rates([x1, x2], [n1, n2]).statistic == pytest.approx(z**2, rel=1e-12)


def test_two_proportion_z_test() -> None:
    result = two_proportion_z_test(80, 100, 90, 100)
    pooled = 170 / 200
    z = (0.9 - 0.8) / np.sqrt(pooled * (1 - pooled) * (2 / 100))
    assert result.statistic == pytest.approx(z) and result.sign == 1
    assert result.p_value == pytest.approx(2 * stats.norm.sf(z))
    assert two_proportion_z_test(0, 10, 0, 20).p_value == 1.0


def test_poisson_rate_test() -> None:
    result = poisson_rate_test(100, 10_000, 150, 10_000)
    assert result.sign == 1 and result.statistic == pytest.approx(1.5)
    assert result.p_value == pytest.approx(stats.binomtest(150, 250, 0.5).pvalue)
    with pytest.raises(ValueError, match="whole-number"):
        poisson_rate_test(1.5, 10, 2, 10)


@pytest.mark.parametrize(
    ("x", "n", "kind", "polarity", "direction"),
    [
        ([800, 900], [1000, 1000], "proportion", "higher", Direction.IMPROVING),
        ([800, 900], [1000, 1000], "proportion", "lower", Direction.WORSENING),
        ([800, 805], [1000, 1000], "proportion", "higher", Direction.NO_SIGNIFICANT_CHANGE),
        ([500, 400], [100_000, 100_000], "rate", "lower", Direction.IMPROVING),
        ([500, 505], [100_000, 100_000], "rate", "lower", Direction.NO_SIGNIFICANT_CHANGE),
        ([700, 750, 800, 850, 900], [1000] * 5, "proportion", "higher", Direction.IMPROVING),
        ([500, 480, 450, 420, 400], [100_000] * 5, "rate", "higher", Direction.WORSENING),
        ([500, 505, 498, 502, 501], [100_000] * 5, "rate", "higher", Direction.NO_SIGNIFICANT_CHANGE),
    ],
)
def test_direction_of_travel(x: list[float], n: list[float], kind: str, polarity: str, direction: Direction) -> None:
    result = direction_of_travel(x, n, polarity, kind)  # type: ignore[arg-type]
    assert result.direction is direction
    assert result.test and result.p_value is not None


def test_direction_not_assessed() -> None:
    assert direction_of_travel([5], [10], "higher").direction is Direction.NOT_ASSESSED
    missing = direction_of_travel([5, None], [10, 10], "higher")
    assert missing.direction is Direction.NOT_ASSESSED and "missing" in (missing.reason or "")


# ---------------------------------------------------------------------------------------------
# Forecasts (seeds: Leicestershire HWB, 27 September 2018)
# ---------------------------------------------------------------------------------------------
def test_trajectory_forecast_non_elective_admissions() -> None:
    remaining = 70_569 - 23_152
    assert remaining == 47_417
    forecast = trajectory_forecast(22_551, remaining)
    assert forecast.value == 69_968
    poisson = rate(remaining, 1, multiplier=1)  # the Poisson interval of the remaining planned count
    assert forecast.lower == pytest.approx(22_551 + poisson.lower)
    assert forecast.upper == pytest.approx(22_551 + poisson.upper)
    assert compare(forecast, 70_569, "lower").outcome is Comparison.BETTER
    monthly = trajectory_forecast([5_600, 5_650, 5_650, 5_651], [5_900] * 8)
    assert monthly.value == 22_551 + 47_200


def test_run_rate_forecast_permanent_admissions() -> None:
    forecast = run_rate_forecast(378, periods_elapsed=5)
    assert forecast.value == pytest.approx(907.2)
    assert forecast.lower < 907.2 < forecast.upper
    by_month = run_rate_forecast([70, 80, 76, 72, 80])
    assert by_month.value == pytest.approx(907.2)
    fy = FinancialYear(2018)
    days_elapsed = sum(m.days for m in fy.months[:5])
    by_days = run_rate_forecast(378, days_elapsed, fy.days)
    assert by_days.value == pytest.approx(378 * 365 / 153)
    with pytest.raises(ValueError, match="periods_elapsed"):
        run_rate_forecast(378)


def test_seasonal_forecast() -> None:
    last_year = [80, 75, 70, 72, 74, 76, 78, 82, 85, 90, 88, 80]
    this_year = [70, 66, 62]
    forecast = seasonal_forecast(this_year, last_year)
    factor = sum(last_year) / sum(last_year[:3])
    assert forecast.value == pytest.approx(sum(this_year) * factor)
    assert forecast.value == pytest.approx(sum(this_year) + sum(last_year[3:]) * sum(this_year) / sum(last_year[:3]))
    assert forecast.lower < forecast.value < forecast.upper


def test_forecasts_report_missing_actuals() -> None:
    assert not trajectory_forecast(None, 100).computable
    assert not run_rate_forecast([10, None, 12]).computable
    missing = seasonal_forecast([10, None], [5] * 12)
    assert not missing.computable and "missing" in (missing.reason or "")


# ---------------------------------------------------------------------------------------------
# Periods and per-day rates
# ---------------------------------------------------------------------------------------------
def test_months() -> None:
    july = Month(2018, 7)
    assert july.days == 31 and str(july) == "2018-07" and july.label == "July 2018"
    assert Month(2020, 2).days == 29 and Month(2019, 2).days == 28
    assert july.start == date(2018, 7, 1) and july.end == date(2018, 7, 31)
    assert str(july.financial_year) == "2018-19" and str(july.quarter) == "2018-19-Q2"
    assert Month(2019, 3).financial_year == FinancialYear(2018) and Month(2019, 3).month_of_financial_year == 12
    assert Month(2018, 12) + 3 == Month(2019, 3) and Month(2019, 3) - Month(2018, 12) == 3
    for text in ("2018-07", "2018-7", "2018-07-01", "Jul 2018", "July 2018", "Jul-18", "07/2018"):
        assert Month.parse(text) == july
    with pytest.raises(ValueError):
        Month(2018, 13)
    with pytest.raises(ValueError):
        Month.parse("Julember 2018")


def test_financial_years_and_quarters() -> None:
    fy = FinancialYear(2018)
    assert str(fy) == "2018-19" and fy.days == 365 and FinancialYear(2019).days == 366
    assert [str(m) for m in fy.months][:2] == ["2018-04", "2018-05"] and str(fy.months[-1]) == "2019-03"
    assert [str(q) for q in fy.quarters] == ["2018-19-Q1", "2018-19-Q2", "2018-19-Q3", "2018-19-Q4"]
    q1 = Quarter(2018, 1)
    assert str(q1) == "2018-19-Q1" and [m.month for m in q1.months] == [4, 5, 6] and q1.days == 91
    assert [m.month for m in Quarter(2018, 4).months] == [1, 2, 3] and Quarter(2018, 4).months[0].year == 2019
    assert Quarter(2018, 4) + 1 == Quarter(2019, 1)
    assert Month(2018, 7) in fy and date(2019, 3, 31) in fy and date(2019, 4, 1) not in fy
    for text in ("2018-19", "2018/19", "2018-2019", "2018/2019", "FY2018-19", "FY 2018/19"):
        assert FinancialYear.parse(text) == fy
    for text in ("2018-19-Q1", "2018-19 Q1", "2018/19 Q1", "Q1 2018-19", "Q1 2018/19"):
        assert Quarter.parse(text) == q1
    assert parse_period("2018-19") == fy and parse_period("2018-07") == Month(2018, 7)
    assert parse_period("2018/19 Q4") == Quarter(2018, 4)
    with pytest.raises(ValueError, match="consecutive"):
        FinancialYear.parse("2018-20")
    with pytest.raises(ValueError):
        Quarter(2018, 5)
    assert sorted([Quarter(2019, 1), Quarter(2018, 4)]) == [Quarter(2018, 4), Quarter(2019, 1)]


def test_per_day_rates() -> None:
    july = Month(2018, 7)
    population = 978 / 179.91 * 100_000
    daily = per_day_rate(978, july, population)
    assert daily.value == pytest.approx(978 / 31 / population * 100_000)
    assert daily.lower < daily.value < daily.upper
    assert per_day_to_per_period(daily.value, july) == pytest.approx(978 / population * 100_000)
    assert per_period_to_per_day(179.91, july) == pytest.approx(179.91 / 31)
    assert per_day_rate(978, 31, population).value == daily.value
    many = per_day_rate([978, 900], [Month(2018, 7), Month(2018, 6)], [population, population])
    assert many.value[1] == pytest.approx(900 / 30 / population * 100_000)
    assert annualise(378, sum(m.days for m in FinancialYear(2018).months[:5]), FinancialYear(2018)) == pytest.approx(
        378 * 365 / 153
    )
    with pytest.raises(ValueError, match="positive"):
        per_day_rate(10, 0, 1000)
