"""Write a plan from its canonical dump (see ``snapshot``): used to copy a plan to a new version
and to import a workbook. Codes are resolved through ``References``; callers validate first (the
workbook importer names the cell of any unknown code), so an unknown code here is a programming
error and raises ``KeyError``. Every row is saved one by one so that history records it."""

from decimal import Decimal
from typing import Any

from django.db import transaction

from bettercare.delivery.models import Action, ConditionConfirmation, HicmAssessment, Risk
from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import (
    ContingencyLine,
    Contribution,
    MetricTarget,
    Plan,
    PlanOrganisation,
    Priority,
    Scheme,
    SchemeFinance,
    SchemeMetricImpact,
    SignOff,
    StatedTotal,
)
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


def _decimal(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


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


def next_version(area: Area, period: PolicyPeriod) -> int:
    """The next free version number of an HWB's plan for a period."""
    latest = Plan.objects.filter(area=area, period=period).order_by("-version").values_list("version", flat=True)
    return (latest.first() or 0) + 1


@transaction.atomic
def write_plan(
    data: dict[str, Any],
    area: Area,
    period: PolicyPeriod,
    version: int,
    based_on: Plan | None = None,
    scenario: str = "",
) -> Plan:
    """Create a plan and all its rows from a canonical dump (all or nothing)."""
    refs = References(area, period)
    head = data["plan"]
    plan = Plan(
        area=area,
        period=period,
        version=version,
        title=head.get("title") or "",
        status=head.get("status") or "draft",
        submitted_on=head.get("submitted_on") or None,
        approved_on=head.get("approved_on") or None,
        assured_on=head.get("assured_on") or None,
        seed=head.get("seed") or "",
        notes=head.get("notes") or [],
        scenario=scenario,
        based_on=based_on,
    )
    plan.full_clean(validate_unique=False, validate_constraints=False)
    plan.save()
    for row in data.get("organisations", []):
        PlanOrganisation.objects.create(
            plan=plan, organisation=refs.organisation(row["organisation"]), roles=row["roles"]
        )
    for row in data.get("signoffs", []):
        SignOff.objects.create(
            plan=plan,
            organisation=refs.organisation(row["organisation"]),
            role=row["role"],
            signatory=row["signatory"] or "",
            signed_on=row["signed_on"] or None,
            source=row["source"] or "",
        )
    priorities = {}
    for row in data.get("priorities", []):
        priorities[row["code"]] = Priority.objects.create(
            plan=plan,
            code=row["code"],
            name=row["name"],
            description=row["description"] or "",
            source=row["source"] or "",
        )
    for row in data.get("contributions", []):
        Contribution.objects.create(
            plan=plan,
            organisation=refs.organisation(row["organisation"]),
            stream=refs.stream(row["stream"]),
            financial_year=row["financial_year"],
            locality=refs.locality(row["locality"]),
            amount=_decimal(row["amount"]),
            actual_amount=_decimal(row["actual_amount"]),
            note=row["note"] or "",
            source=row["source"] or "",
        )
    for row in data.get("stated_totals", []):
        StatedTotal.objects.create(
            plan=plan,
            locality=refs.locality(row["locality"]),
            financial_year=row["financial_year"] or "",
            kind=row["kind"],
            label=row["label"] or "",
            amount=_decimal(row["amount"]),
            note=row["note"] or "",
            source=row["source"] or "",
        )
    schemes = {}
    for row in data.get("schemes", []):
        schemes[row["ref"]] = Scheme.objects.create(
            plan=plan,
            ref=row["ref"],
            name=row["name"],
            locality=refs.locality(row["locality"]),
            priority=priorities[row["priority"]] if row["priority"] else None,
            scheme_type=refs.scheme_type(row["scheme_type"]),
            area_of_spend=row["area_of_spend"] or "",
            lead_provider=row["lead_provider"] or "",
            commissioner=row["commissioner"] or "",
            funding_stream=refs.stream(row["funding_stream"]),
            new_or_existing=row["new_or_existing"] or "",
            description=row["description"] or "",
            source=row["source"] or "",
        )
    for row in data.get("scheme_finances", []):
        SchemeFinance.objects.create(
            scheme=schemes[row["scheme"]],
            kind=row["kind"],
            financial_year=row["financial_year"],
            recurrent=_decimal(row["recurrent"]) or Decimal(0),
            non_recurrent=_decimal(row["non_recurrent"]) or Decimal(0),
            funding_stream=refs.stream(row["funding_stream"]),
        )
    for row in data.get("scheme_impacts", []):
        SchemeMetricImpact.objects.create(
            scheme=schemes[row["scheme"]],
            metric=refs.metric(row["metric"]),
            score=row["score"],
            score_text=row["score_text"] or "",
            rationale=row["rationale"] or "",
        )
    for row in data.get("contingency", []):
        ContingencyLine.objects.create(
            plan=plan,
            locality=refs.locality(row["locality"]),
            outcome=row["outcome"],
            financial_year=row["financial_year"] or "",
            label=row["label"] or "",
            metric=refs.metric(row["metric"]),
            planned_savings=_decimal(row["planned_savings"]),
            maximum_support=_decimal(row["maximum_support"]),
            note=row["note"] or "",
            source=row["source"] or "",
        )
    for row in data.get("metric_targets", []):
        MetricTarget.objects.create(
            plan=plan,
            metric=refs.metric(row["metric"]),
            locality=refs.locality(row["locality"]),
            kind=row["kind"],
            period=row["period"],
            label=row["label"] or "",
            component=row["component"] or "",
            period_start=row["period_start"],
            period_end=row["period_end"],
            numerator=_decimal(row["numerator"]),
            denominator=_decimal(row["denominator"]),
            value=_decimal(row["value"]),
            value_decimals=row["value_decimals"],
            replaces=_decimal(row["replaces"]),
            note=row["note"] or "",
            source=row["source"] or "",
        )
    for row in data.get("conditions", []):
        ConditionConfirmation.objects.create(
            plan=plan,
            condition=refs.conditions[row["condition"]],
            quarter=row["quarter"] or "",
            confirmed=row["confirmed"],
            narrative=row["narrative"] or "",
            source=row["source"] or "",
        )
    for row in data.get("hicm", []):
        HicmAssessment.objects.create(
            plan=plan,
            change=refs.change(row["change"]),
            quarter=row["quarter"] or "",
            maturity=row["maturity"] or "",
            planned_maturity=row["planned_maturity"] or "",
            rag=row["rag"] or "",
            narrative=row["narrative"] or "",
            source=row["source"] or "",
        )
    for row in data.get("actions", []):
        Action.objects.create(
            plan=plan,
            ref=row["ref"],
            change=refs.change(row["change"]),
            scheme=schemes[row["scheme"]] if row["scheme"] else None,
            priority=priorities[row["priority"]] if row["priority"] else None,
            action=row["action"],
            owner=row["owner"] or "",
            deadline_text=row["deadline_text"] or "",
            deadline_start=row["deadline_start"] or None,
            deadline_end=row["deadline_end"] or None,
            status=row["status"] or "",
            completed_on=row["completed_on"] or None,
            source=row["source"] or "",
        )
    for row in data.get("risks", []):
        Risk.objects.create(
            plan=plan,
            ref=row["ref"],
            scheme=schemes[row["scheme"]] if row["scheme"] else None,
            title=row["title"],
            likelihood=row["likelihood"],
            impact=row["impact"],
            stated_score=row["stated_score"],
            rating=row["rating"] or "",
            mitigation=row["mitigation"] or "",
            owner=row["owner"] or "",
            review_date=row["review_date"] or None,
            source=row["source"] or "",
        )
    for row in data.get("finance_lines", []):
        FinanceLine.objects.create(
            plan=plan,
            quarter=row["quarter"],
            organisation=refs.organisation(row["organisation"]),
            stream=refs.stream(row["stream"]),
            scheme=schemes[row["scheme"]] if row["scheme"] else None,
            line=row["line"] or "",
            budget=_decimal(row["budget"]),
            actual_to_date=_decimal(row["actual_to_date"]),
            forecast_outturn=_decimal(row["forecast_outturn"]),
            carry_forward=_decimal(row["carry_forward"]),
            note=row["note"] or "",
            source=row["source"] or "",
        )
    return plan
