"""XmR statistical process control charts in the NHS England "Making Data Count" style.

The rules are those of the NHS-R community's NHSRplotthedots R package (``ptd_spc``), which
implements Making Data Count (NHS England / NHS Improvement, "Making data count", 2017-2019):

* Computed per rebase group; points ordered by date; only the first ``fix_after_n_points``
  points (if set, at least 12) are used for the limits.
* Centre line: the mean. Moving ranges MRᵢ = |yᵢ − yᵢ₋₁|; AMR = mean(MR).
* Screening (default on): drop moving ranges that are not < 3.267·AMR, then recompute AMR once.
* Process limits: mean ∓ 2.66·AMR; "near" (2σ) limits: mean ∓ (2·2.66/3)·AMR.
* Per point: ``outside_limits`` (y > upl or y < lpl, strict); ``relative_to_mean`` = sign(y − mean)
  (0 breaks runs); ``close_to_limits`` = not outside and beyond a near limit.
* Special-cause type, first rule that applies wins:
  1. outside the limits → "Above UCL" / "Below LCL";
  2. 7-point trend: 7 consecutive points each strictly above (below) the previous one — all 7
     flagged → "7 Point Trend (Increasing)" / "(Decreasing)";
  3. 2 in 3: two of any three consecutive points close to the limits with all three on the same
     side of the mean — only the close points are flagged → "2 in 3 Above CL" / "2 in 3 Below CL";
  4. shift: 7 consecutive points on the same side of the mean — all flagged →
     "7 Points Above CL" / "7 Points Below CL".
* Point type: direction +1 for Above/Increasing, −1 for Below/Decreasing, times the improvement
  direction (increase 1, decrease −1): positive → special_cause_improvement, negative →
  special_cause_concern; with a neutral direction special_cause_neutral_high/low; otherwise
  common_cause.
* Variation icon: the point type of the last point. Assurance icon (only with a target and a
  non-neutral direction, on the last point's limits): target > upl → consistent_fail (increase) or
  consistent_pass (decrease); target < lpl → the reverse; otherwise inconsistent.
* A warning for each rebase group with fewer than 13 points (trial limits).

``nhspy_compat=True`` reproduces the nhspy-plotthedots Python package instead where it differs:
its shift rule has no "≠ 0" guard (7 points exactly on the mean are flagged), its near limits are
computed as mean ∓ (2.66·2/3)·AMR, its means are numpy's (pairwise summation; R's are correctly
rounded, which can differ in the last bit), and it accepts ``fix_after_n_points`` below 12.

Why it is long: the whole NHSRplotthedots rule set (limits, rebasing, screening, the four special-
cause rules, variation and assurance icons) read as one algorithm against its reference; splitting
the rules from the limits would separate code that is checked as one."""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .compare import Polarity

__all__ = [
    "xmr",
    "XmrResult",
    "XmrPoint",
    "XmrGroup",
    "seven_point_one_side_mean",
    "part_of_seven",
    "seven_point_trend",
    "two_in_three",
    "part_of_two_in_three",
    "classify_special_cause",
    "point_type",
    "assurance_type",
    "variation_icon",
    "LIMIT",
    "NEAR_LIMIT",
    "SCREEN_FACTOR",
    "SHORT_GROUP",
]

Improvement = Literal["increase", "decrease", "neutral"]

#: Process limits sit this many average moving ranges from the mean (3σ for an XmR chart).
LIMIT = 2.66
#: Near limits (2σ): 2·2.66/3 average moving ranges from the mean.
NEAR_LIMIT = 2 * (LIMIT / 3)
#: Moving ranges not below this multiple of the average moving range are screened out.
SCREEN_FACTOR = 3.267
#: Rebase groups with fewer points than this get a short-group warning.
SHORT_GROUP = 13
#: Smallest ``fix_after_n_points`` accepted (NHSRplotthedots' rule).
MIN_FIX_AFTER = 12

COMMON_CAUSE = "Common Cause"


# --------------------------------------------------------------------------------------------
# Rule helpers (public so they can be tested on their own)
# --------------------------------------------------------------------------------------------
def seven_point_one_side_mean(relative_to_mean: ArrayLike, *, zero_breaks_run: bool = True) -> NDArray[np.int_]:
    """1 where a point is the 7th or later of a run on one side of the mean, else 0.

    Each point is compared with the six before it (the series is padded with six zeros in front).
    ``zero_breaks_run=False`` reproduces nhspy-plotthedots, where points on the mean (0) form runs.
    """
    v = np.asarray(relative_to_mean, dtype=np.float64)
    padded = np.concatenate([np.zeros(6), v])
    out = np.zeros(v.size, dtype=int)
    for i in range(v.size):
        current = padded[i + 6]
        if np.all(padded[i : i + 6] == current) and (current != 0 or not zero_breaks_run):
            out[i] = 1
    return out


def part_of_seven(flags: ArrayLike) -> NDArray[np.bool_]:
    """True where this point or any of the next six has a flag of magnitude 1 (back-fills a run of 7)."""
    v = np.abs(np.asarray(flags, dtype=np.float64)) == 1
    padded = np.concatenate([v, np.zeros(6, dtype=bool)])
    return np.array([bool(padded[i : i + 7].any()) for i in range(v.size)], dtype=bool)


def seven_point_trend(y: ArrayLike) -> NDArray[np.int_]:
    """+1 (−1) at a point ending 7 strictly increasing (decreasing) points; ties break a trend."""
    values = np.asarray(y, dtype=np.float64)
    out = np.zeros(values.size, dtype=int)
    if values.size < 7:
        return out
    steps = np.sign(np.diff(values))
    for i in range(6, values.size):
        window = steps[i - 6 : i]
        if np.all(window == 1):
            out[i] = 1
        elif np.all(window == -1):
            out[i] = -1
    return out


def two_in_three(close_to_limits: ArrayLike, relative_to_mean: ArrayLike) -> NDArray[np.bool_]:
    """True where any 3-point window containing the point has ≥ 2 close points, all on one side."""
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


def classify_special_cause(
    y: ArrayLike,
    relative_to_mean: ArrayLike,
    outside_limits: ArrayLike,
    part_trend: ArrayLike,
    part_two_in_three: ArrayLike,
    part_one_side: ArrayLike,
) -> list[str]:
    """Special-cause type per point from the rule components, in precedence order.

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
        where = "Above" if rtm[i] > 0 else ("Below" if rtm[i] < 0 else "On")
        if outside[i]:
            types.append("Above UCL" if rtm[i] == 1 else "Below LCL")
        elif trend[i]:
            types.append("7 Point Trend (Increasing)" if direction == 1 else "7 Point Trend (Decreasing)")
        elif two[i]:
            types.append(f"2 in 3 {where} CL")
        elif side[i]:
            types.append(f"7 Points {where} CL")
        else:
            types.append(COMMON_CAUSE)
    return types


def _direction_value(improvement: Improvement) -> int:
    return {"increase": 1, "decrease": -1, "neutral": 0}[improvement]


def point_type(special_cause_type: str, improvement: Improvement) -> str:
    """common_cause, special_cause_improvement/concern or special_cause_neutral_high/low."""
    if "Above" in special_cause_type or "Increasing" in special_cause_type:
        v = 1
    elif "Below" in special_cause_type or "Decreasing" in special_cause_type:
        v = -1
    else:
        v = 0
    direction = _direction_value(improvement)
    if direction == 0:
        return {1: "special_cause_neutral_high", -1: "special_cause_neutral_low"}.get(v, "common_cause")
    v *= direction
    return {1: "special_cause_improvement", -1: "special_cause_concern"}.get(v, "common_cause")


def assurance_type(lpl: float, upl: float, target: float | None, improvement: Improvement) -> str | None:
    """consistent_pass / consistent_fail / inconsistent, or None without a target or when neutral."""
    if target is None or improvement == "neutral":
        return None
    increasing = improvement == "increase"
    if target > upl:
        return "consistent_fail" if increasing else "consistent_pass"
    if target < lpl:
        return "consistent_pass" if increasing else "consistent_fail"
    return "inconsistent"


def variation_icon(point_type_of_last_point: str, improvement: Improvement) -> str:
    """Making Data Count variation icon name for the last point's type."""
    if point_type_of_last_point == "special_cause_improvement":
        return "improvement_high" if improvement == "increase" else "improvement_low"
    if point_type_of_last_point == "special_cause_concern":
        return "concern_low" if improvement == "increase" else "concern_high"
    if point_type_of_last_point == "special_cause_neutral_high":
        return "neutral_high"
    if point_type_of_last_point == "special_cause_neutral_low":
        return "neutral_low"
    return "common_cause"


_ASSURANCE_ICONS = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class XmrPoint:
    index: int
    date: Any
    y: float
    rebase_group: int
    mean: float
    lpl: float
    upl: float
    nlpl: float
    nupl: float
    outside_limits: bool
    relative_to_mean: int
    close_to_limits: bool
    special_cause_type: str
    special_cause_flag: bool
    point_type: str
    short_group_warning: bool


@dataclass(frozen=True, slots=True)
class XmrGroup:
    """One rebase group: its points ``start:stop`` and its limits."""

    group: int
    start: int
    stop: int
    n: int
    points_used: int
    mean: float
    amr: float
    lpl: float
    upl: float
    nlpl: float
    nupl: float
    n_common_cause: int
    n_special_cause_improvement: int
    n_special_cause_concern: int
    n_special_cause_neutral: int


@dataclass(frozen=True, eq=False)
class XmrResult:
    """Per-point arrays (in date order), per-group summaries, icons and warnings."""

    y: NDArray[np.float64]
    dates: tuple[Any, ...] | None
    rebase_group: NDArray[np.int_]
    mean: NDArray[np.float64]
    lpl: NDArray[np.float64]
    upl: NDArray[np.float64]
    nlpl: NDArray[np.float64]
    nupl: NDArray[np.float64]
    outside_limits: NDArray[np.bool_]
    relative_to_mean: NDArray[np.int_]
    close_to_limits: NDArray[np.bool_]
    special_cause_type: tuple[str, ...]
    special_cause_flag: NDArray[np.bool_]
    point_type: tuple[str, ...]
    short_group_warning: NDArray[np.bool_]
    groups: tuple[XmrGroup, ...]
    improvement: Improvement
    target: float | None
    screen_outliers: bool
    fix_after_n_points: int | None
    variation_type: str
    variation_icon: str
    assurance_type: str | None
    assurance_icon: str | None
    warnings: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.y.size)

    def records(self) -> list[XmrPoint]:
        """One :class:`XmrPoint` per point, in date order."""
        return [
            XmrPoint(
                index=i,
                date=None if self.dates is None else self.dates[i],
                y=float(self.y[i]),
                rebase_group=int(self.rebase_group[i]),
                mean=float(self.mean[i]),
                lpl=float(self.lpl[i]),
                upl=float(self.upl[i]),
                nlpl=float(self.nlpl[i]),
                nupl=float(self.nupl[i]),
                outside_limits=bool(self.outside_limits[i]),
                relative_to_mean=int(self.relative_to_mean[i]),
                close_to_limits=bool(self.close_to_limits[i]),
                special_cause_type=self.special_cause_type[i],
                special_cause_flag=bool(self.special_cause_flag[i]),
                point_type=self.point_type[i],
                short_group_warning=bool(self.short_group_warning[i]),
            )
            for i in range(len(self))
        ]


# --------------------------------------------------------------------------------------------
# The chart
# --------------------------------------------------------------------------------------------
def _mean(values: NDArray[np.float64]) -> float:
    """The mean, correctly rounded (computed exactly, then rounded once).

    R's ``mean`` sums in extended precision and adds a corrective second pass, which in practice
    gives the correctly rounded mean; exact rational arithmetic gives it always.
    """
    if values.size == 0:
        return math.nan
    return float(sum(map(Fraction, values.tolist()), Fraction(0)) / values.size)


def _numpy_mean(values: NDArray[np.float64]) -> float:
    """The mean as numpy computes it (pairwise summation), as nhspy-plotthedots does."""
    return math.nan if values.size == 0 else float(np.mean(values))


def _improvement(value: Improvement | Polarity | str) -> Improvement:
    if isinstance(value, Polarity):
        return "increase" if value is Polarity.HIGHER else "decrease"
    text = str(value).strip().lower()
    if text in ("increase", "higher", "up"):
        return "increase"
    if text in ("decrease", "lower", "down"):
        return "decrease"
    if text == "neutral":
        return "neutral"
    raise ValueError(f"improvement must be 'increase', 'decrease' or 'neutral', got {value!r}")


def _group_limits(
    y: NDArray[np.float64], fix_after: int | None, screen: bool, nhspy: bool
) -> tuple[float, float, float, float, float, float, int]:
    used = y if fix_after is None else y[:fix_after]
    average = _numpy_mean if nhspy else _mean
    centre = average(used)
    mr = np.abs(np.diff(used))
    amr = average(mr)
    if screen and mr.size:
        mr = mr[mr < SCREEN_FACTOR * amr]
        amr = average(mr)
    near = LIMIT * 2 / 3 if nhspy else NEAR_LIMIT
    return (
        centre,
        amr,
        centre - LIMIT * amr,
        centre + LIMIT * amr,
        centre - near * amr,
        centre + near * amr,
        int(used.size),
    )


def xmr(
    values: Sequence[float] | NDArray[np.float64],
    dates: Sequence[Hashable] | None = None,
    improvement: Improvement | Polarity | str = "increase",
    target: float | None = None,
    screen_outliers: bool = True,
    fix_after_n_points: int | None = None,
    rebase_at: Sequence[Any] = (),
    *,
    nhspy_compat: bool = False,
) -> XmrResult:
    """An XmR chart with Making Data Count special-cause rules (see the module docstring).

    ``values`` must all be present (finite). ``dates`` (any sortable labels: dates, months, ...)
    orders the points; without dates the given order is used. ``rebase_at`` lists the dates (or,
    without dates, the 0-based positions) at which a new rebase group starts. ``improvement`` is
    "increase", "decrease" or "neutral" (a :class:`Polarity` is accepted too).
    """
    direction = _improvement(improvement)
    y = np.asarray(values, dtype=np.float64).ravel()
    if y.size == 0:
        raise ValueError("an XmR chart needs at least one value")
    if not np.isfinite(y).all():
        raise ValueError("every value must be present and finite (remove or fill missing periods first)")
    if fix_after_n_points is not None:
        fix = int(fix_after_n_points)
        smallest = 2 if nhspy_compat else MIN_FIX_AFTER
        if fix != fix_after_n_points or fix < smallest:
            raise ValueError(f"fix_after_n_points must be a whole number of at least {smallest}")
    else:
        fix = None
    t = None if target is None or float(target) != float(target) else float(target)

    # order by date
    date_list: list[Any] | None = None
    if dates is not None:
        date_list = list(dates)
        if len(date_list) != y.size:
            raise ValueError(f"dates ({len(date_list)}) and values ({y.size}) must have the same length")
        order = sorted(range(y.size), key=lambda i: date_list[i])  # type: ignore[index]
        y = y[order]
        date_list = [date_list[i] for i in order]

    # rebase groups: a rebase point starts a new group (group ids are the running count of rebases)
    starts = np.zeros(y.size, dtype=int)
    for r in rebase_at:
        if date_list is None:
            if not isinstance(r, (int, np.integer)) or isinstance(r, bool) or not 0 <= int(r) < y.size:
                raise ValueError(f"without dates, rebase_at holds 0-based positions; {r!r} is not one")
            starts[int(r)] = 1
        else:
            hits = [i for i, d in enumerate(date_list) if d == r]
            if not hits:
                raise ValueError(f"rebase date {r!r} is not one of the dates")
            starts[hits] = 1
    group = np.cumsum(starts)

    n = y.size
    mean = np.empty(n)
    lpl = np.empty(n)
    upl = np.empty(n)
    nlpl = np.empty(n)
    nupl = np.empty(n)
    outside = np.zeros(n, dtype=bool)
    rtm = np.zeros(n, dtype=int)
    close = np.zeros(n, dtype=bool)
    types: list[str] = [COMMON_CAUSE] * n
    short = np.zeros(n, dtype=bool)
    warnings: list[str] = []
    groups: list[XmrGroup] = []
    boundaries = np.flatnonzero(np.diff(group)) + 1
    for start, stop in zip(np.r_[0, boundaries], np.r_[boundaries, n], strict=True):
        start, stop = int(start), int(stop)
        gy = y[start:stop]
        centre, amr, lo, hi, nlo, nhi, used = _group_limits(gy, fix, screen_outliers, nhspy_compat)
        sl = slice(start, stop)
        mean[sl], lpl[sl], upl[sl], nlpl[sl], nupl[sl] = centre, lo, hi, nlo, nhi
        g_out = (gy > hi) | (gy < lo)
        g_rtm = np.sign(gy - centre).astype(int)
        g_close = ~g_out & ((gy < nlo) | (gy > nhi))
        outside[sl], rtm[sl], close[sl] = g_out, g_rtm, g_close
        parts_trend = part_of_seven(seven_point_trend(gy))
        parts_two = part_of_two_in_three(two_in_three(g_close, g_rtm), g_close)
        parts_side = part_of_seven(seven_point_one_side_mean(g_rtm, zero_breaks_run=not nhspy_compat))
        g_types = classify_special_cause(gy, g_rtm, g_out, parts_trend, parts_two, parts_side)
        types[sl] = g_types
        label = int(group[start])
        size = stop - start
        if size < SHORT_GROUP:
            short[sl] = True
            warnings.append(
                f"rebase group {label} has {size} point{'s' if size != 1 else ''} (fewer than {SHORT_GROUP}): "
                "its limits are trial limits and will change as points are added"
            )
        if not math.isfinite(amr):
            warnings.append(
                f"rebase group {label}: no usable moving ranges (a single point or no variation), "
                "so it has no process limits"
            )
        g_ptypes = [point_type(s, direction) for s in g_types]
        groups.append(
            XmrGroup(
                group=label,
                start=start,
                stop=stop,
                n=size,
                points_used=used,
                mean=centre,
                amr=amr,
                lpl=lo,
                upl=hi,
                nlpl=nlo,
                nupl=nhi,
                n_common_cause=g_ptypes.count("common_cause"),
                n_special_cause_improvement=g_ptypes.count("special_cause_improvement"),
                n_special_cause_concern=g_ptypes.count("special_cause_concern"),
                n_special_cause_neutral=sum(p.startswith("special_cause_neutral") for p in g_ptypes),
            )
        )

    ptypes = tuple(point_type(s, direction) for s in types)
    last_type = ptypes[-1]
    assurance = assurance_type(float(lpl[-1]), float(upl[-1]), t, direction)
    return XmrResult(
        y=y,
        dates=None if date_list is None else tuple(date_list),
        rebase_group=group,
        mean=mean,
        lpl=lpl,
        upl=upl,
        nlpl=nlpl,
        nupl=nupl,
        outside_limits=outside,
        relative_to_mean=rtm,
        close_to_limits=close,
        special_cause_type=tuple(types),
        special_cause_flag=np.array([s != COMMON_CAUSE for s in types], dtype=bool),
        point_type=ptypes,
        short_group_warning=short,
        groups=tuple(groups),
        improvement=direction,
        target=t,
        screen_outliers=bool(screen_outliers),
        fix_after_n_points=fix,
        variation_type=last_type,
        variation_icon=variation_icon(last_type, direction),
        assurance_type=assurance,
        assurance_icon=None if assurance is None else _ASSURANCE_ICONS[assurance],
        warnings=tuple(warnings),
    )
