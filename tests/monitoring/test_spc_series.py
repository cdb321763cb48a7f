"""The SPC series: longest comparable series across financial years, gaps, no SPC on overlapping
rolling figures, baseline fixed after 20 points, recorded notes and rebases (issue 14)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bettercare.monitoring.figures import Figure
from bettercare.monitoring.spc_series import BASELINE_POINTS, ChartNote, choose_series, spc_summary
from bettercare.plans.models import Metric


def metric(code: str = "falls", numerator: str = "falls", polarity: str = "lower") -> Metric:
    return Metric(
        code=code,
        title="Falls",
        polarity=polarity,
        multiplier=100000,
        ci_method="rate",
        population_base="65+",
        definition={"numerator": numerator, "denominator": "population 65+"},
    )


def month_end(start: date, months: int) -> date:
    index = start.year * 12 + start.month - 1 + months
    return date(index // 12, index % 12 + 1, 1) - timedelta(days=1)


def figure(m: Metric, start: date, value: float, months: int = 1, pk: int = 0) -> Figure:
    label = f"{start:%Y-%m}" if months == 1 else f"{start:%Y-%m}..{month_end(start, months):%Y-%m}"
    return Figure(
        metric=m,
        kind="actual",
        label="",
        period=label,
        start=start,
        end=month_end(start, months),
        locality_id=None,
        locality_name="",
        component="",
        numerator=None,
        denominator=None,
        stated=Decimal(str(value)),
        source="test",
        pk=pk,
    )


def months(first: date, count: int) -> list[date]:
    return [date(first.year + (first.month - 1 + i) // 12, (first.month - 1 + i) % 12 + 1, 1) for i in range(count)]


VALUES = [10, 12, 11, 13, 9, 12, 10, 11, 12, 10, 13, 11, 12, 10, 11, 12, 9, 11, 12, 10, 11, 12, 13, 10]


def test_the_series_runs_across_financial_years_and_keeps_gaps() -> None:
    m = metric()
    figures = [figure(m, start, v) for start, v in zip(months(date(2023, 4, 1), 24), VALUES, strict=True)]
    del figures[14]  # June 2024
    spc, note = spc_summary(m, figures)
    assert note == ""
    assert spc["periods"][0] == "2023-04" and spc["periods"][-1] == "2025-03" and len(spc["periods"]) == 24
    assert spc["missing"] == ["2024-06"] and spc["values"][14] is None and spc["point_type"][14] == "missing"
    assert sum(spc["present"]) == 23 and not spc["trial"]
    group = spc["groups"][0]
    assert group["points_used"] == BASELINE_POINTS and group["baseline_end"] == "2024-12"  # 20 points, gap skipped
    assert spc["variation_icon"] == "common_cause"


def test_overlapping_rolling_figures_are_not_an_spc_series() -> None:
    m = metric()
    rolling = [figure(m, start, 80 + i, months=3) for i, start in enumerate(months(date(2018, 3, 1), 6))]
    spc, note = spc_summary(m, rolling)
    assert spc is None
    assert note == (
        "No SPC chart: the 3-month figures overlap (rolling or year-to-date figures), so they are not an SPC series."
    )
    monthly = [figure(m, start, 80 + i) for i, start in enumerate(months(date(2018, 4, 1), 5))]
    series, length, notes = choose_series(rolling + monthly)
    assert length == 1 and [f.period for f in series] == ["2018-04", "2018-05", "2018-06", "2018-07", "2018-08"]
    assert notes == ["the 3-month figures overlap (rolling or year-to-date figures), so they are not an SPC series"]


def test_quarters_that_follow_one_another_are_a_series_and_annual_figures_are_not() -> None:
    m = metric()
    quarters = [figure(m, start, 80 + i % 3, months=3) for i, start in enumerate(months(date(2018, 4, 1), 24)[::3])]
    series, length, _ = choose_series(quarters)
    assert length == 3 and len(series) == 8
    years = [figure(m, date(2016 + i, 4, 1), 600 + i, months=12) for i in range(3)]
    assert spc_summary(m, years) == (None, "No SPC chart: fewer than two monthly or quarterly figures.")


def test_figures_under_an_earlier_definition_are_left_out() -> None:
    old, new = metric(numerator="falls (old coding)"), metric()
    figures = [figure(old, start, 5) for start in months(date(2022, 4, 1), 12)]
    figures += [figure(new, start, v) for start, v in zip(months(date(2023, 4, 1), 14), VALUES, strict=False)]
    spc, note = spc_summary(new, figures)
    assert spc["periods"][0] == "2023-04" and len(spc["periods"]) == 14
    assert note == "figures under an earlier definition of the metric are left out"


def test_of_two_figures_for_one_period_the_latest_entered_is_charted() -> None:
    m = metric()
    figures = [
        figure(m, start, v, pk=i + 10)
        for i, (start, v) in enumerate(zip(months(date(2023, 4, 1), 3), VALUES, strict=False))
    ]
    figures.append(figure(m, date(2023, 5, 1), 99, pk=99))
    spc, _ = spc_summary(m, figures)
    assert spc["values"] == [10.0, 99.0, 11.0]


def test_notes_and_rebases_recorded_with_their_reason() -> None:
    m = metric(polarity="higher")
    values = VALUES[:12] + [v + 8 for v in VALUES[:12]]
    figures = [figure(m, start, v) for start, v in zip(months(date(2023, 4, 1), 24), values, strict=True)]
    without, _ = spc_summary(m, figures)
    assert any(t == "special_cause_improvement" for t in without["point_type"])  # the step up is special cause
    notes = [
        ChartNote(date(2024, 4, 15), "Home First launched", rebase=True),
        ChartNote(date(2023, 9, 1), "Winter plan"),
    ]
    spc, _ = spc_summary(m, figures, notes=notes)
    assert [(g["start"], g["reason"], g["n"]) for g in spc["groups"]] == [
        ("2023-04", "", 12),
        ("2024-04", "Home First launched", 12),
    ]
    assert spc["notes"] == [
        {"on": date(2023, 9, 1), "text": "Winter plan", "rebase": False},
        {"on": date(2024, 4, 15), "text": "Home First launched", "rebase": True},
    ]
    assert all(t == "common_cause" for t in spc["point_type"])  # each level on its own limits
    assert spc["trial"] and spc["variation_icon"] is None  # 12 points since the rebase: trial limits


def test_a_target_series_is_drawn_per_period() -> None:
    m = metric()
    figures = [figure(m, start, v) for start, v in zip(months(date(2023, 4, 1), 14), VALUES, strict=False)]
    spc, _ = spc_summary(m, figures, target_of=lambda f: 9.0 if f.start.year == 2024 else None)
    assert spc["targets"][:9] == [None] * 9 and spc["targets"][9:] == [9.0] * 5
    assert spc["target"] == 9.0 and spc["assurance"] is not None
