"""The plan aggregate as the apps declare it: every installed app's ``plan_sections.py`` is
imported (as Django's admin imports ``admin.py``) and its ``SECTIONS`` (and the plans app's
``PLAN``) gathered, ordered by each section's ``order``."""

from functools import cache
from importlib import import_module

from django.apps import apps
from django.db import models

from bettercare.reference.sections import PlanHead, PlanSection


def _declarations():
    for config in apps.get_app_configs():
        name = f"{config.name}.plan_sections"
        try:
            yield import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


@cache
def plan_sections() -> tuple[PlanSection, ...]:
    found = [section for module in _declarations() for section in getattr(module, "SECTIONS", [])]
    names = [section.name for section in found]
    duplicated = sorted({name for name in names if names.count(name) > 1})
    if duplicated:
        raise ValueError(f"plan sections declared twice: {duplicated}")
    return tuple(sorted(found, key=lambda section: section.order))


@cache
def plan_head() -> PlanHead:
    heads = [module.PLAN for module in _declarations() if hasattr(module, "PLAN")]
    if len(heads) != 1:
        raise ValueError(f"exactly one app must declare the plan's own row (PLAN), found {len(heads)}")
    return heads[0]


@cache
def not_in_plan() -> dict[str, str]:
    """Models that point at a plan without being part of it (``NOT_IN_PLAN``), with the reason."""
    found: dict[str, str] = {}
    for module in _declarations():
        found.update(getattr(module, "NOT_IN_PLAN", {}))
    return found


def model_of(section: PlanSection) -> type[models.Model]:
    return apps.get_model(section.model)


def foreign_keys(section: PlanSection) -> dict[str, models.ForeignKey]:
    """The section's columns that are foreign keys, by name."""
    model = model_of(section)
    return {name: model._meta.get_field(name) for name in section.columns if model._meta.get_field(name).is_relation}


def empty_code(section: PlanSection, name: str):
    """How an empty foreign key is written: "" for a text code, None for a number (a HICM change)."""
    field = foreign_keys(section)[name]
    target = field.related_model._meta.get_field(section.natural.get(name, "code"))
    return "" if isinstance(target, models.CharField) else None
