"""The national summary of a quarter's returns as rates, so HWBs of every size count alike.

Rates (each a count over a stated denominator, shown as a percentage rounded half-up to one place by
``indicators.presentation.percent``):
- returns submitted: HWBs whose latest revision is submitted / HWBs in force at the quarter's end
  (that the user may read); submitted after the due day / HWBs with a submitted return;
- each national condition met: HWBs answering Yes in their submitted return / HWBs with a submitted
  return that answer the condition (a condition absent from a return is not counted);
- each metric's status: HWBs whose return gives the metric that status / HWBs whose return has it;
- HICM: HWBs whose changes are all at the summary level or better / HWBs with an HICM in the return.
Figures come from each HWB's latest submitted return as submitted (its stored snapshot)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from bettercare.delivery.collection import deadline_for, hwbs_in_force
from bettercare.delivery.models import QuarterlyReturn
from bettercare.delivery.rules import metric_statuses
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import percent
from bettercare.reference.models import Area


@dataclass
class Rate:
    label: str
    count: int
    of: int

    @property
    def share(self) -> float | None:
        return self.count / self.of if self.of else None

    @property
    def text(self) -> str:
        return percent(self.share) if self.of else "no returns"


@dataclass
class NationalSummary:
    quarter: Quarter
    areas: list[Area]
    submitted: list[tuple[Area, QuarterlyReturn]]
    rates: list[Rate] = field(default_factory=list)
    conditions: list[Rate] = field(default_factory=list)
    metrics: list[tuple[str, str, list[Rate]]] = field(default_factory=list)  # (code, title, rate per status)


def submitted_returns(quarter: Quarter, areas: Iterable[Area]) -> list[tuple[Area, QuarterlyReturn]]:
    """(area, latest revision) for every area whose latest revision of the quarter is submitted."""
    by_id = {a.pk: a for a in areas}
    latest: dict[int, QuarterlyReturn] = {}
    for ret in QuarterlyReturn.objects.filter(quarter=str(quarter), area_id__in=list(by_id)).order_by("revision"):
        latest[ret.area_id] = ret
    return sorted(((by_id[i], r) for i, r in latest.items() if r.status == "submitted" and r.snapshot),
                  key=lambda pair: pair[0].name)


def summary_areas(quarter: Quarter, visible: Iterable[Area]) -> list[Area]:
    """The HWBs in force at the quarter's end that the user may read, by name."""
    allowed = {a.pk for a in visible}
    return [area for area, _ in hwbs_in_force(quarter) if area.pk in allowed]


def national_summary(quarter: Quarter, areas: list[Area]) -> NationalSummary:
    """The rates of the module docstring over ``areas``."""
    submitted = submitted_returns(quarter, areas)
    summary = NationalSummary(quarter, areas, submitted)
    deadline = deadline_for(quarter)
    late = sum(1 for _, r in submitted
               if deadline and r.submitted_at and deadline.missed_by(r.submitted_at, quarter.end))
    summary.rates = [Rate("Returns submitted", len(submitted), len(areas)),
                     Rate("Submitted after the due day", late, len(submitted))]
    conditions: dict[int, list] = {}
    metrics: dict[str, dict] = {}
    hicm_met = hicm_of = 0
    for _, ret in submitted:
        for c in ret.snapshot.get("national_conditions") or []:
            entry = conditions.setdefault(c["number"], [c["title"], 0, 0])
            entry[1] += c.get("answer") == "Yes"
            entry[2] += c.get("answer") in ("Yes", "No")
        for m in ret.snapshot.get("metrics") or []:
            entry = metrics.setdefault(m["code"], {"title": m["title"], "of": 0})
            entry["of"] += 1
            entry[m.get("status")] = entry.get(m.get("status"), 0) + 1
        hicm = (ret.snapshot.get("hicm") or {}).get("summary") or {}
        if hicm.get("of"):
            hicm_of += 1
            hicm_met += hicm.get("count") == hicm.get("of")
    summary.conditions = [Rate(f"{number}. {title}", met, answered)
                          for number, (title, met, answered) in sorted(conditions.items())]
    summary.metrics = [(code, entry["title"], [Rate(status, entry.get(status, 0), entry["of"])
                                               for status in metric_statuses()])
                       for code, entry in metrics.items()]
    if hicm_of:
        summary.rates.append(Rate("Every HICM change at the summary level or better", hicm_met, hicm_of))
    return summary
