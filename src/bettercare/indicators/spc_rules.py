"""Special-cause rules of XmR charts, one function per rule, and the words that explain them.

Two rule sets (chosen per chart by :func:`bettercare.indicators.spc.xmr`):

``"mdc"`` — NHS England, *Making Data Count* (2017-2019; "Making Data Count: strengthening your
decisions", NHS Improvement 2019; and the single-chart tool's 2023 logic, announced in
NHSRplotthedots issue #194):

* ``astronomical``: a point beyond a process limit (strictly above the upper or below the lower).
* ``two_of_three``: two of three consecutive points beyond two sigma (the near limits) on the same
  side. Since November 2023 every point beyond two sigma counts, including points beyond three
  sigma; all three points must still be on the same side of the mean, and only the points that
  are themselves beyond two sigma are flagged (NHSRplotthedots #194).
* ``shift``: ``run_length`` (7; some teams use 6, NHSRplotthedots #202) or more consecutive points
  on the same side of the mean. A point exactly on the mean breaks the run. All points flagged.
* ``trend``: ``run_length`` or more consecutive points each strictly higher (or lower) than the
  one before; a tie breaks the trend. All points flagged.
* When a point is flagged both as improvement and as concern, improvement wins (as the MDC tool
  does); with no improvement direction the first rule in the order above sets high or low.

``"nhsrplotthedots"`` — the NHS-R community's NHSRplotthedots R package (``ptd_spc``, snapshot
050b07d7eacc, 2025-09-29): the same rules except that its 2-in-3 rule counts only points between
two and three sigma (``close_to_limits``), and the first rule that applies, in the order
astronomical, trend, 2-in-3, shift, sets the point's direction.

Under both rule sets a missing period is a gap: no run, trend or 3-point window spans it (the
callers split a series into its unbroken stretches; NHSRplotthedots #156, #138).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

RuleName = Literal["astronomical", "trend", "two_of_three", "shift"]
#: The order in which rules are listed (and, for NHSRplotthedots, in which the first one wins).
RULE_ORDER: tuple[RuleName, ...] = ("astronomical", "trend", "two_of_three", "shift")
RUN_LENGTHS = (6, 7)

__all__ = [
    "RULE_ORDER",
    "RUN_LENGTHS",
    "RuleHit",
    "seven_point_one_side_mean",
    "part_of_seven",
    "seven_point_trend",
    "two_in_three",
    "part_of_two_in_three",
    "two_of_three_beyond_two_sigma",
    "rule_words",
    "special_cause_label",
    "classify_special_cause",
    "deciding_hit",
    "COMMON_CAUSE",
]


@dataclass(frozen=True, slots=True)
class RuleHit:
    """One rule that flagged a point, and which way: +1 high / increasing, −1 low / decreasing."""

    rule: RuleName
    direction: int

    def words(self, run_length: int = 7, rule_set: str = "mdc") -> str:
        return rule_words(self.rule, self.direction, run_length, rule_set)


def rule_words(rule: str, direction: int, run_length: int = 7, rule_set: str = "mdc") -> str:
    """The rule that flagged a point, in words a board member can read."""
    high = direction > 0
    if direction == 0 and rule == "shift":  # nhspy-plotthedots only: a run of points on the mean
        return f"part of a run of {run_length} or more points in a row exactly on the mean"
    if rule == "astronomical":
        return "above the upper process limit" if high else "below the lower process limit"
    if rule == "two_of_three":
        side = "upper" if high else "lower"
        if rule_set == "mdc":
            return f"2 of 3 points in a row beyond two sigma, near or beyond the {side} process limit"
        return f"2 of 3 points in a row between two and three sigma, near the {side} process limit"
    if rule == "shift":
        return f"part of a run of {run_length} or more points in a row {'above' if high else 'below'} the mean"
    if rule == "trend":
        return (
            f"part of a run of {run_length} or more points in a row each "
            f"{'higher' if high else 'lower'} than the one before"
        )
    raise ValueError(f"unknown SPC rule {rule!r}")


def _check_length(length: int) -> int:
    if length not in RUN_LENGTHS:
        raise ValueError(f"run_length must be 6 or 7 (Making Data Count allows either), got {length!r}")
    return length


# --------------------------------------------------------------------------------------------
# Rule helpers shared by both rule sets (NHSRplotthedots' functions, with the run length open)
# --------------------------------------------------------------------------------------------
def seven_point_one_side_mean(
    relative_to_mean: ArrayLike, *, zero_breaks_run: bool = True, length: int = 7
) -> NDArray[np.int_]:
    """1 where a point is the ``length``-th or later of a run on one side of the mean, else 0.

    Each point is compared with the ``length − 1`` before it (the series is padded with zeros in
    front). ``zero_breaks_run=False`` reproduces nhspy-plotthedots, where points on the mean (0)
    form runs.
    """
    back = _check_length(length) - 1
    v = np.asarray(relative_to_mean, dtype=np.float64)
    padded = np.concatenate([np.zeros(back), v])
    out = np.zeros(v.size, dtype=int)
    for i in range(v.size):
        current = padded[i + back]
        if np.all(padded[i : i + back] == current) and (current != 0 or not zero_breaks_run):
            out[i] = 1
    return out


def part_of_seven(flags: ArrayLike, *, length: int = 7) -> NDArray[np.bool_]:
    """True where this point or any of the next ``length − 1`` has a flag of magnitude 1 (back-fills
    a run of ``length``)."""
    ahead = _check_length(length) - 1
    v = np.abs(np.asarray(flags, dtype=np.float64)) == 1
    padded = np.concatenate([v, np.zeros(ahead, dtype=bool)])
    return np.array([bool(padded[i : i + ahead + 1].any()) for i in range(v.size)], dtype=bool)


def seven_point_trend(y: ArrayLike, *, length: int = 7) -> NDArray[np.int_]:
    """+1 (−1) at a point ending ``length`` strictly increasing (decreasing) points; ties break a
    trend."""
    steps_needed = _check_length(length) - 1
    values = np.asarray(y, dtype=np.float64)
    out = np.zeros(values.size, dtype=int)
    if values.size < length:
        return out
    steps = np.sign(np.diff(values))
    for i in range(steps_needed, values.size):
        window = steps[i - steps_needed : i]
        if np.all(window == 1):
            out[i] = 1
        elif np.all(window == -1):
            out[i] = -1
    return out


def two_in_three(close_to_limits: ArrayLike, relative_to_mean: ArrayLike) -> NDArray[np.bool_]:
    """True where any 3-point window containing the point has ≥ 2 close points, all on one side
    (NHSRplotthedots: close = between two and three sigma)."""
    close = np.asarray(close_to_limits, dtype=np.float64)
    rtm = np.asarray(relative_to_mean, dtype=np.float64)
    if close.size == 0:
        return np.zeros(0, dtype=bool)
    cp = np.concatenate([np.zeros(2), close, np.zeros(2)])
    rp = np.concatenate([np.zeros(2), rtm, np.zeros(2)])
    out = np.zeros(close.size, dtype=bool)
    for i in range(close.size):
        for j in (i, i + 1, i + 2):
            if cp[j : j + 3].sum() >= 2 and abs(rp[j : j + 3].sum()) == 3:
                out[i] = True
                break
    return out


def part_of_two_in_three(two_in_three_flags: ArrayLike, close_to_limits: ArrayLike) -> NDArray[np.bool_]:
    """Only the close-to-limit points of a 2-in-3 pattern are flagged."""
    a = np.asarray(two_in_three_flags, dtype=np.float64)
    b = np.asarray(close_to_limits, dtype=np.float64)
    return (a == 1) & (np.abs(b) == 1)


# --------------------------------------------------------------------------------------------
# Making Data Count's 2023 two-sigma rule
# --------------------------------------------------------------------------------------------
def two_of_three_beyond_two_sigma(beyond_two_sigma: ArrayLike, relative_to_mean: ArrayLike) -> NDArray[np.int_]:
    """+1 (−1) where a point beyond two sigma above (below) the mean belongs to a 3-point window with
    at least two points beyond two sigma on that side and all three on that side of the mean.

    ``beyond_two_sigma`` is +1 above the upper near limit (including beyond the process limit),
    −1 below the lower one, 0 otherwise (Making Data Count 2023; NHSRplotthedots #194).
    """
    beyond = np.asarray(beyond_two_sigma, dtype=np.float64)
    rtm = np.asarray(relative_to_mean, dtype=np.float64)
    out = np.zeros(beyond.size, dtype=int)
    for start in range(beyond.size - 2):
        side = rtm[start]
        window = slice(start, start + 3)
        if side == 0 or not np.all(rtm[window] == side):
            continue
        hits = beyond[window] == side
        if hits.sum() >= 2:
            out[window][hits] = int(side)
    return out


# --------------------------------------------------------------------------------------------
# Which rule decides a point's type
# --------------------------------------------------------------------------------------------
COMMON_CAUSE = "Common Cause"


def special_cause_label(rule: str, direction: int, run_length: int = 7) -> str:
    """NHSRplotthedots' name for a special-cause type ("Above UCL", "7 Point Trend (Increasing)", ...)."""
    where = "Above" if direction > 0 else ("Below" if direction < 0 else "On")
    if rule == "astronomical":
        return "Above UCL" if direction > 0 else "Below LCL"
    if rule == "trend":
        return f"{run_length} Point Trend ({'Increasing' if direction > 0 else 'Decreasing'})"
    if rule == "two_of_three":
        return f"2 in 3 {where} CL"
    if rule == "shift":
        return f"{run_length} Points {where} CL"
    raise ValueError(f"unknown SPC rule {rule!r}")


def classify_special_cause(
    y: ArrayLike,
    relative_to_mean: ArrayLike,
    outside_limits: ArrayLike,
    part_trend: ArrayLike,
    part_two_in_three: ArrayLike,
    part_one_side: ArrayLike,
    *,
    length: int = 7,
) -> list[str]:
    """NHSRplotthedots: special-cause type per point, the first rule that applies winning.

    The trend direction is sign(yᵢ − yᵢ₋₁), except that a point whose next point is also part of
    the trend takes sign(yᵢ₊₁ − yᵢ) (so the first point of a trend is labelled correctly). A run
    of points exactly on the mean (possible only with nhspy's rule) is labelled "7 Points On CL",
    which has no direction and so is common cause by point type although it is flagged.
    """
    values = np.asarray(y, dtype=np.float64)
    rtm = np.asarray(relative_to_mean, dtype=np.float64)
    outside = np.asarray(outside_limits, dtype=np.float64) != 0
    trend = np.asarray(part_trend, dtype=np.float64) != 0
    two = np.asarray(part_two_in_three, dtype=np.float64) != 0
    side = np.asarray(part_one_side, dtype=np.float64) != 0
    n = values.size
    steps = np.sign(np.diff(values))
    types: list[str] = []
    for i in range(n):
        if trend[i] and i + 1 < n and trend[i + 1]:
            direction = steps[i]
        else:
            direction = steps[i - 1] if i > 0 else 0.0
        if outside[i]:
            types.append(special_cause_label("astronomical", 1 if rtm[i] == 1 else -1, length))
        elif trend[i]:
            types.append(special_cause_label("trend", 1 if direction == 1 else -1, length))
        elif two[i]:
            types.append(special_cause_label("two_of_three", int(rtm[i]), length))
        elif side[i]:
            types.append(special_cause_label("shift", int(rtm[i]), length))
        else:
            types.append(COMMON_CAUSE)
    return types


def deciding_hit(hits: tuple[RuleHit, ...], improvement: int) -> RuleHit | None:
    """Making Data Count: of the rules that flagged a point, the one that sets its type.

    With an improvement direction (+1 higher is better, −1 lower is better) the first hit that is an
    improvement wins, else the first concern; with none (0), the first hit with a direction."""
    directed = [h for h in hits if h.direction != 0]
    if improvement:
        better = [h for h in directed if h.direction * improvement > 0]
        if better:
            return better[0]
    return directed[0] if directed else None
