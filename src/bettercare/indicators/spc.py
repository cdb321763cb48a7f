"""XmR statistical process control charts in the NHS England "Making Data Count" style.

Limits (NHS England / NHS Improvement, "Making data count", 2017-2019, as implemented by the NHS-R
community's NHSRplotthedots R package, ``ptd_spc``):

* Computed per rebase group; points ordered by date; only the first ``fix_after_n_points``
  points of a group (if set, at least 12; Making Data Count fixes a baseline of 12 to 20 points)
  are used for its limits.
* Centre line: the mean. Moving ranges MRᵢ = |yᵢ − yᵢ₋₁|; AMR = mean(MR).
* Screening (default on): drop moving ranges that are not < 3.267·AMR, then recompute AMR once.
* Process limits: mean ∓ 2.66·AMR; "near" (2σ) limits: mean ∓ (2·2.66/3)·AMR.
* Per point: ``outside_limits`` (y > upl or y < lpl, strict); ``relative_to_mean`` = sign(y − mean)
  (0 breaks runs); ``close_to_limits`` = not outside and beyond a near limit (NHSRplotthedots'
  2-in-3 input); ``beyond_two_sigma`` = beyond a near limit, outside or not (Making Data Count's).

Special-cause rules, by ``rule_set`` (each rule and its source: :mod:`.spc_rules`):

* ``"mdc"`` (default): the current Making Data Count rules — points beyond the process limits
  (``astronomical``), 2 of 3 points beyond two sigma counting points beyond three sigma too
  (``two_of_three``, the November 2023 rule, NHSRplotthedots #194), ``shift`` and ``trend`` of
  ``run_length`` points (7, or 6: NHSRplotthedots #202). When a point is both improvement and
  concern, improvement wins, as the MDC tool does.
* ``"nhsrplotthedots"``: NHSRplotthedots exactly (its 2-in-3 counts only points between two and
  three sigma; the first rule in the order outside, trend, 2-in-3, shift sets the type). Every
  NHSRplotthedots reference point is reproduced under this rule set.

Every point carries the rules that flagged it (``rules``) and the same in words (``reasons``).

Gaps: a value of ``None`` is a missing period. It is kept in its place (so charts draw a gap),
never closed up: moving ranges are taken only between neighbouring periods, and no run, trend or
3-point window spans a gap (NHSRplotthedots #156, #138). Values that are not finite (NaN, ±inf)
are refused with the period named.

Point type: direction +1 for Above/Increasing, −1 for Below/Decreasing, times the improvement
direction (increase 1, decrease −1): positive → special_cause_improvement, negative →
special_cause_concern; with a neutral direction special_cause_neutral_high/low; otherwise
common_cause ("missing" for a gap).

Icons: the variation icon is the point type of the last point; the assurance icon (only with a
target and a non-neutral direction, on the last point's limits): target > upl → consistent_fail
(increase) or consistent_pass (decrease); target < lpl → the reverse; otherwise inconsistent.
A rebase group with fewer than 13 points has *trial* limits, with the reason given; under
``"mdc"`` a chart whose last group has trial limits shows no icons.

Rebases: ``rebase_at`` lists where a new group starts — dates (or, without dates, positions),
``Rebase(at, reason)`` values, or a mapping of date to reason — and each group records its reason.

``nhspy_compat=True`` reproduces the nhspy-plotthedots Python package instead where it differs
(it implies the NHSRplotthedots rules): its shift rule has no "≠ 0" guard (7 points exactly on the
mean are flagged), its near limits are computed as mean ∓ (2.66·2/3)·AMR, its means are numpy's
(pairwise summation; R's are correctly rounded, which can differ in the last bit), and it accepts
``fix_after_n_points`` below 12.

Why it is long: the whole NHSRplotthedots / Making Data Count algorithm (limits, rebasing,
screening, gaps, the special-cause rules of both rule sets, variation and assurance icons) is read
as one against its references; the rules' definitions and sources are in ``spc_rules``."""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from .comparison import Polarity
from .spc_rules import (
    COMMON_CAUSE,
    RULE_ORDER,
    RuleHit,
    classify_special_cause,
    deciding_hit,
    part_of_seven,
    part_of_two_in_three,
    seven_point_one_side_mean,
    seven_point_trend,
    special_cause_label,
    two_in_three,
    two_of_three_beyond_two_sigma,
)

__all__ = [
    "xmr",
    "XmrResult",
    "XmrPoint",
    "XmrGroup",
    "Rebase",
    "RuleHit",
    "seven_point_one_side_mean",
    "part_of_seven",
    "seven_point_trend",
    "two_in_three",
    "part_of_two_in_three",
    "two_of_three_beyond_two_sigma",
    "classify_special_cause",
    "point_type",
    "assurance_type",
    "variation_icon",
    "LIMIT",
    "NEAR_LIMIT",
    "SCREEN_FACTOR",
    "SHORT_GROUP",
    "MISSING",
    "RULE_SETS",
]

Improvement = Literal["increase", "decrease", "neutral"]
RuleSet = Literal["mdc", "nhsrplotthedots"]
RULE_SETS: tuple[RuleSet, ...] = ("mdc", "nhsrplotthedots")

#: Process limits sit this many average moving ranges from the mean (3σ for an XmR chart).
LIMIT = 2.66
#: Near limits (2σ): 2·2.66/3 average moving ranges from the mean.
NEAR_LIMIT = 2 * (LIMIT / 3)
#: Moving ranges not below this multiple of the average moving range are screened out.
SCREEN_FACTOR = 3.267
#: Rebase groups with fewer points than this have trial limits (a warning; under "mdc" no icons).
SHORT_GROUP = 13
#: Smallest ``fix_after_n_points`` accepted (NHSRplotthedots' rule).
MIN_FIX_AFTER = 12

#: The special-cause type and point type of a missing period (a gap).
MISSING = "Missing"


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
class Rebase:
    """A new rebase group starts at ``at`` (a date, or a 0-based position without dates), because of
    ``reason`` (e.g. "new pathway from April 2024")."""

    at: Any
    reason: str = ""


@dataclass(frozen=True, slots=True)
class XmrPoint:
    index: int
    date: Any
    y: float | None
    present: bool
    rebase_group: int
    mean: float
    lpl: float
    upl: float
    nlpl: float
    nupl: float
    outside_limits: bool
    relative_to_mean: int
    close_to_limits: bool
    beyond_two_sigma: int
    special_cause_type: str
    special_cause_flag: bool
    point_type: str
    rules: tuple[str, ...]
    reason: str
    short_group_warning: bool


@dataclass(frozen=True, slots=True)
class XmrGroup:
    """One rebase group: its periods ``start:stop``, its limits, and why it started."""

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
    reason: str = ""
    trial: bool = False
    trial_reason: str = ""
    n_missing: int = 0


@dataclass(frozen=True, eq=False)
class XmrResult:
    """Per-period arrays (in date order, gaps included), per-group summaries, icons and warnings."""

    y: NDArray[np.float64]
    dates: tuple[Any, ...] | None
    present: NDArray[np.bool_]
    rebase_group: NDArray[np.int_]
    mean: NDArray[np.float64]
    lpl: NDArray[np.float64]
    upl: NDArray[np.float64]
    nlpl: NDArray[np.float64]
    nupl: NDArray[np.float64]
    outside_limits: NDArray[np.bool_]
    relative_to_mean: NDArray[np.int_]
    close_to_limits: NDArray[np.bool_]
    beyond_two_sigma: NDArray[np.int_]
    special_cause_type: tuple[str, ...]
    special_cause_flag: NDArray[np.bool_]
    point_type: tuple[str, ...]
    rules: tuple[tuple[RuleHit, ...], ...]
    reasons: tuple[str, ...]
    short_group_warning: NDArray[np.bool_]
    groups: tuple[XmrGroup, ...]
    improvement: Improvement
    target: float | None
    screen_outliers: bool
    fix_after_n_points: int | None
    rule_set: RuleSet
    run_length: int
    variation_type: str
    variation_icon: str | None
    assurance_type: str | None
    assurance_icon: str | None
    icon_note: str
    warnings: tuple[str, ...]

    def __len__(self) -> int:
        return int(self.y.size)

    @property
    def trial(self) -> bool:
        """True when the last group's limits are trial limits (fewer than 13 points)."""
        return bool(self.groups[-1].trial)

    def records(self) -> list[XmrPoint]:
        """One :class:`XmrPoint` per period, in date order (gaps have ``present=False``, ``y=None``)."""
        return [
            XmrPoint(
                index=i,
                date=None if self.dates is None else self.dates[i],
                y=float(self.y[i]) if self.present[i] else None,
                present=bool(self.present[i]),
                rebase_group=int(self.rebase_group[i]),
                mean=float(self.mean[i]),
                lpl=float(self.lpl[i]),
                upl=float(self.upl[i]),
                nlpl=float(self.nlpl[i]),
                nupl=float(self.nupl[i]),
                outside_limits=bool(self.outside_limits[i]),
                relative_to_mean=int(self.relative_to_mean[i]),
                close_to_limits=bool(self.close_to_limits[i]),
                beyond_two_sigma=int(self.beyond_two_sigma[i]),
                special_cause_type=self.special_cause_type[i],
                special_cause_flag=bool(self.special_cause_flag[i]),
                point_type=self.point_type[i],
                rules=tuple(hit.rule for hit in self.rules[i]),
                reason=self.reasons[i],
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
    y: NDArray[np.float64], present: NDArray[np.bool_], fix_after: int | None, screen: bool, nhspy: bool
) -> tuple[float, float, float, float, float, float, int]:
    """Mean, AMR and limits of one group from its first ``fix_after`` present points; moving ranges
    only between neighbouring periods (never across a gap)."""
    positions = np.flatnonzero(present)
    if fix_after is not None:
        positions = positions[:fix_after]
    used = y[positions]
    average = _numpy_mean if nhspy else _mean
    centre = average(used)
    neighbours = np.diff(positions) == 1
    mr = np.abs(np.diff(used))[neighbours]
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


def _stretches(present: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """The unbroken stretches of present points, as (start, stop) positions."""
    out, start = [], None
    for i, here in enumerate(present.tolist() + [False]):
        if here and start is None:
            start = i
        elif not here and start is not None:
            out.append((start, i))
            start = None
    return out


def _rule_hits(
    y: NDArray[np.float64],
    rtm: NDArray[np.int_],
    outside: NDArray[np.bool_],
    close: NDArray[np.bool_],
    beyond: NDArray[np.int_],
    rule_set: RuleSet,
    length: int,
    nhspy: bool,
) -> list[tuple[RuleHit, ...]]:
    """Every rule that flags each point of one unbroken stretch, in :data:`RULE_ORDER`."""
    trend = seven_point_trend(y, length=length)
    rising = part_of_seven(trend == 1, length=length)
    falling = part_of_seven(trend == -1, length=length)
    if rule_set == "mdc":
        two = two_of_three_beyond_two_sigma(beyond, rtm)
    else:  # NHSRplotthedots: only the close points (two to three sigma) of the pattern, by their side
        two = np.where(part_of_two_in_three(two_in_three(close, rtm), close), rtm, 0)
    side = part_of_seven(seven_point_one_side_mean(rtm, zero_breaks_run=not nhspy, length=length), length=length)
    hits: list[tuple[RuleHit, ...]] = []
    for i in range(y.size):
        found: dict[str, list[int]] = {rule: [] for rule in RULE_ORDER}
        if outside[i]:
            found["astronomical"].append(1 if rtm[i] == 1 else -1)
        if rising[i]:
            found["trend"].append(1)
        if falling[i]:
            found["trend"].append(-1)
        if two[i]:
            found["two_of_three"].append(int(np.sign(two[i])))
        if side[i]:
            found["shift"].append(int(rtm[i]))
        hits.append(tuple(RuleHit(rule, d) for rule in RULE_ORDER for d in found[rule]))  # type: ignore[arg-type]
    return hits


def _rebases(rebase_at: Sequence[Any] | Mapping[Any, str]) -> list[Rebase]:
    if isinstance(rebase_at, Mapping):
        return [Rebase(at, str(reason or "")) for at, reason in rebase_at.items()]
    return [r if isinstance(r, Rebase) else Rebase(r) for r in rebase_at]


def _label(date_list: list[Any] | None, i: int) -> str:
    return f"position {i}" if date_list is None else str(date_list[i])


def xmr(
    values: Sequence[float | None] | NDArray[np.float64],
    dates: Sequence[Hashable] | None = None,
    improvement: Improvement | Polarity | str = "increase",
    target: float | None = None,
    screen_outliers: bool = True,
    fix_after_n_points: int | None = None,
    rebase_at: Sequence[Any] | Mapping[Any, str] = (),
    *,
    rule_set: RuleSet | None = None,
    run_length: int = 7,
    nhspy_compat: bool = False,
) -> XmrResult:
    """An XmR chart with Making Data Count special-cause rules (see the module docstring).

    ``values`` are numbers, or ``None`` for a missing period (a gap); anything else not finite is
    refused with its period named. ``dates`` (any sortable labels: dates, months, ...) orders the
    points; without dates the given order is used. ``rebase_at``: dates (or, without dates,
    0-based positions) at which a new group starts, as :class:`Rebase` values with reasons or a
    mapping of date to reason. ``improvement`` is "increase", "decrease" or "neutral" (a
    :class:`Polarity` is accepted too). ``rule_set`` is "mdc" (default) or "nhsrplotthedots";
    ``run_length`` (6 or 7) is the length of a shift or a trend.
    """
    direction = _improvement(improvement)
    if nhspy_compat and rule_set == "mdc":
        raise ValueError("nhspy_compat reproduces nhspy-plotthedots, which uses the NHSRplotthedots rules, not 'mdc'")
    rules: RuleSet = "nhsrplotthedots" if nhspy_compat else (rule_set or "mdc")
    if rules not in RULE_SETS:
        raise ValueError(f"rule_set must be 'mdc' or 'nhsrplotthedots', got {rule_set!r}")
    if run_length not in (6, 7):
        raise ValueError(f"run_length must be 6 or 7 (Making Data Count allows either), got {run_length!r}")
    raw = list(np.asarray(values, dtype=object).ravel()) if isinstance(values, np.ndarray) else list(values)
    if not raw:
        raise ValueError("an XmR chart needs at least one value")
    date_list: list[Any] | None = None
    if dates is not None:
        date_list = list(dates)
        if len(date_list) != len(raw):
            raise ValueError(f"dates ({len(date_list)}) and values ({len(raw)}) must have the same length")
    present = np.array([v is not None for v in raw], dtype=bool)
    y = np.full(len(raw), np.nan)
    for i, v in enumerate(raw):
        if v is None:
            continue
        try:
            number = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"the value for {_label(date_list, i)} is not a number: {v!r}") from None
        if not math.isfinite(number):
            raise ValueError(
                f"the value for {_label(date_list, i)} is {number!r}, not a finite number: "
                "leave a missing period out (None) rather than entering NaN or infinity"
            )
        y[i] = number
    if not present.any():
        raise ValueError("an XmR chart needs at least one value (every period is missing)")
    if fix_after_n_points is not None:
        fix = int(fix_after_n_points)
        smallest = 2 if nhspy_compat else MIN_FIX_AFTER
        if fix != fix_after_n_points or fix < smallest:
            raise ValueError(f"fix_after_n_points must be a whole number of at least {smallest}")
    else:
        fix = None
    t = None if target is None or float(target) != float(target) else float(target)

    # order by date
    if date_list is not None:
        order = sorted(range(y.size), key=lambda i: date_list[i])  # type: ignore[index]
        y, present = y[order], present[order]
        date_list = [date_list[i] for i in order]

    # rebase groups: a rebase point starts a new group (group ids are the running count of rebases)
    n = y.size
    starts = np.zeros(n, dtype=int)
    reasons_at: dict[int, str] = {}
    rebases = _rebases(rebase_at)
    for r in rebases:
        if date_list is None:
            at = r.at
            if not isinstance(at, (int, np.integer)) or isinstance(at, bool) or not 0 <= int(at) < n:
                raise ValueError(f"without dates, rebase_at holds 0-based positions; {at!r} is not one")
            hits = [int(at)]
        else:
            hits = [i for i, d in enumerate(date_list) if d == r.at]
            if not hits:
                raise ValueError(f"rebase date {r.at!r} is not one of the dates")
        starts[hits] = 1
        for i in hits:
            reasons_at[i] = r.reason
    group = np.cumsum(starts)

    mean, lpl, upl, nlpl, nupl = (np.full(n, np.nan) for _ in range(5))
    outside = np.zeros(n, dtype=bool)
    rtm = np.zeros(n, dtype=int)
    close = np.zeros(n, dtype=bool)
    beyond = np.zeros(n, dtype=int)
    types: list[str] = [MISSING] * n
    ptypes: list[str] = ["missing"] * n
    hits_per_point: list[tuple[RuleHit, ...]] = [()] * n
    short = np.zeros(n, dtype=bool)
    warnings: list[str] = []
    groups: list[XmrGroup] = []
    want = _direction_value(direction)
    boundaries = np.flatnonzero(np.diff(group)) + 1
    for start, stop in zip(np.r_[0, boundaries], np.r_[boundaries, n], strict=True):
        start, stop = int(start), int(stop)
        gy, gp = y[start:stop], present[start:stop]
        centre, amr, lo, hi, nlo, nhi, used = _group_limits(gy, gp, fix, screen_outliers, nhspy_compat)
        sl = slice(start, stop)
        mean[sl], lpl[sl], upl[sl], nlpl[sl], nupl[sl] = centre, lo, hi, nlo, nhi
        with np.errstate(invalid="ignore"):
            outside[sl] = gp & ((gy > hi) | (gy < lo))
            rtm[sl] = np.where(gp, np.sign(np.nan_to_num(gy - centre)), 0).astype(int)
            close[sl] = gp & ~outside[sl] & ((gy < nlo) | (gy > nhi))
            beyond[sl] = np.where(gp & (gy > nhi), 1, np.where(gp & (gy < nlo), -1, 0))
        for a, b in _stretches(gp):
            part = slice(start + a, start + b)
            stretch_hits = _rule_hits(
                y[part], rtm[part], outside[part], close[part], beyond[part], rules, run_length, nhspy_compat
            )
            hits_per_point[part] = stretch_hits
            if rules == "mdc":
                for k, hit in enumerate(stretch_hits):
                    chosen = deciding_hit(hit, want)
                    types[start + a + k] = (
                        special_cause_label(chosen.rule, chosen.direction, run_length) if chosen else COMMON_CAUSE
                    )
            else:
                in_part = [{h.rule for h in hit} for hit in stretch_hits]
                types[part] = classify_special_cause(
                    y[part],
                    rtm[part],
                    outside[part],
                    ["trend" in s for s in in_part],
                    ["two_of_three" in s for s in in_part],
                    ["shift" in s for s in in_part],
                    length=run_length,
                )
            for k in range(a, b):
                ptypes[start + k] = point_type(types[start + k], direction)
        label = int(group[start])
        size = int(gp.sum())
        trial_reason = ""
        if size < SHORT_GROUP:
            short[sl] = True
            trial_reason = (
                f"{size} point{'s' if size != 1 else ''} (fewer than {SHORT_GROUP}): "
                "trial limits, which will change as points are added"
            )
            warnings.append(f"rebase group {label} has {trial_reason}")
        if not math.isfinite(amr):
            warnings.append(
                f"rebase group {label}: no usable moving ranges (a single point or no variation), "
                "so it has no process limits"
            )
        g_ptypes = ptypes[start:stop]
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
                reason=reasons_at.get(start, ""),
                trial=size < SHORT_GROUP,
                trial_reason=trial_reason,
                n_missing=int((~gp).sum()),
            )
        )

    last = int(np.flatnonzero(present)[-1])
    last_type = ptypes[last]
    assurance = assurance_type(float(lpl[last]), float(upl[last]), t, direction)
    icon, assurance_icon, icon_note = variation_icon(last_type, direction), None, ""
    if assurance is not None:
        assurance_icon = _ASSURANCE_ICONS[assurance]
    last_group = next(g for g in groups if g.start <= last < g.stop)
    if rules == "mdc" and last_group.trial:
        icon, assurance_icon = None, None
        icon_note = (
            f"No variation or assurance icon: the latest limits are trial limits ({last_group.n} "
            f"point{'s' if last_group.n != 1 else ''}, fewer than {SHORT_GROUP})."
        )
    return XmrResult(
        y=y,
        dates=None if date_list is None else tuple(date_list),
        present=present,
        rebase_group=group,
        mean=mean,
        lpl=lpl,
        upl=upl,
        nlpl=nlpl,
        nupl=nupl,
        outside_limits=outside,
        relative_to_mean=rtm,
        close_to_limits=close,
        beyond_two_sigma=beyond,
        special_cause_type=tuple(types),
        special_cause_flag=np.array([s not in (COMMON_CAUSE, MISSING) for s in types], dtype=bool),
        point_type=tuple(ptypes),
        rules=tuple(hits_per_point),
        reasons=tuple("; ".join(h.words(run_length, rules) for h in hit) for hit in hits_per_point),
        short_group_warning=short,
        groups=tuple(groups),
        improvement=direction,
        target=t,
        screen_outliers=bool(screen_outliers),
        fix_after_n_points=fix,
        rule_set=rules,
        run_length=run_length,
        variation_type=last_type,
        variation_icon=icon,
        assurance_type=assurance,
        assurance_icon=assurance_icon,
        icon_note=icon_note,
        warnings=tuple(warnings),
    )
