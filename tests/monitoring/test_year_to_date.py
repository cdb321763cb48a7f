"""The year to date pooled from monthly figures (``monitoring.year_to_date``): counts add, a rate's
population is the year's, a proportion's and a mean's denominators add; a gap or a missing count
gives no pooled figure."""

from datetime import date, timedelta
from decimal import Decimal

from bettercare.indicators import FinancialYear
from bettercare.monitoring.figures import Figure
from bettercare.monitoring.statistic_parts import BAND_PREFIX, SUM_OF_SQUARES
from bettercare.monitoring.year_to_date import pooled_year_to_date
from bettercare.reference.models import Metric

YEAR = FinancialYear(2026)


def metric(ci_method: str) -> Metric:
    return Metric(code="m", title="M", polarity="lower", multiplier=100000, ci_method=ci_method, definition={})


def month(m: Metric, start: date, numerator, denominator, parts=None) -> Figure:
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return Figure(metric=m, kind="actual", label="", period=f"{start:%Y-%m}", start=start, end=end,
                  locality_id=None, locality_name="", component="",
                  numerator=None if numerator is None else Decimal(numerator),
                  denominator=None if denominator is None else Decimal(denominator), stated=None, source="engine",
                  parts=parts or {})


def months(m: Metric, rows, parts=None) -> list[Figure]:
    return [month(m, date(2026, 4 + i, 1), n, d, parts) for i, (n, d) in enumerate(rows)]


def test_a_rates_counts_add_and_its_population_is_the_years():
    pooled = pooled_year_to_date(months(metric("rate"), [(40, 180000), (50, 180000), (45, 180000)]), YEAR)
    assert (pooled.start, pooled.end, pooled.period) == (date(2026, 4, 1), date(2026, 6, 30), "2026-04..2026-06")
    assert (pooled.numerator, pooled.denominator) == (135, 180000)
    assert (pooled.label, pooled.source) == ("3 months", "pooled from the monthly figures")


def test_a_proportions_and_a_means_denominators_add_with_the_sum_of_squares():
    share = pooled_year_to_date(months(metric("proportion"), [(80, 100), (90, 120)]), YEAR)
    assert (share.numerator, share.denominator) == (170, 220)
    squares = {SUM_OF_SQUARES: (Decimal(50), None)}
    delay = pooled_year_to_date(months(metric("mean"), [(30, 20), (10, 10)], squares), YEAR)
    assert (delay.numerator, delay.denominator, delay.parts[SUM_OF_SQUARES][0]) == (40, 30, 100)


def test_dsr_bands_add_their_counts_and_keep_the_years_population():
    bands = {f"{BAND_PREFIX}65-69": (Decimal(3), Decimal(30000)), f"{BAND_PREFIX}70-74": (Decimal(5), Decimal(25000))}
    pooled = pooled_year_to_date(months(metric("dsr"), [(8, 55000), (8, 55000)], bands), YEAR)
    assert pooled.parts[f"{BAND_PREFIX}65-69"] == (6, 30000)
    assert pooled.parts[f"{BAND_PREFIX}70-74"] == (10, 25000)


def test_no_pooled_figure_with_a_gap_a_missing_count_one_month_or_not_from_april():
    rate = metric("rate")
    gap = [month(rate, date(2026, 4, 1), 1, 10), month(rate, date(2026, 6, 1), 1, 10)]
    assert pooled_year_to_date(gap, YEAR) is None
    assert pooled_year_to_date(months(rate, [(1, 10), (None, 10)]), YEAR) is None
    assert pooled_year_to_date(months(rate, [(1, 10)]), YEAR) is None
    late_start = [month(rate, date(2026, 5, 1), 1, 10), month(rate, date(2026, 6, 1), 1, 10)]
    assert pooled_year_to_date(late_start, YEAR) is None


def test_only_the_years_own_months_are_pooled():
    rate = metric("rate")
    figures = [month(rate, date(2026, 3, 1), 99, 10)] + months(rate, [(1, 10), (2, 10)])
    assert pooled_year_to_date(figures, YEAR).numerator == 3
