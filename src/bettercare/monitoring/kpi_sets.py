"""A KPI set as its page shows it: the indicators in sections, each row with its citation in words.

A KPI set is a document (such as the LGA peer-review pack, seed 002) reporting local indicators with
targets and comparators; it is not a plan. Sections follow the indicator names' own prefixes
("Promoting Independence: …", "CQC: …", "Workforce: …"); names without one belong to the document's
KPI table."""

from dataclasses import dataclass, field

from bettercare.catalogue.glossary import document_title, plain_source
from bettercare.indicators.presentation import NONE, number

from .models import KpiSet, LocalKPI

MAIN_SECTION = "Key performance indicators"
SECTION_NAMES = {"CQC overall rating": "CQC ratings", "CQC": "CQC ratings"}


def figure(value, unit: str) -> str:
    """A KPI figure with the places it was stored with and thousands separators; "%" joined to a
    percentage, other units left to the indicator's name ("607.93", "34.1%", "22,336")."""
    text = number(value)
    return f"{text}%" if unit == "%" and text != NONE else text


@dataclass
class KpiRow:
    kpi: LocalKPI
    name: str
    where: str  # the place in the document, in words

    @property
    def value(self) -> str:
        if self.kpi.value is None:
            return self.kpi.value_text or NONE
        return figure(self.kpi.value, self.kpi.unit)

    @property
    def target(self) -> str:
        return figure(self.kpi.target, self.kpi.unit)

    @property
    def comparator(self) -> str:
        if self.kpi.comparator_value is None:
            return NONE
        return f"{self.kpi.comparator_label}: {figure(self.kpi.comparator_value, self.kpi.unit)}"


@dataclass
class KpiSection:
    title: str
    rows: list[KpiRow] = field(default_factory=list)

    @property
    def slug(self) -> str:
        return "".join(c if c.isalnum() else "-" for c in self.title.lower()).strip("-")


def where_in_document(source: str, kpi_set: KpiSet) -> str:
    """A KPI's source note in words, without the document's own title (the page names it once)."""
    prefix = (kpi_set.document or "")[:3]
    text = (source or "").strip()
    if prefix and text.startswith(prefix + " "):
        text = text[len(prefix) + 1:]
    return plain_source(text)


def sections(kpi_set: KpiSet) -> list[KpiSection]:
    """The set's KPIs in sections, in the order the sections first appear; within a section by name
    and latest period first."""
    found: dict[str, KpiSection] = {MAIN_SECTION: KpiSection(MAIN_SECTION)}
    kpis = sorted(kpi_set.kpis.select_related("locality"), key=lambda kpi: kpi.period, reverse=True)
    kpis.sort(key=lambda kpi: kpi.name)
    for kpi in kpis:
        prefix, sep, rest = kpi.name.partition(": ")
        title, name = (SECTION_NAMES.get(prefix, prefix), rest) if sep else (MAIN_SECTION, kpi.name)
        if prefix == "CQC overall rating":
            name = kpi.name
        if kpi.locality and (kpi.locality.short_name or kpi.locality.name) not in name:
            name += f" ({kpi.locality.short_name or kpi.locality.name})"
        row = KpiRow(kpi, name, where_in_document(kpi.source, kpi_set))
        found.setdefault(title, KpiSection(title)).rows.append(row)
    return [section for section in found.values() if section.rows]


def notes(kpi_set: KpiSet) -> list[dict[str, str]]:
    """The facts the document states beside its indicators, each with its citation in words."""
    return [
        {"text": note.get("text", ""), "where": where_in_document(note.get("source", ""), kpi_set)}
        for note in kpi_set.notes or []
        if isinstance(note, dict)
    ]


def source_title(kpi_set: KpiSet) -> str:
    return document_title(kpi_set.document)
