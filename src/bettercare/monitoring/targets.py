"""Targets: re-basing with history, and HWB targets apportioned from CCG/ICB plans.

Re-basing (seed 004: the NEA target of 67,879 was re-based to 70,569 on 30 August 2018 after the
CCG operating plans changed) keeps the replaced figure on the target (``replaces``), records the
reason and date in its note, and leaves the previous version in the target's history.

Apportionment (primer s4): each CCG/ICB plans a figure for its whole population; an HWB's target is
the sum over CCGs of the CCG figure x the weighting (the share of that CCG's activity resident in
the HWB). A CCG straddling two HWBs (Great Yarmouth and Waveney: Norfolk and Suffolk) contributes
its resident share to each. Weightings of one CCG should sum to 1 over the HWBs it serves; a
different sum is reported, not silently rescaled.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from bettercare.accounts.access import require
from bettercare.plans.models import MetricTarget


@transaction.atomic
def rebase_target(
    user, target: MetricTarget, numerator: Decimal | None, value: Decimal | None, reason: str, on: date
) -> MetricTarget:
    """Replace a target's figure, keeping the old one (``replaces``, history) and the reason."""
    require(user, "edit", target.plan)
    if target.plan.is_frozen:
        raise PermissionError(
            f"{target.plan} is {target.plan.get_status_display().lower()}: re-base it in a new version"
        )
    if not reason.strip():
        raise ValueError("a re-based target needs a reason")
    old = target.value if value is not None else target.numerator
    target.replaces = old
    target.numerator = numerator if numerator is not None else target.numerator
    target.value = value if value is not None else target.value
    was = f" from {old.normalize():f}" if old is not None else ""
    stamp = f"Re-based on {on.isoformat()}{was}: {reason.strip()}"
    target.note = f"{target.note}\n{stamp}".strip()
    target.save()
    return target


@dataclass(frozen=True)
class Apportioned:
    hwb: str
    value: Decimal
    parts: tuple[tuple[str, Decimal, Decimal], ...]  # (ccg, ccg figure, weighting)


def apportion(
    ccg_figures: dict[str, Decimal], weightings: dict[tuple[str, str], Decimal]
) -> tuple[dict[str, Apportioned], list[str]]:
    """HWB figure = Σ over CCGs of CCG figure x weighting(CCG, HWB); returns figures and warnings.

    ``weightings`` maps (ccg, hwb) to the share of the CCG's activity resident in the HWB."""
    warnings = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    parts: dict[str, list[tuple[str, Decimal, Decimal]]] = defaultdict(list)
    share_sum: dict[str, Decimal] = defaultdict(Decimal)
    for (ccg, hwb), weight in sorted(weightings.items()):
        if weight < 0 or weight > 1:
            warnings.append(f"weighting of {ccg} in {hwb} is {weight}: it must lie between 0 and 1")
            continue
        share_sum[ccg] += weight
        if ccg not in ccg_figures:
            warnings.append(f"{ccg} has a weighting for {hwb} but no planned figure")
            continue
        totals[hwb] += ccg_figures[ccg] * weight
        parts[hwb].append((ccg, ccg_figures[ccg], weight))
    for ccg, total in sorted(share_sum.items()):
        if abs(total - 1) > Decimal("0.0001"):
            warnings.append(f"weightings of {ccg} sum to {total.normalize():f}, not 1")
    for ccg in sorted(set(ccg_figures) - set(share_sum)):
        warnings.append(f"{ccg} has a planned figure but no weighting: none of it is apportioned")
    return {hwb: Apportioned(hwb, totals[hwb], tuple(parts[hwb])) for hwb in totals}, warnings
