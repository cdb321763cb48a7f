"""The shape in which each app declares its part of a plan (its ``plan_sections.py``, discovered by
``bettercare.planbook.sections`` the way Django's admin discovers ``admin.py``).

A section is one plan-owned model: the rows of one plan, each identified within the plan by its
natural ``keys`` and carrying ``fields``. A foreign key is written as its target's natural code
(``natural``: field -> attribute of the target, ``code`` unless stated). Snapshot, restore, new
version and diff are driven by these declarations; every concrete field of the model must be a key,
a field, the link to the plan, or listed in ``not_copied`` with the reason (a test walks the models'
``_meta`` to hold this)."""

from dataclasses import dataclass, field

LOCKING = "optimistic-locking counter of the stored row; a copy starts again at 1"


@dataclass(frozen=True)
class Sheet:
    """How a section appears in the planning workbook: the sheet's name and place among the sheets,
    its title and hint rows, and the heading of each column whose field's verbose name is not the
    heading users read (money columns add "(£)" on their own). The columns themselves are the
    section's keys and fields, in order."""

    name: str
    position: int
    title: str
    hint: str
    headings: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanSection:
    name: str  # "contributions": the key of the section in a plan's dump
    title: str  # "Income": as shown in diffs and workbooks
    model: str  # "plans.Contribution"
    keys: tuple[str, ...]
    fields: tuple[str, ...]
    order: int  # position among all apps' sections: a section comes after those it refers to
    plan_lookup: str = "plan"  # from a row to its plan: "plan", or "scheme__plan" through the parent
    natural: dict[str, str] = field(default_factory=dict)
    not_copied: dict[str, str] = field(default_factory=dict)  # field -> why it is not part of the plan
    sheet: Sheet | None = None  # its sheet in the planning workbook

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.fields


@dataclass(frozen=True)
class PlanHead:
    """The plan's own row: the fields of ``model`` copied with it (area and period are written as
    their codes; the rest are listed in ``not_copied`` with the reason)."""

    model: str
    fields: tuple[str, ...]
    not_copied: dict[str, str] = field(default_factory=dict)
    headings: dict[str, str] = field(default_factory=dict)  # field -> its label on the workbook's Cover
