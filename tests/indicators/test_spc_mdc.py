"""Making Data Count's current rules (``rule_set="mdc"``), gaps, baselines, rebases and trial
limits, on series designed from the rule text (NHSRplotthedots #194, #202, #156, #138; issue 14).

The baseline is 12 points alternating 10 and 12, with the limits fixed on it: mean 11, average
moving range 2, so the process limits are 11 ∓ 5.32 (5.68 and 16.32) and the two-sigma (near)
limits 11 ∓ 3.547 (7.453 and 14.547). The baseline's last point, 12, is above the mean."""

from __future__ import annotations

import math

import pytest

from bettercare.indicators.spc import Rebase, xmr

BASELINE = [10.0, 12.0] * 6


def chart(tail, **options):
    options.setdefault("fix_after_n_points", 12)
    return xmr(BASELINE + list(tail), **options)


def tail_of(result, n):
    return [
        (result.special_cause_type[i], result.point_type[i], [h.rule for h in result.rules[i]])
        for i in range(len(result) - n, len(result))
    ]


def test_the_baseline_gives_the_limits_the_tests_assume() -> None:
    result = chart([11.0])
    assert result.mean[-1] == 11 and result.groups[0].amr == 2
    assert math.isclose(result.upl[-1], 16.32) and math.isclose(result.lpl[-1], 5.68)
    assert math.isclose(result.nupl[-1], 11 + 2 * 2.66 * 2 / 3)
    assert not result.special_cause_flag.any()


def test_beyond_two_sigma_then_beyond_three_sigma_on_the_same_side() -> None:
    tail = [15.0, 17.0]  # window (12, 15, 17): all above the mean, 15 beyond 2σ, 17 beyond 3σ
    mdc = chart(tail)
    assert tail_of(mdc, 2) == [
        ("2 in 3 Above CL", "special_cause_improvement", ["two_of_three"]),
        ("Above UCL", "special_cause_improvement", ["astronomical", "two_of_three"]),
    ]
    assert mdc.reasons[-2] == "2 of 3 points in a row beyond two sigma, near or beyond the upper process limit"
    assert mdc.reasons[-1].startswith("above the upper process limit; 2 of 3 points")
    # NHSRplotthedots counts only points between 2σ and 3σ: 15 is then common cause
    ptd = chart(tail, rule_set="nhsrplotthedots")
    assert tail_of(ptd, 2) == [
        ("Common Cause", "common_cause", []),
        ("Above UCL", "special_cause_improvement", ["astronomical"]),
    ]


def test_beyond_two_sigma_on_opposite_sides_is_not_two_of_three() -> None:
    result = chart([15.0, 5.0, 11.0])  # 15 beyond the upper 2σ, 5 below the lower process limit
    assert tail_of(result, 3) == [
        ("Common Cause", "common_cause", []),
        ("Below LCL", "special_cause_concern", ["astronomical"]),
        ("Common Cause", "common_cause", []),
    ]
    assert result.reasons[-2] == "below the lower process limit" and result.reasons[-3] == ""


def test_a_third_point_not_beyond_two_sigma_is_not_flagged() -> None:
    result = chart([15.0, 13.0, 15.0])  # (15, 13, 15): two beyond 2σ, 13 between the mean and 2σ
    assert [t for t, _, _ in tail_of(result, 3)] == ["2 in 3 Above CL", "Common Cause", "2 in 3 Above CL"]


def test_improvement_wins_when_improvement_and_concern_apply_to_one_point() -> None:
    falling_above_mean = [14.0, 13.8, 13.6, 13.4, 13.2, 13.0, 12.8]  # a falling trend, all above the mean
    up = chart(falling_above_mean, improvement="increase")
    for kind, ptype, rules in tail_of(up, 7):
        assert rules == ["trend", "shift"]  # trend down (concern) and shift above (improvement)
        assert (kind, ptype) == ("7 Points Above CL", "special_cause_improvement")
    down = chart(falling_above_mean, improvement="decrease")
    assert {(k, p) for k, p, _ in tail_of(down, 7)} == {("7 Point Trend (Decreasing)", "special_cause_improvement")}
    # NHSRplotthedots: the first rule in its order (trend) wins, so the points are concern
    ptd = chart(falling_above_mean, improvement="increase", rule_set="nhsrplotthedots")
    assert {(k, p) for k, p, _ in tail_of(ptd, 7)} == {("7 Point Trend (Decreasing)", "special_cause_concern")}
    assert up.reasons[-1] == (
        "part of a run of 7 or more points in a row each lower than the one before; "
        "part of a run of 7 or more points in a row above the mean"
    )


def test_a_gap_inside_a_seven_point_run_breaks_it() -> None:
    whole = chart([13.0] * 7)
    assert all(t == "7 Points Above CL" for t, _, _ in tail_of(whole, 7))
    gapped = chart([13.0] * 3 + [None] + [13.0] * 4)  # 12, 13, 13, 13 | gap | 13, 13, 13, 13
    assert not gapped.special_cause_flag.any()
    assert gapped.point_type[-5] == "missing" and gapped.special_cause_type[-5] == "Missing"
    assert not gapped.present[-5] and math.isnan(gapped.y[-5])
    assert gapped.records()[-5].y is None and gapped.groups[0].n_missing == 1
    after = chart([13.0] * 3 + [None] + [13.0] * 7)
    assert [bool(f) for f in after.special_cause_flag[-11:]] == [False] * 4 + [True] * 7


def test_a_gap_breaks_a_trend() -> None:
    rising = [11.1, 11.2, 11.3, 11.4, 11.5, 11.6, 11.7]
    assert "trend" in [h.rule for h in chart([9.0] + rising).rules[-1]]
    gapped = chart([9.0] + rising[:3] + [None] + rising[3:])
    assert all("trend" not in [h.rule for h in hits] for hits in gapped.rules)


def test_moving_ranges_are_not_taken_across_a_gap() -> None:
    result = xmr([1.0, 2.0, None, 10.0, 11.0], dates=["m1", "m2", "m3", "m4", "m5"])
    assert result.groups[0].amr == 1  # |2 − 1| and |11 − 10|; never |10 − 2|
    assert result.mean[0] == 6 and math.isclose(result.upl[0], 6 + 2.66)
    closed_up = xmr([1.0, 2.0, 10.0, 11.0])
    assert closed_up.groups[0].amr != 1


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), -float("inf")])
def test_values_that_are_not_finite_are_refused_naming_the_period(bad: float) -> None:
    with pytest.raises(ValueError, match=r"2023-05.*not a finite number"):
        xmr([1.0, bad, 3.0], dates=["2023-04", "2023-05", "2023-06"])
    with pytest.raises(ValueError, match="position 1"):
        xmr([1.0, bad, 3.0])


def test_run_length_six() -> None:
    six_above = [13.0] * 5  # with the baseline's last 12: six points above the mean
    assert not chart(six_above).special_cause_flag[-5:].any()
    six = chart(six_above, run_length=6)
    assert all(t == "6 Points Above CL" for t in six.special_cause_type[-6:])
    assert six.reasons[-1] == "part of a run of 6 or more points in a row above the mean"
    with pytest.raises(ValueError, match="6 or 7"):
        chart(six_above, run_length=8)


def test_baseline_fixed_and_rebase_recorded_with_its_reason() -> None:
    months = [f"2023-{m:02d}" for m in range(1, 13)] + [f"2024-{m:02d}" for m in range(1, 13)]
    values = BASELINE + [v + 5 for v in BASELINE]
    fixed = xmr(values[:20], dates=months[:20], fix_after_n_points=12)
    assert fixed.groups[0].points_used == 12 and fixed.mean[-1] == 11
    rebased = xmr(values, dates=months, rebase_at={"2024-01": "Home First launched"})
    assert [(g.n, g.reason, g.mean) for g in rebased.groups] == [(12, "", 11), (12, "Home First launched", 16)]
    same = xmr(values, dates=months, rebase_at=[Rebase("2024-01", "Home First launched")])
    assert same.groups[1].reason == "Home First launched"
    assert not rebased.special_cause_flag.any()


def test_trial_limits_have_a_reason_and_no_icons() -> None:
    months = [f"2024-{m:02d}" for m in range(1, 11)]
    result = xmr([5.0, 6, 5, 7, 6, 5, 6, 7, 5, 6], dates=months, target=1, improvement="decrease")
    group = result.groups[0]
    assert group.trial and group.trial_reason == (
        "10 points (fewer than 13): trial limits, which will change as points are added"
    )
    assert result.variation_icon is None and result.assurance_icon is None
    assert result.assurance_type == "consistent_fail"  # the limits still say it, as trial
    assert result.icon_note == (
        "No variation or assurance icon: the latest limits are trial limits (10 points, fewer than 13)."
    )
    thirteen = xmr([5.0, 6, 5, 7, 6, 5, 6, 7, 5, 6, 5, 6, 7], target=1, improvement="decrease")
    assert thirteen.variation_icon == "common_cause" and thirteen.assurance_icon == "fail"


def test_the_last_present_point_sets_the_icon() -> None:
    result = xmr(list(range(1, 14)) + [None])
    assert result.variation_icon == "improvement_high" and result.point_type[-1] == "missing"


def test_unknown_rule_set_and_nhspy_with_mdc_are_refused() -> None:
    with pytest.raises(ValueError, match="rule_set"):
        xmr([1.0, 2.0], rule_set="westgard")
    with pytest.raises(ValueError, match="nhspy"):
        xmr([1.0, 2.0], rule_set="mdc", nhspy_compat=True)
    with pytest.raises(ValueError, match="every period is missing"):
        xmr([None, None])
