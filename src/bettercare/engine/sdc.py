"""Statistical disclosure control for output that leaves the engine for publication.

Rule (configurable, :class:`SdcRule`; default as NHS Digital's HES analysis guide): counts from 1
to 7 are suppressed, other counts rounded to the nearest 5 (halves up); zero stays zero. Counts are
numerators, and denominators that are counts of records; populations (already published by ONS)
are shown as they are.

Secondary suppression: wherever a total is the sum of published cells (HWB = sum of its
localities; a metric's "total" component = sum of its age bands or attributions), a group with
exactly one suppressed cell (the total included) would let the cell be worked out by subtraction,
so the next smallest cell is suppressed too (a non-zero part first, then the total, then a zero
part), repeating across groups until no group has exactly one. Not covered: differences between
overlapping metrics (e.g. two ACS code lists) and between months and a published annual figure.
Internal output (no ``--publish``) shows exact values.

Floor: published output suppresses at least counts 1-5 (``MINIMUM_SUPPRESS_TO``) and rounds to at
least 1; a rule asking for less (e.g. ``--suppress-to 0``, which would publish every small count) is
refused. Raise the threshold freely; lowering the floor is a code change, not an option.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

MINIMUM_SUPPRESS_TO = 5


class SdcRuleRefused(ValueError):
    """A disclosure-control rule weaker than the documented floor."""


@dataclass(frozen=True)
class SdcRule:
    """Suppress counts suppress_from..suppress_to; round the rest to round_to; secondary suppression.
    Refuses a rule below the floor (suppress_from 1, suppress_to >= MINIMUM_SUPPRESS_TO, round_to >= 1)."""

    suppress_from: int = 1
    suppress_to: int = 7
    round_to: int = 5
    secondary: bool = True

    def __post_init__(self) -> None:
        if self.suppress_from != 1 or self.suppress_to < MINIMUM_SUPPRESS_TO:
            raise SdcRuleRefused(
                f"published counts must suppress at least 1-{MINIMUM_SUPPRESS_TO} (asked: "
                f"{self.suppress_from}-{self.suppress_to}); --suppress-to must be {MINIMUM_SUPPRESS_TO} or more"
            )
        if self.round_to < 1:
            raise SdcRuleRefused(f"--round-to must be 1 or more (asked: {self.round_to})")

    def describe(self) -> str:
        text = f"counts {self.suppress_from}-{self.suppress_to} suppressed"
        if self.round_to > 1:
            text += f", others rounded to the nearest {self.round_to}"
        if self.secondary:
            text += ", secondary suppression within totals"
        return text

    def round(self, values: pd.Series) -> pd.Series:
        if self.round_to <= 1:
            return values
        return (values + self.round_to // 2) // self.round_to * self.round_to


@dataclass(frozen=True)
class Hierarchy:
    """Rows whose ``column`` equals ``total`` hold the sum of the rows that differ only in ``column``."""

    column: str
    total: str


def suppression_mask(df: pd.DataFrame, value: str, eligible: pd.Series, keys: Sequence[str],
                     hierarchies: Sequence[Hierarchy], rule: SdcRule) -> pd.Series:
    """Which cells of ``value`` to suppress: primary (small counts) and secondary (totals)."""
    values = df[value].fillna(0).astype("float64")
    suppressed = eligible & values.between(rule.suppress_from, rule.suppress_to)
    if not rule.secondary:
        return suppressed
    groups = []
    for h in hierarchies:
        others = [k for k in keys if k != h.column]
        group = df.groupby(others, sort=False, dropna=False).ngroup()
        is_part = df[h.column] != h.total
        has_parts = is_part.groupby(group).transform("any") & (~is_part).groupby(group).transform("any")
        groups.append((group, is_part, has_parts))
    for _ in range(100):
        changed = False
        for group, is_part, has_parts in groups:
            count = suppressed.groupby(group).transform("sum")
            exposed = has_parts & (count == 1)
            candidates = exposed & ~suppressed & eligible
            if not candidates.any():
                continue
            score = values + np.where(is_part, 0.0, 1e12) + np.where(values == 0, 2e12, 0.0)
            chosen = score[candidates].groupby(group[candidates]).idxmin()
            suppressed.loc[chosen.to_numpy()] = True
            changed = True
        if not changed:
            break
    return suppressed


def protect(df: pd.DataFrame, eligible: Mapping[str, pd.Series], keys: Sequence[str],
            hierarchies: Sequence[Hierarchy], rule: SdcRule) -> pd.DataFrame:
    """``df`` with each eligible value column suppressed (null) or rounded, and a ``suppressed`` column
    naming the suppressed columns per row and an ``sdc_rule`` column stating the rule."""
    out = df.copy()
    flags = pd.Series("", index=df.index)
    for column, mask in eligible.items():
        mask = mask.reindex(df.index).fillna(False).astype(bool)
        hidden = suppression_mask(df, column, mask, keys, hierarchies, rule)
        values = df[column].astype("Int64")
        rounded = values.where(~mask, rule.round(values))
        out[column] = rounded.mask(hidden)
        flags = flags.where(~hidden, flags.where(flags == "", flags + ";") + column)
    out["suppressed"] = flags
    out["sdc_rule"] = rule.describe()
    return out


def publish_metrics(table: pd.DataFrame, rule: SdcRule, keys: Sequence[str]) -> pd.DataFrame:
    """SDC for the engine's metric table (``keys``: its key columns): numerators always; denominators
    when they count records."""
    eligible = {
        "numerator": pd.Series(True, index=table.index),
        "denominator": table["denominator_type"] == "records",
    }
    hierarchies = (Hierarchy("locality_code", "ALL"), Hierarchy("component", "total"))
    return protect(table, eligible, keys, hierarchies, rule)
