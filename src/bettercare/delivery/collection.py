"""The national team's status board of a quarter's returns: every HWB in force at the quarter's end
(the national register; every area when no register is loaded), with the state of its latest return,
when and by whom it last moved, and whether it is late.

States on the board (``BoardRow.state``):
- "not started": no return for the quarter;
- "draft": a return in progress (draft, ready for sign-off or approved; ``detail`` says which);
- "submitted": the latest revision is submitted (``late_submission`` when after the due day);
- "late": not submitted and the due day (``deadlines.return_deadline``) has passed.
Rates are shares of the HWBs on the board, with their denominators shown."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from bettercare.accounts.access import is_national
from bettercare.catalogue import list_periods
from bettercare.indicators.periods import Quarter
from bettercare.reference.models import Area, AreaRegistration

from .deadlines import Deadline, period_code_for, return_deadline
from .models import QuarterlyReturn

STATES = ("not started", "draft", "submitted", "late")


@dataclass
class BoardRow:
    area: Area
    region: str
    state: str
    detail: str  # the return's own status in words, e.g. "version 2: ready for sign-off"
    when: datetime | None
    who: str
    late_submission: bool = False
    loaded_from: str = ""
    ret: QuarterlyReturn | None = None


@dataclass
class StatusBoard:
    quarter: Quarter
    deadline: Deadline | None
    rows: list[BoardRow]
    counts: Counter = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return len(self.rows)

    def share(self, state: str) -> float | None:
        """The share (0-1) of the board's HWBs in ``state``; None for an empty board."""
        return self.counts[state] / self.total if self.total else None


def hwbs_in_force(quarter: Quarter) -> list[tuple[Area, str]]:
    """(area, region name) for every HWB whose boundary is in force on the quarter's last day; every
    area (region blank) when the national register is not loaded."""
    end = quarter.end
    registrations = AreaRegistration.objects.select_related("area", "region").filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=end), Q(valid_to__isnull=True) | Q(valid_to__gte=end)
    )
    found = [(r.area, r.region.name) for r in registrations]
    registered = set(AreaRegistration.objects.values_list("area_id", flat=True))
    # Areas outside the register (demo HWBs loaded without it) still belong on the board.
    found += [(a, "") for a in Area.objects.exclude(pk__in=registered)]
    return sorted(found, key=lambda pair: pair[0].name)


def _latest_returns(quarter: Quarter) -> dict[int, QuarterlyReturn]:
    latest: dict[int, QuarterlyReturn] = {}
    rows = QuarterlyReturn.objects.filter(quarter=str(quarter)).select_related(
        "created_by", "ready_by", "approved_by", "submitted_by"
    ).order_by("area_id", "revision").defer("snapshot")
    for ret in rows:
        latest[ret.area_id] = ret
    return latest


def _name(user) -> str:
    return user.get_username() if user is not None else "an unrecorded user"


def _last_move(ret: QuarterlyReturn) -> tuple[datetime | None, str]:
    """When and by whom the return last moved (submitted, approved, marked ready or started)."""
    for when, who in (
        (ret.submitted_at, ret.submitted_by),
        (ret.approved_at, ret.approved_by),
        (ret.ready_at, ret.ready_by),
        (ret.created_at, ret.created_by),
    ):
        if when is not None:
            return when, _name(who)
    return None, ""


def deadline_for(quarter: Quarter) -> Deadline | None:
    code = period_code_for(quarter, list_periods())
    return return_deadline(code, quarter) if code else None


def status_board(user, quarter: Quarter, today: date | None = None) -> StatusBoard:
    """The board for ``quarter`` (national team only: raises PermissionDenied otherwise)."""
    if not is_national(user):
        raise PermissionDenied("Only the national BCF team sees every HWB's returns.")
    today = today or timezone.localdate()
    deadline = deadline_for(quarter)
    latest = _latest_returns(quarter)
    rows = []
    for area, region in hwbs_in_force(quarter):
        ret = latest.get(area.pk)
        missed = deadline is not None and deadline.missed_by(getattr(ret, "submitted_at", None), today)
        if ret is None:
            row = BoardRow(area, region, "late" if missed else "not started", "not started", None, "")
        else:
            when, who = _last_move(ret)
            detail = f"version {ret.revision}: {ret.get_status_display().lower()}"
            if ret.status == "submitted":
                row = BoardRow(area, region, "submitted", detail, when, who, late_submission=missed)
            else:
                row = BoardRow(area, region, "late" if missed else "draft", detail, when, who)
            row.loaded_from, row.ret = ret.loaded_from, ret
        rows.append(row)
    return StatusBoard(quarter, deadline, rows, Counter(r.state for r in rows))
