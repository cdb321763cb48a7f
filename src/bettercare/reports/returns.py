"""A quarterly return's figures for the documents: the stored snapshot once a return is approved or
submitted (what was signed off never changes), otherwise assembled live from the models by
``delivery.assembly.assemble`` (a draft, or a preview when no return has been started)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from bettercare.delivery.assembly import assemble
from bettercare.delivery.models import QuarterlyReturn
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import long_date
from bettercare.reference.models import Area

from .sources import plan_for_quarter

FROZEN = ("approved", "submitted")


@dataclass
class ReturnFigures:
    figures: dict[str, Any]
    status: str  # not started | draft | ready | approved | submitted
    basis: str  # where the figures come from, in words
    saved: QuarterlyReturn | None

    @property
    def from_snapshot(self) -> bool:
        """True when the figures are the stored snapshot of a signed-off return."""
        return self.status in FROZEN


def _when(value) -> str:
    return long_date(timezone.localtime(value).date()) if value else "an unrecorded date"


def latest_return(area: Area, quarter: Quarter) -> QuarterlyReturn | None:
    """The latest revision of the HWB's return for the quarter, whatever its status (None when none)."""
    return QuarterlyReturn.objects.filter(area=area, quarter=str(quarter)).order_by("-revision").first()


def latest_submitted(area: Area, quarter: Quarter) -> QuarterlyReturn | None:
    """The latest submitted revision of an HWB's return for the quarter (None when none)."""
    return (
        QuarterlyReturn.objects.filter(area=area, quarter=str(quarter), status="submitted")
        .exclude(snapshot=None)
        .order_by("-revision")
        .first()
    )


def describe_snapshot(ret: QuarterlyReturn) -> str:
    """Where a snapshot's figures come from, in words (dates only: published documents name no people)."""
    if ret.status == "submitted":
        return f"version {ret.revision} of the return as submitted on {_when(ret.submitted_at)}"
    return f"version {ret.revision} of the return as approved on {_when(ret.approved_at)} (not yet submitted)"


def return_figures(area: Area, quarter: Quarter) -> ReturnFigures:
    """The figures of the HWB's return for ``quarter`` (see the module docstring)."""
    ret = latest_return(area, quarter)
    if ret is not None and ret.status in FROZEN and ret.snapshot:
        return ReturnFigures(dict(ret.snapshot), ret.status, describe_snapshot(ret), ret)
    now = long_date(timezone.localdate())
    if ret is None:
        preview = QuarterlyReturn(area=area, plan=plan_for_quarter(area, quarter), quarter=str(quarter))
        basis = f"assembled on {now} from the current data: no return has been started for this quarter"
        return ReturnFigures(assemble(preview), "not started", basis, None)
    basis = (
        f"assembled on {now} from the current data: version {ret.revision} of the return is "
        f"{ret.get_status_display().lower()}, not yet signed off"
    )
    return ReturnFigures(assemble(ret), ret.status, basis, ret)
