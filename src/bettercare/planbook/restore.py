"""Write a plan from its canonical dump (see ``snapshot``): used to copy a plan to a new version
and to import a workbook. Codes are resolved through ``References``; callers validate first (the
workbook importer names the cell of any unknown code), so an unknown code here is a programming
error and raises ``KeyError``. Every row is saved one by one so that history records it."""

from typing import Any

from django.db import models, transaction

from bettercare.plans.models import Plan
from bettercare.reference.models import (
    Area,
    FundingStream,
    HicmChange,
    Locality,
    Metric,
    NationalCondition,
    Organisation,
    PolicyPeriod,
    SchemeType,
)
from bettercare.reference.sections import PlanSection

from .sections import foreign_keys, model_of, plan_head, plan_sections


class References:
    """Code -> object look-ups for one area and policy period."""

    def __init__(self, area: Area, period: PolicyPeriod):
        self.area = area
        self.period = period
        self.localities = {loc.code: loc for loc in Locality.objects.filter(area=area)}
        self.streams = {s.code: s for s in FundingStream.objects.filter(period=period)}
        self.scheme_types = {t.code: t for t in SchemeType.objects.filter(period=period)}
        self.conditions = {c.code: c for c in NationalCondition.objects.filter(period=period)}
        self.metrics: dict[str, Metric] = {}
        for metric in Metric.objects.filter(period=period, area=None):
            self.metrics[metric.code] = metric
        for metric in Metric.objects.filter(period=period, area=area):
            self.metrics[metric.code] = metric
        self.changes = {c.number: c for c in HicmChange.objects.filter(model__code=period.hicm_model)}
        self._organisations: dict[str, Organisation] = {}

    def organisation(self, code: str) -> Organisation | None:
        if not code:
            return None
        if code not in self._organisations:
            self._organisations[code] = Organisation.objects.get(code=code)
        return self._organisations[code]

    def locality(self, code: str) -> Locality | None:
        return self.localities[code] if code else None

    def stream(self, code: str) -> FundingStream | None:
        return self.streams[code] if code else None

    def scheme_type(self, code: str) -> SchemeType | None:
        return self.scheme_types[code] if code else None

    def metric(self, code: str) -> Metric | None:
        return self.metrics[code] if code else None

    def change(self, number: Any) -> HicmChange | None:
        return self.changes[int(number)] if number not in (None, "") else None

    def condition(self, code: str) -> NationalCondition | None:
        return self.conditions[code] if code else None

    def resolve(self, model: type[models.Model], code: Any) -> models.Model | None:
        """The reference row of ``model`` named by ``code`` (None for an empty code)."""
        look_up = {
            Organisation: self.organisation,
            Locality: self.locality,
            FundingStream: self.stream,
            SchemeType: self.scheme_type,
            Metric: self.metric,
            HicmChange: self.change,
            NationalCondition: self.condition,
        }[model]
        return look_up(code)


def next_version(area: Area, period: PolicyPeriod) -> int:
    """The next free version number of an HWB's plan for a period."""
    latest = Plan.objects.filter(area=area, period=period).order_by("-version").values_list("version", flat=True)
    return (latest.first() or 0) + 1


def _python(field: models.Field, value: Any) -> Any:
    """A dump's text value as the field stores it: empty -> None (nullable), the default, or "";
    else the field's own conversion (Decimal, date, int, bool)."""
    if value is None and isinstance(field, models.JSONField):
        return field.get_default()
    if value in (None, "") and not isinstance(field, models.JSONField):
        if field.null:
            return None
        if field.has_default():
            return field.get_default()
        return ""
    return field.to_python(value)


def _write_section(section: PlanSection, rows: list[dict[str, Any]], plan: Plan, refs: References,
                   written: dict[type[models.Model], dict[Any, models.Model]]) -> None:
    model = model_of(section)
    relations = foreign_keys(section)
    mine = written.setdefault(model, {})
    for row in rows:
        values: dict[str, Any] = {}
        if section.plan_lookup == "plan":
            values["plan"] = plan
        for name in section.columns:
            if name in relations:
                target = relations[name].related_model
                code = row.get(name)
                if target in written:  # a row of this plan written by an earlier section (scheme, priority)
                    values[name] = written[target][code] if code not in (None, "") else None
                else:
                    values[name] = refs.resolve(target, code)
            else:
                values[name] = _python(model._meta.get_field(name), row.get(name))
        created = model.objects.create(**values)
        mine[getattr(created, _natural_attribute(section))] = created


def _natural_attribute(section: PlanSection) -> str:
    """The attribute other sections name a row of this one by: its single key (a scheme's ref)."""
    return section.keys[0]


@transaction.atomic
def write_plan(
    data: dict[str, Any],
    area: Area,
    period: PolicyPeriod,
    version: int,
    based_on: Plan | None = None,
    scenario: str = "",
) -> Plan:
    """Create a plan and all its rows from a canonical dump (all or nothing), section by section in
    the declared order, so that a row's parent (its scheme, its priority) is written before it."""
    refs = References(area, period)
    head = data["plan"]
    plan = Plan(area=area, period=period, version=version, scenario=scenario, based_on=based_on)
    for name in plan_head().fields:
        setattr(plan, name, _python(Plan._meta.get_field(name), head.get(name)))
    plan.full_clean(validate_unique=False, validate_constraints=False)
    plan.save()
    written: dict[type[models.Model], dict[Any, models.Model]] = {}
    for section in plan_sections():
        _write_section(section, data.get(section.name, []), plan, refs, written)
    return plan
