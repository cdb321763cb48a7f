"""Boundary vintages of the HWBs and the ICBs they draw from, as data (``areas/``).

``areas/hwb-boundary-changes.csv``: every change to an HWB's area or code since 2014, one row per
predecessor → successor link, with the date it took effect, the kind of change and the statutory
instrument that made it (legislation.gov.uk). ``areas/hwb-icbs-2022.csv``: the ICB(s) each HWB draws
from (ICBs as established on 1 July 2022, ONS E54 and ODS Q codes), compiled at local authority district
level from ONS's "LAD to Sub-ICB Location to ICB to NHS England Region (July 2022)" lookup; an HWB whose
districts fall in two or three ICBs has one row per ICB, the main one first.

Rule for a series crossing a change (``join_rule``), so that no figure is silently dropped or joined:
- ``recode`` (same area, new GSS code) and ``merge`` of whole areas where the successor is the sum of
  its predecessors: the predecessor's figures continue the successor's series ("joined").
- ``split`` (the successor is a part of the predecessor): a rate or proportion of the predecessor is
  shown before the change as the nearest available figure, labelled as the larger area's
  ("joined with a note"); a count is not comparable and the series is split at the date.
Pure Python: no Django imports."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

CHANGES_FILE = "hwb-boundary-changes.csv"
ICB_FILE = "hwb-icbs-2022.csv"
ICB_SOURCE = ("ONS Local Authority District to Sub-ICB Location to ICB to NHS England Region (July 2022) "
              "lookup, summarised to HWBs")
KINDS = ("recode", "merge", "split")


@dataclass(frozen=True)
class BoundaryChange:
    """One predecessor → successor link: on ``effective`` the predecessor's area (or part of it)
    became the successor's."""

    effective: date
    predecessor_code: str
    predecessor_name: str
    successor_code: str
    successor_name: str
    change: str  # recode | merge | split
    share: str  # "whole" or "part (districts)"
    source: str

    def join_rule(self, statistic: str) -> str:
        """"joined" or "split" for a metric of this ``statistic`` (rule in the module docstring)."""
        if self.change in ("recode", "merge"):
            return "joined"
        return "split" if statistic == "count" else "joined"

    def note(self, statistic: str) -> str:
        """The sentence shown beside a series crossing this change."""
        when = f"{self.effective.day} {self.effective:%B %Y}"
        if self.change == "recode":
            return (f"{self.successor_name} took a new GSS code on {when} ({self.predecessor_code} → "
                    f"{self.successor_code}); figures before then are {self.predecessor_name}'s, the same area.")
        if self.change == "merge":
            return (f"{self.successor_name} was formed on {when}; figures before then are "
                    f"{self.predecessor_name}'s ({self.predecessor_code}), one of the areas merged into it.")
        if self.join_rule(statistic) == "split":
            return (f"{self.successor_name} was formed on {when} from {self.share} of {self.predecessor_name}; "
                    f"{self.predecessor_name}'s counts are for a larger area and are not shown in this series.")
        return (f"{self.successor_name} was formed on {when} from {self.share} of {self.predecessor_name}; "
                f"figures before then are for the whole of {self.predecessor_name} ({self.predecessor_code}), "
                f"a larger area, and are shown as the nearest comparable figure.")


@dataclass(frozen=True)
class IcbLink:
    """An HWB's link to an ICB; ``main`` for the ICB holding most of its districts."""

    gss_code: str
    hwb_name: str
    icb_gss_code: str
    icb_ods_code: str
    icb_name: str
    main: bool
    districts: str  # blank when the whole HWB is in this ICB


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files(__package__).joinpath("areas", name).read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def boundary_changes() -> tuple[BoundaryChange, ...]:
    """Every change in ``areas/hwb-boundary-changes.csv``, oldest first; ValueError naming the row
    when a kind or date is not valid."""
    out = []
    for number, row in enumerate(_rows(CHANGES_FILE), start=2):
        if row["change"] not in KINDS:
            raise ValueError(f"{CHANGES_FILE}, row {number}, column change: {row['change']!r} is not one of {KINDS}")
        out.append(BoundaryChange(
            effective=date.fromisoformat(row["effective"]),
            predecessor_code=row["predecessor_code"],
            predecessor_name=row["predecessor_name"],
            successor_code=row["successor_code"],
            successor_name=row["successor_name"],
            change=row["change"],
            share=row["share_of_predecessor"],
            source=row["source"],
        ))
    return tuple(sorted(out, key=lambda c: (c.effective, c.predecessor_code, c.successor_code)))


def predecessors(gss_code: str) -> tuple[BoundaryChange, ...]:
    """The changes that formed ``gss_code`` (empty when it has no predecessor)."""
    return tuple(c for c in boundary_changes() if c.successor_code == gss_code)


def successors(gss_code: str) -> tuple[BoundaryChange, ...]:
    """The changes that ended (or recoded) ``gss_code``."""
    return tuple(c for c in boundary_changes() if c.predecessor_code == gss_code)


def in_force(gss_code: str, on: date) -> bool:
    """True when the HWB ``gss_code`` existed on ``on`` according to the boundary changes."""
    ended = [c.effective for c in successors(gss_code)]
    begun = [c.effective for c in predecessors(gss_code)]
    return (not begun or min(begun) <= on) and (not ended or on < min(ended))


@cache
def icb_links() -> tuple[IcbLink, ...]:
    """Every HWB → ICB link of ``areas/hwb-icbs-2022.csv``, in the file's order."""
    return tuple(
        IcbLink(row["gss_code"], row["hwb_name"], row["icb_gss_code"], row["icb_ods_code"], row["icb_name"],
                row["main_icb"] == "yes", row["districts_in_icb"])
        for row in _rows(ICB_FILE)
    )
