"""Write a plan from its canonical dump (see ``snapshot``): used to copy a plan to a new version
and to import a workbook. Codes are resolved through ``References``; callers validate first (the
workbook importer names the cell of any unknown code), so an unknown code here is a programming
error and raises ``UnknownCode``. The scenario loader writes its rows through ``row_values`` too.
Every row is saved one by one so that history records it."""

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
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


def field_value(field: models.Field, value: Any) -> Any:
    """A dump's (or a scenario file's) value as the field stores it: empty -> None (nullable), the
    default, or ""; else the field's own conversion (Decimal, date, int, bool, period). A float
    becomes the Decimal of its shortest text (89.9 -> Decimal("89.9"), not the binary fraction)."""
    if value is None and isinstance(field, models.JSONField):
        return field.get_default()
    if value in (None, "") and not isinstance(field, models.JSONField):
        if field.null:
            return None
        if field.has_default():
            return field.get_default()
        return ""
    if isinstance(value, float) and isinstance(field, models.DecimalField):
        value = repr(value)
    return field.to_python(value)


class UnknownCode(LookupError):
    """A row names a code that is neither reference data nor a row written before it."""

    def __init__(self, field: str, target: type[models.Model], code: Any):
        self.field, self.target, self.code = field, target, code
        super().__init__(f"{field} {code!r} is not a known {target._meta.verbose_name}")


Written = dict[type[models.Model], dict[Any, models.Model]]


def row_values(section: PlanSection, row: dict[str, Any], refs: References, written: Written) -> dict[str, Any]:
    """The model values of one row of a section, by its declared columns: foreign keys from their
    codes (a row of this plan written by an earlier section, such as a scheme, or reference data),
    other values converted by their field. Raises ``UnknownCode``."""
    model = model_of(section)
    relations = foreign_keys(section)
    values: dict[str, Any] = {}
    for name in section.columns:
        if name not in relations:
            values[name] = field_value(model._meta.get_field(name), row.get(name))
            continue
        target, code = relations[name].related_model, row.get(name)
        try:
            if target in written:
                values[name] = written[target][str(code)] if code not in (None, "") else None
            else:
                values[name] = refs.resolve(target, code)
        except (KeyError, ValueError, ObjectDoesNotExist):
            raise UnknownCode(name, target, code) from None
    return values


def remember(section: PlanSection, row: models.Model, written: Written) -> None:
    """Keep a written row under the code other sections name it by: its single key (a scheme's ref)."""
    written.setdefault(type(row), {})[str(getattr(row, section.keys[0]))] = row


def _write_section(section: PlanSection, rows: list[dict[str, Any]], plan: Plan, refs: References,
                   written: Written) -> None:
    model = model_of(section)
    written.setdefault(model, {})
    for row in rows:
        values = row_values(section, row, refs, written)
        if section.plan_lookup == "plan":
            values["plan"] = plan
        remember(section, model.objects.create(**values), written)


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
        setattr(plan, name, field_value(Plan._meta.get_field(name), head.get(name)))
    plan.full_clean(validate_unique=False, validate_constraints=False)
    plan.save()
    written: Written = {}
    for section in plan_sections():
        _write_section(section, data.get(section.name, []), plan, refs, written)
    return plan
