"""The board paper's narrative sections (``PaperNarrative``): which there are, in the seed papers'
order, the rules for their text, and saving them with optimistic locking and an author.

Order (seed 004, Leicestershire HWB 27 September 2018; the Norfolk paper of 2018 has the officer
contact after its recommendations too): Background after the policy framework; after the
recommendations, Circulation under the Local Issues Alert Procedure and Officer to Contact; then,
under "Relevant Impact Assessments", Equality and Human Rights Implications and Partnership Working.

Rules: text is kept as typed (line endings made "\\n", spaces trimmed at the ends); paragraphs are
separated by a blank line; at most ``MAX_CHARACTERS`` characters per section; control characters
(which no document can print) are refused with the field named."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from bettercare.accounts.access import require
from bettercare.plans.locking import create_or_update_versioned
from bettercare.reference.models import Area

from .models import PaperNarrative

MAX_CHARACTERS = 10_000
NOUN = "board paper narrative"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BLANK_LINE = re.compile(r"\n[ \t]*\n+")


@dataclass(frozen=True)
class NarrativeSection:
    field: str
    heading: str
    numbered: bool  # printed as numbered paragraphs (like the seed) or as plain lines
    hint: str


SECTIONS = (
    NarrativeSection("background", "Background", True,
                     "The plan's story so far: when it was submitted, approved and refreshed."),
    NarrativeSection("circulation", "Circulation under the Local Issues Alert Procedure", False,
                     "Members to be told of the paper under the procedure, or that there are none."),
    NarrativeSection("officer", "Officer to contact", False,
                     "Name, job title, telephone and email, one to a line."),
    NarrativeSection("equality", "Equality and human rights implications", True,
                     "What the plan means for equalities and human rights, and where the impact assessment is."),
    NarrativeSection("partnership", "Partnership working and associated issues", True,
                     "How partners govern and deliver the plan together."),
)
FIELDS = tuple(section.field for section in SECTIONS)


def tidy(text: str | None) -> str:
    """Line endings as "\\n", trailing spaces of each line and blank lines at the ends removed."""
    lines = (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def paragraphs(text: str) -> list[str]:
    """The paragraphs of a section's text (split at blank lines; line breaks within kept)."""
    return [part.strip() for part in BLANK_LINE.split(tidy(text)) if part.strip()]


def problems(values: dict[str, str]) -> dict[str, str]:
    """Field -> what is wrong with its text, naming the section (see the module rules)."""
    found = {}
    for section in SECTIONS:
        text = tidy(values.get(section.field))
        bad = CONTROL.search(text)
        if bad:
            found[section.field] = (
                f"{section.heading} contains a control character (code {ord(bad.group())}) that a document "
                "cannot print; remove it."
            )
        elif len(text) > MAX_CHARACTERS:
            found[section.field] = (
                f"{section.heading} must be {MAX_CHARACTERS:,} characters or fewer (it has {len(text):,})."
            )
    return found


def stored_narrative(area: Area, quarter: str) -> PaperNarrative | None:
    return PaperNarrative.objects.filter(area=area, quarter=str(quarter)).first()


def previous_narrative(area: Area, quarter: str) -> PaperNarrative | None:
    """The narrative of the HWB's latest paper before ``quarter`` (quarters sort as text: 2018-19-Q1)."""
    return PaperNarrative.objects.filter(area=area, quarter__lt=str(quarter)).order_by("-quarter").first()


def save_narrative(
    user, area: Area, quarter: str, expected_version: int, values: dict[str, str], copied_from: str = ""
) -> PaperNarrative:
    """Save the sections of the quarter's paper: the first save starts it (``copied_from`` says
    where its text came from), later ones change it if nobody saved since the form was opened
    (``expected_version``; StaleEdit otherwise, recorded). ValidationError names each bad field."""
    require(user, "edit", area)
    found = problems(values)
    if found:
        raise ValidationError(found)
    changes = {name: tidy(values.get(name)) for name in FIELDS} | {"updated_by": user}
    if expected_version == 0:
        changes["copied_from"] = copied_from[:100]
    keys = {"area": area, "quarter": str(quarter)}
    return create_or_update_versioned(PaperNarrative, keys, expected_version, changes, user, NOUN)
