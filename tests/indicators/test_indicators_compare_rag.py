"""Comparison with a target, RAG rules and the seed checks from the HWB papers in shared/seeds."""

from __future__ import annotations

import numpy as np
import pytest

from bettercare.indicators import (
    Comparison,
    Estimate,
    Month,
    Polarity,
    Rag,
    SignificanceRule,
    ThresholdRule,
    ToleranceRule,
    compare,
    compare_many,
    compare_to_target,
    make_rag_rule,
    per_day_rate,
    proportion,
    rate,
    trajectory_forecast,
)
from bettercare.indicators.rag import ACHIEVED, NO_DATA, NOT_ACHIEVED, NOT_ON_TRACK, ON_TRACK


def est(value: float, lower: float, upper: float, confidence: float = 0.95) -> Estimate:
    return Estimate(value, lower, upper, "test", confidence)


@pytest.mark.parametrize(
    ("interval", "polarity", "outcome", "side"),
    [
        ((12, 11, 13), "higher", Comparison.BETTER, "above"),
        ((12, 11, 13), "lower", Comparison.WORSE, "above"),
        ((8, 7, 9), "higher", Comparison.WORSE, "below"),
        ((8, 7, 9), "lower", Comparison.BETTER, "below"),
        ((10.5, 9, 12), "lower", Comparison.SIMILAR, "overlaps"),
        ((11, 10, 12), "higher", Comparison.SIMILAR, "overlaps"),  # touching the target is similar
    ],
)
def test_compare(interval: tuple[float, float, float], polarity: str, outcome: Comparison, side: str) -> None:
    result = compare(est(*interval), 10, polarity)
    assert result.outcome is outcome and result.side == side and result.reason is None
    assert compare_to_target(est(*interval), 10, polarity) == result


def test_not_compared_has_a_reason() -> None:
    assert compare(est(1, 0, 2), None, "lower").reason == "no target to compare with"
    assert compare(est(1, 0, 2), float("nan"), "lower").outcome is Comparison.NOT_COMPARED
    missing = compare(proportion(None, 10), 50, "higher")
    assert missing.outcome is Comparison.NOT_COMPARED and missing.reason == "numerator missing"
    with pytest.raises(ValueError, match="polarity"):
        compare(est(1, 0, 2), 1, "sideways")


def test_compare_many_matches_compare() -> None:
    estimates = rate([50, 100, 150, None, 0], [1000, 1000, 1000, 1000, 1000], multiplier=1000)
    targets = [100, 100, 100, 100, 100]
    many = compare_many(estimates, targets, Polarity.LOWER)
    one_by_one = [compare(e, t, Polarity.LOWER).outcome.value for e, t in zip(estimates, targets, strict=True)]
    assert many.tolist() == one_by_one
    assert many.tolist()[:4] == ["better", "similar", "worse", "not_compared"]


# ---------------------------------------------------------------------------------------------
# Seeds: Leicestershire HWB 27 Sep 2018 and Norfolk HWB 1 Apr 2014
# ---------------------------------------------------------------------------------------------
def test_leicestershire_permanent_admissions_forecast_is_amber() -> None:
    forecast = rate(927, 1, multiplier=1)  # forecast count with Byar's 95% limits
    assert forecast.lower < 890 < forecast.upper
    result = SignificanceRule().assess(forecast, 890, "lower")
    assert result.comparison is not None and result.comparison.outcome is Comparison.SIMILAR
    assert result.rating is Rag.AMBER
    assert result.rule == "significance" and result.parameters["confidence"] == 0.95
    assert result.progress == NOT_ON_TRACK and result.achievement == NOT_ACHIEVED


def test_norfolk_2014_permanent_admissions_rate() -> None:
    assert round(rate(151, 21_495).value, 1) == 702.5
    assert round(rate(159, 21_491).value, 1) == 739.8


def test_leicestershire_non_elective_forecast_is_green() -> None:
    forecast = trajectory_forecast(22_551, 70_569 - 23_152)
    assert forecast.value == 69_968
    result = make_rag_rule({"rule": "significance"}).assess(forecast, 70_569, "lower")
    assert result.rating is Rag.GREEN and result.progress == ON_TRACK


def test_leicestershire_dtoc_july_2018_is_green() -> None:
    july = Month(2018, 7)
    population = 978 / 179.91 * 100_000  # the 18+ population implied by the published monthly rate
    daily = per_day_rate(978, july, population)
    assert round(daily.value, 2) == 5.80
    assert round(daily.value * july.days, 1) == 179.9
    assert SignificanceRule().assess(daily, 7.88, "lower").rating is Rag.GREEN


# ---------------------------------------------------------------------------------------------
# Rules
# ---------------------------------------------------------------------------------------------
def test_tolerance_rule() -> None:
    rule = ToleranceRule(band=0.02)
    assert rule.assess(70_000, 70_569, "lower").rating is Rag.GREEN
    assert rule.assess(71_000, 70_569, "lower").rating is Rag.AMBER  # 0.6% over
    assert rule.assess(73_000, 70_569, "lower").rating is Rag.RED
    assert rule.assess(86.0, 87.0, "higher").rating is Rag.AMBER
    absolute = ToleranceRule(band=5, relative=False)
    assert absolute.assess(93, 89, "lower").rating is Rag.AMBER
    assert absolute.parameters == {"band": 5, "relative": False}
    grey = rule.assess(None, 10, "lower")
    assert grey.rating is Rag.GREY and grey.progress == NO_DATA and grey.achievement == NO_DATA


def test_threshold_rule() -> None:
    rule = ThresholdRule()
    assert rule.assess(est(89, 80, 95), 87, "higher").rating is Rag.GREEN
    assert rule.assess(86.9, 87, "higher").rating is Rag.RED
    assert rule.assess(87, 87, "higher").achievement == ACHIEVED
    assert rule.assess(5, None, "higher").rating is Rag.GREY


def test_significance_rule_mapping_and_grey() -> None:
    rule = make_rag_rule({"rule": "significance", "similar": "green"})
    assert rule.assess(est(10.5, 9, 12), 10, "lower").rating is Rag.GREEN
    assert rule.parameters["similar"] == "green"
    default = SignificanceRule()
    plain = default.assess(10.5, 10, "lower")
    assert plain.rating is Rag.GREY and "confidence interval" in (plain.reason or "")
    assert default.assess(rate(None, 10), 10, "lower").rating is Rag.GREY
    strict = SignificanceRule(confidence=0.998)
    with pytest.raises(ValueError, match="99.8%"):
        strict.assess(est(1, 0, 2, confidence=0.95), 1, "lower")


def test_amber_progress_follows_the_point_value() -> None:
    amber_meeting = SignificanceRule().assess(est(9.5, 8, 11), 10, "lower")
    amber_missing = SignificanceRule().assess(est(10.5, 9, 12), 10, "lower")
    assert amber_meeting.rating is amber_missing.rating is Rag.AMBER
    assert amber_meeting.progress == ON_TRACK and amber_missing.progress == NOT_ON_TRACK


@pytest.mark.parametrize(
    ("spec", "kind", "params"),
    [
        (None, SignificanceRule, {"better": "green", "similar": "amber", "worse": "red"}),
        ("threshold", ThresholdRule, {}),
        ({"rule": "tolerance", "band": 0.02}, ToleranceRule, {"band": 0.02, "relative": True}),
        ({"rule": "tolerance", "band": "2%"}, ToleranceRule, {"band": 0.02, "relative": True}),
        (
            {"rule": "significance", "confidence": 0.998},
            SignificanceRule,
            {"better": "green", "similar": "amber", "worse": "red", "confidence": 0.998},
        ),
    ],
)
def test_make_rag_rule(spec: object, kind: type, params: dict[str, object]) -> None:
    rule = make_rag_rule(spec)  # type: ignore[arg-type]
    assert isinstance(rule, kind)
    assert rule.parameters == params


@pytest.mark.parametrize(
    "spec",
    [
        {"rule": "vibes"},
        {"rule": "tolerance", "width": 2},
        {"rule": "significance", "similar": "purple"},
        {"rule": "tolerance", "band": -1},
        {"rule": "tolerance", "relative": "yes"},
    ],
)
def test_make_rag_rule_rejects_bad_specs(spec: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        make_rag_rule(spec)


def test_each_result_records_its_rule() -> None:
    e = est(np.float64(105.0), 100.0, 110.0)
    for spec in ({"rule": "significance"}, {"rule": "tolerance", "band": 0.1}, {"rule": "threshold"}):
        result = make_rag_rule(spec).assess(e, 100, "higher")
        assert result.rule == spec["rule"]
        assert result.target == 100 and result.value == 105
