"""The planning workbook layout: sheets, their columns and each column's type, per policy period.

Laid out like the national planning template as far as its structure is known (primer s2-5;
seed 001 part 2): a Cover sheet naming the layout and period, then Income, Expenditure, Metrics,
HICM, National conditions and a Checklist, with supporting sheets for everything else a plan holds
so that export then import loses nothing. A layout id is ``bettercare-plan/<period>/v<n>``; a
workbook names its layout and period on the Cover sheet, and the importer refuses layouts it does
not know, naming them.

The plan's sheets are not written here: each is built from an app's declared plan section
(``plan_sections.py``: its ``sheet``, keys and fields), one column per declared column, in order.
A column's type, whether it is required, its choices, the list its codes come from and its
length limit are read from the model field (Django's ``_meta``); its heading is the field's
verbose name in plain words unless the section's sheet gives one. Only the sheets of reference
data a plan names (Partners, Localities) and the plan's notes are laid out here."""

import re
from dataclasses import dataclass, replace
from functools import cache

from django.apps import apps
from django.db import models

from bettercare.catalogue import list_periods
from bettercare.reference.fields import FinancialYearField, MoneyField, QuarterField
from bettercare.reference.sections import PlanSection

from ..sections import model_of, plan_head, plan_sections

LAYOUT_VERSION = 1
LAYOUT_RE = re.compile(r"^bettercare-plan/(?P<period>[^/]+)/v(?P<version>\d+)$")
TITLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

# Cover rows: label in column A, value in column B. The plan's own fields (``plan_head``, all but
# its notes, which have their sheet) follow the plan version.
COVER_BEFORE = [
    ("layout", "Layout"),
    ("period", "Policy period"),
    ("area_name", "Health and wellbeing board"),
    ("gss_code", "ONS GSS code"),
    ("area_kind", "Area kind"),
    ("version", "Plan version"),
]
COVER_AFTER = [("exported_at", "Exported at")]


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    type: str = "text"  # text | money | decimal | int | date | bool | year | quarter | roles
    required: bool = False
    choices: tuple[str, ...] = ()
    reference: str = (
        ""  # organisation | locality | stream | scheme_type | metric | condition | change | scheme | priority
    )
    limit: int | None = None  # most characters of a text cell (the field's max_length)


C = Column
SOURCE = C("source", "Source")
NOTE = C("note", "Note")

# The list a foreign key's codes come from, by the model it points at.
REFERENCE_OF = {
    "reference.Organisation": "organisation",
    "reference.Locality": "locality",
    "reference.FundingStream": "stream",
    "reference.SchemeType": "scheme_type",
    "reference.Metric": "metric",
    "reference.NationalCondition": "condition",
    "reference.HicmChange": "change",
    "plans.Scheme": "scheme",
    "plans.Priority": "priority",
}


def _type_of(field: models.Field) -> str:
    if isinstance(field, MoneyField):
        return "money"
    if isinstance(field, models.DecimalField):
        return "decimal"
    if isinstance(field, (models.IntegerField, models.AutoField)):
        return "int"
    if isinstance(field, models.DateField):
        return "date"
    if isinstance(field, models.BooleanField):
        return "bool"
    if isinstance(field, FinancialYearField):
        return "year"
    if isinstance(field, QuarterField):
        return "quarter"
    if isinstance(field, models.JSONField):
        return "roles"  # the one list a plan section holds: a partner's roles
    return "text"


def heading_of(field: models.Field, headings: dict[str, str]) -> str:
    """The column heading: the section's own words for it, else the field's verbose name."""
    if field.name in headings:
        return headings[field.name]
    words = str(field.verbose_name)
    words = words[:1].upper() + words[1:]
    return f"{words} (£)" if isinstance(field, MoneyField) else words


def column_of(model: type[models.Model], name: str, headings: dict[str, str], natural: dict[str, str]) -> Column:
    """One workbook column for one declared field of a plan section, read from the model field."""
    field = model._meta.get_field(name)
    if field.is_relation:
        target = field.related_model
        label = f"{target._meta.app_label}.{target._meta.object_name}"
        kind = _type_of(target._meta.get_field(natural.get(name, "code")))
        return Column(name, heading_of(field, headings), kind, required=not field.null, reference=REFERENCE_OF[label])
    required = not field.blank and not field.has_default()
    choices = tuple(value for value, _ in field.choices) if field.choices else ()
    kind = _type_of(field)
    limit = field.max_length if kind == "text" and isinstance(field, models.CharField) else None
    return Column(name, heading_of(field, headings), kind, required=required,
                  choices=("", *choices) if choices and field.blank else choices, limit=limit)


@dataclass(frozen=True)
class SheetSpec:
    name: str
    section: str  # a plan section's name, or "partners" / "localities" / "notes" (reference data)
    title: str
    hint: str
    columns: tuple[Column, ...]
    position: int = 0  # order among the workbook's sheets


def sheet_of(section: PlanSection) -> SheetSpec:
    """The sheet of one declared plan section: one column per declared key and field."""
    model = model_of(section)
    sheet = section.sheet
    columns = tuple(column_of(model, name, sheet.headings, section.natural) for name in section.columns)
    return SheetSpec(sheet.name, section.name, sheet.title, sheet.hint, columns, sheet.position)


# The Partners sheet lists the plan's organisations (the "organisations" section: code and roles)
# and every other organisation a row names, with the organisation's own details (reference data,
# created on import when the database lacks them) between the code and the roles.
PARTNERS_SECTION = "organisations"


def _partners(section: PlanSection) -> SheetSpec:
    from bettercare.reference.models import Organisation

    sheet = sheet_of(section)
    code, *rest = sheet.columns
    details = (
        C("name", "Name", required=True, limit=Organisation._meta.get_field("name").max_length),
        C("kind", "Kind", required=True, choices=tuple(value for value, _ in Organisation.KINDS)),
        C("code_confirmed", "Code confirmed", "bool"),
        C("listed", "Listed in the plan", "bool"),
    )
    return replace(sheet, section="partners", columns=(replace(code, required=True, reference=""), *details, *rest))


def _localities() -> SheetSpec:
    from bettercare.reference.models import Locality

    def limit(name: str) -> int:
        return Locality._meta.get_field(name).max_length

    return SheetSpec(
        "Localities", "localities", "Localities (e.g. CCG areas) of the health and wellbeing board",
        "One row per locality.",
        (C("code", "Locality code", required=True, limit=limit("code")),
         C("name", "Name", required=True, limit=limit("name")),
         C("short_name", "Short name", limit=limit("short_name")), C("kind", "Kind", limit=limit("kind"))),
        position=80,
    )


NOTES = SheetSpec("Notes", "notes", "Facts kept from the source document", "One row per note.",
                  (C("text", "Note", required=True), SOURCE), position=1000)


@cache
def sheets() -> tuple[SheetSpec, ...]:
    """Every data sheet of the workbook, in the order they appear (after the Cover)."""
    found = [_partners(s) if s.name == PARTNERS_SECTION else sheet_of(s) for s in plan_sections()]
    return tuple(sorted([*found, _localities(), NOTES], key=lambda sheet: sheet.position))


@cache
def cover_fields() -> tuple[tuple[str, str], ...]:
    """(key, label) of each Cover row: the workbook's identity, then the plan's own fields."""
    head = plan_head()
    own = [(name, head.headings[name]) for name in head.fields if name != "notes"]
    return (*COVER_BEFORE, *own, *COVER_AFTER)


@cache
def cover_columns() -> tuple[Column, ...]:
    """The plan's own fields on the Cover (its notes aside), typed by the Plan model."""
    head = plan_head()
    model = apps.get_model(head.model)
    return tuple(column_of(model, name, head.headings, {}) for name in head.fields if name != "notes")


def __getattr__(name: str):
    """``SHEETS``, ``SHEET_BY_SECTION`` and ``COVER_FIELDS`` are built from the apps' declarations
    on first use (the apps must be loaded)."""
    if name == "SHEETS":
        return sheets()
    if name == "SHEET_BY_SECTION":
        return {sheet.section: sheet for sheet in sheets()}
    if name == "COVER_FIELDS":
        return list(cover_fields())
    raise AttributeError(name)


CHECKLIST_SHEET = "Checklist"
LISTS_SHEET = "Lists"


def layout_id(period: str, version: int = LAYOUT_VERSION) -> str:
    return f"bettercare-plan/{period}/v{version}"


def known_layouts() -> list[str]:
    """Every layout this bettercare reads: the current version for each policy period."""
    return [layout_id(period) for period in list_periods()]
