"""The paper's narrative sections (background, circulation, officer to contact, equality and human
rights, partnership working) for an HWB and quarter, and where their text comes from:

1. the quarter's saved narrative (``delivery.PaperNarrative``), else, until someone saves it,
2. the text a new paper starts from: the HWB's previous paper's narrative, else the house style's
   wording (``paper.background``, ``paper.circulation``, ``paper.officer``, ``paper.equality``,
   ``paper.partnership``; placeholders filled).

The edit page shows the same text the paper prints, so the first save copies what the editor saw."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bettercare.delivery.models import PaperNarrative
from bettercare.delivery.paper_narrative import SECTIONS, paragraphs, previous_narrative, stored_narrative
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import quarter_label
from bettercare.reference.models import Area

from ..house_style import fill, fill_all


@dataclass
class NarrativeBlock:
    field: str
    heading: str
    numbered: bool
    paragraphs: list[str]


@dataclass
class Narrative:
    texts: dict[str, str]  # field -> text as the editor edits it
    source: str  # "saved", or where an unsaved paper's text comes from
    row: PaperNarrative | None

    @property
    def version(self) -> int:
        """The saved row's version; 0 = the paper's narrative is not started."""
        return self.row.version if self.row is not None else 0

    @property
    def blocks(self) -> dict[str, NarrativeBlock]:
        """Field -> the section as printed (its paragraphs; none when the text is blank)."""
        return {
            s.field: NarrativeBlock(s.field, s.heading, s.numbered, paragraphs(self.texts.get(s.field, "")))
            for s in SECTIONS
        }


def officer_text(officer: Any, values: dict[str, Any]) -> str:
    """The house style's officer to contact (name, title, phone, email, or text) as lines."""
    if isinstance(officer, dict):
        lines = [officer.get("name"), officer.get("title"),
                 f"Telephone: {officer['phone']}" if officer.get("phone") else None,
                 f"Email: {officer['email']}" if officer.get("email") else None]
        return "\n".join(fill(str(line), values) for line in lines if line)
    return fill(str(officer or ""), values)


def house_style_texts(wording: dict[str, Any], values: dict[str, Any]) -> dict[str, str]:
    """A first paper's sections from the house style's wording (lists of paragraphs)."""
    texts = {}
    for section in SECTIONS:
        if section.field == "officer":
            texts["officer"] = officer_text(wording.get("officer"), values)
        else:
            configured = wording.get(section.field)
            configured = [configured] if isinstance(configured, str) else configured
            texts[section.field] = "\n\n".join(fill_all(configured, values))
    return texts


def paper_narrative(area: Area, quarter: Quarter | str, wording: dict[str, Any], values: dict[str, Any]) -> Narrative:
    """The quarter's narrative (see the module docstring for where it comes from)."""
    row = stored_narrative(area, str(quarter))
    if row is not None:
        return Narrative({s.field: getattr(row, s.field) for s in SECTIONS}, "saved", row)
    previous = previous_narrative(area, str(quarter))
    if previous is not None:
        texts = {s.field: getattr(previous, s.field) for s in SECTIONS}
        return Narrative(texts, f"the paper for {quarter_label(previous.quarter)}", None)
    return Narrative(house_style_texts(wording, values), "the house style's wording", None)
