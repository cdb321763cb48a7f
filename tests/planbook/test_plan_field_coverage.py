"""Nothing of a plan is lost: every concrete field of every model that hangs from a plan is either
declared in an app's ``plan_sections.py`` (or declared not to be part of the plan, with the reason),
and every field's value survives export -> import -> export of the workbook and a new version.

The round trips are compared through Django's ``_meta`` (every concrete field of every row), not
through the declarations or ``dump_plan``, so a field left out of a declaration shows up as a lost
value, and a model left out entirely shows up as an undeclared model."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from bettercare.planbook.sections import model_of, not_in_plan, plan_head, plan_sections
from bettercare.planbook.snapshot import dump_plan
from bettercare.planbook.versions import create_new_version
from bettercare.planbook.workbook import export_plan, import_workbook
from bettercare.plans.models import Plan
from bettercare.reference.models import HicmModel

pytestmark = pytest.mark.django_db
SCENARIOS = ["norfolk-2014-16", "norfolk-2017-19", "nel-2017-19", "leicestershire-2018-19"]


def hangs_from_a_plan() -> set[type[models.Model]]:
    """Every model (history models aside) with a foreign key to a plan or to a model that has one."""
    owned = {Plan}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in owned or model.__name__.startswith("Historical"):
                continue
            if any(field.many_to_one and field.related_model in owned for field in model._meta.concrete_fields):
                owned.add(model)
                grown = True
    return owned - {Plan}


def test_every_model_that_hangs_from_a_plan_is_declared():
    declared = {model_of(section) for section in plan_sections()}
    excluded = {apps.get_model(label) for label in not_in_plan()}
    assert hangs_from_a_plan() - excluded == declared
    assert all(reason.strip() for reason in not_in_plan().values())


def test_every_concrete_field_is_declared():
    missing = []
    for section in plan_sections():
        model = model_of(section)
        link = section.plan_lookup.split("__")[0]
        declared = {*section.columns, link, "id", *section.not_copied}
        missing += [f"{section.model}.{field.name}" for field in model._meta.concrete_fields
                    if field.name not in declared]
        unknown = set(section.columns) - {field.name for field in model._meta.concrete_fields}
        assert not unknown, f"{section.model}: declared columns that are not fields: {sorted(unknown)}"
    head = plan_head()
    missing += [f"plans.Plan.{field.name}" for field in Plan._meta.concrete_fields
                if field.name not in {*head.fields, *head.not_copied, "id"}]
    assert not missing, f"fields in no plan section (declare them, or say in not_copied why not): {missing}"


def identity(row: models.Model | None):
    """How a row is named across databases: its code, ref or number."""
    if row is None:
        return None
    for attribute in ("code", "ref", "number", "gss_code"):
        if hasattr(row, attribute):
            return getattr(row, attribute)
    raise AssertionError(f"{row!r} has no natural identity")


def stable(value):
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, list):
        return tuple(sorted(map(str, value)))
    return "" if value is None else str(value)


def content(plan: Plan, skip: frozenset[str] = frozenset()) -> dict[str, list[tuple]]:
    """Every row of every plan-owned model of ``plan``, every concrete field but the id, the link
    to the plan and the declared not-copied fields, foreign keys by their targets' identity."""
    found = {}
    for section in plan_sections():
        if section.name in skip:
            continue
        model = model_of(section)
        link = section.plan_lookup.split("__")[0]
        rows = []
        for row in model.objects.filter(**{section.plan_lookup: plan}):
            values = []
            for field in model._meta.concrete_fields:
                if field.name in {"id", link, *section.not_copied}:
                    continue
                value = identity(getattr(row, field.name)) if field.is_relation else getattr(row, field.name)
                values.append((field.name, stable(value)))
            rows.append(tuple(values))
        found[section.model] = sorted(rows)
    return found


def plan(scenario: str) -> Plan:
    return Plan.objects.filter(scenario=scenario).order_by("version").first()


def fill_what_the_demo_leaves_empty(plan_: Plan) -> None:
    """Give the fields that no demo row fills a valid value in the first row of their section, so
    that the round trips below see every field carry something."""
    schemes = list(plan_.schemes.order_by("ref"))
    year = plan_.period.financial_years[-1]
    levels = [level["title"] for level in HicmModel.objects.get(code=plan_.period.hicm_model).maturity_levels] \
        if plan_.period.hicm_model else []
    fill = {
        "schemes": {"area_of_spend": "social_care"},
        "contingency": {"note": "Filled by the field-coverage test"},
        "conditions": {"quarter": f"{year}-Q4"},
        "hicm": {"maturity": levels[:1] and levels[0], "planned_maturity": levels[1:2] and levels[1], "rag": "Green"},
        "actions": {"completed_on": date(2018, 6, 29)},
        "risks": {"scheme": schemes[0] if schemes else None, "owner": "BCF programme lead",
                  "review_date": date(2018, 9, 28)},
        "finance_lines": {"scheme": schemes[0] if schemes else None, "actual_to_date": Decimal("1234.56")},
    }
    for section in plan_sections():
        values = {name: value for name, value in fill.get(section.name, {}).items() if value}
        first = model_of(section).objects.filter(**{section.plan_lookup: plan_}).order_by("id").first()
        if first is None or not values:
            continue
        for name, value in values.items():
            setattr(first, name, value)
        first.save()


@pytest.fixture
def filled():
    for scenario in SCENARIOS:
        fill_what_the_demo_leaves_empty(plan(scenario))


def head(plan_: Plan, skip: frozenset[str] = frozenset()) -> dict[str, str]:
    return {name: stable(getattr(plan_, name)) for name in plan_head().fields if name not in skip}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_export_import_export_keeps_every_field(filled, scenario):
    original = plan(scenario)
    first = export_plan(original)
    copy = import_workbook(BytesIO(first), f"{scenario}.xlsx")
    assert copy.pk != original.pk
    assert content(copy) == content(original)
    assert head(copy) == head(original)
    again = import_workbook(BytesIO(export_plan(copy)), f"{scenario}-again.xlsx")
    assert content(again) == content(original)
    assert dump_plan(again) | {"plan": None} == dump_plan(original) | {"plan": None}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_a_new_version_keeps_every_field(filled, scenario):
    editor = get_user_model().objects.create_superuser(f"coverage-{scenario}", password=None)
    original = plan(scenario)
    copy = create_new_version(editor, original)
    assert (copy.version, copy.based_on_id) == (Plan.objects.filter(area=original.area, period=original.period)
                                                .order_by("-version").first().version, original.pk)
    # by rule the copy is a draft without the original's submission, approval and sign-offs
    assert content(copy, skip=frozenset({"signoffs"})) == content(original, skip=frozenset({"signoffs"}))
    resets = frozenset({"status", "submitted_on", "approved_on", "assured_on"})
    assert head(copy, resets) == head(original, resets)


def test_the_round_trips_see_every_field_filled(filled):
    """A field that is empty in every plan round-tripped would pass even if it were lost: every
    declared field holds a value in at least one row of those plans (the demo, plus the fill)."""
    empty = []
    for section in plan_sections():
        model = model_of(section)
        rows = model.objects.filter(**{f"{section.plan_lookup}__scenario__in": SCENARIOS})
        for name in section.columns:
            field = model._meta.get_field(name)
            blank = models.Q(**{f"{name}__isnull": True})
            if not field.is_relation and isinstance(field, models.CharField | models.TextField):
                blank |= models.Q(**{name: ""})
            if not rows.exclude(blank).exists():
                empty.append(f"{section.name}.{name}")
    assert not empty, f"no demo row fills: {empty}"


def test_the_workbook_is_built_from_the_declarations():
    """Each declared section has its sheet with one column per declared key and field, in the
    declared order (the Partners sheet adds the organisations' own details after the code); the
    Cover carries the plan's own fields. Nothing but the declarations lists the plan's fields."""
    from bettercare.planbook.workbook.layout import cover_columns, sheets

    by_section = {sheet.section: sheet for sheet in sheets()}
    by_section["organisations"] = by_section.pop("partners")
    for section in plan_sections():
        assert section.sheet is not None, f"{section.name} has no sheet"
        sheet = by_section[section.name]
        fields = [column.field for column in sheet.columns]
        if section.name == "organisations":
            fields = [name for name in fields if name in section.columns]
        assert fields == list(section.columns), section.name
    assert [column.field for column in cover_columns()] == [name for name in plan_head().fields if name != "notes"]
    assert len({sheet.name for sheet in sheets()}) == len(sheets())


def test_a_workbook_exported_by_an_earlier_bettercare_still_imports():
    """A Norfolk 2017-19 workbook exported by main at 75a96db (before the layout was built from the
    declarations) imports as the same plan: same sheets, headings and cell types."""
    from pathlib import Path

    book = Path(__file__).parent / "data" / "norfolk-2017-19-exported-by-main-75a96db.xlsx"
    original = plan("norfolk-2017-19")
    copy = import_workbook(book)
    assert copy.pk != original.pk
    assert content(copy) == content(original)
    assert head(copy) == head(original)
