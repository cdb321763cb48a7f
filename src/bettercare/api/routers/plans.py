"""Plans (read): an HWB's plan versions, and one version with its funding totals and metric
targets. Money is given as decimal strings in pounds (never floats)."""

from datetime import date
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from bettercare.accounts.access import require
from bettercare.plans.models import Plan
from bettercare.plans.services import funding_table

from ..access import area_for
from ..pagination import PageQuery, page_schema, paginate
from ..periods import PeriodText
from ..problems import ERROR_STATUSES, Problem

router = Router(tags=["Plans"])
ERRORS = {status: Problem for status in ERROR_STATUSES}


class PlanOut(Schema):
    id: int
    area_code: str
    policy_period: str
    version: int
    title: str
    status: str
    submitted_on: date | None
    approved_on: date | None
    assured_on: date | None
    based_on: int | None


class TargetOut(Schema):
    metric: str
    locality: str | None
    kind: str
    label: str
    period: str
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    source: str


class PlanDetail(PlanOut):
    funding_total_by_year: dict[PeriodText, Decimal]
    funding_total: Decimal
    targets: list[TargetOut]


PlanPage = page_schema(PlanOut, "PlanPage")


def _plan(plan: Plan) -> dict:
    return {
        "id": plan.id,
        "area_code": plan.area.gss_code,
        "policy_period": plan.period.code,
        "version": plan.version,
        "title": plan.title,
        "status": plan.status,
        "submitted_on": plan.submitted_on,
        "approved_on": plan.approved_on,
        "assured_on": plan.assured_on,
        "based_on": plan.based_on_id,
    }


@router.get("/areas/{gss_code}/plans", response={200: PlanPage, **ERRORS}, summary="An HWB's plan versions")
def list_plans(request: HttpRequest, gss_code: str, page: PageQuery):
    """Every plan version of the HWB, ordered by policy period and version."""
    area = area_for(request, gss_code)
    plans = Plan.objects.filter(area=area).select_related("area", "period").order_by("period__code", "version", "id")
    return paginate(request, [_plan(p) for p in plans], page)


@router.get("/plans/{plan_id}", response={200: PlanDetail, **ERRORS}, summary="One plan version")
def get_plan(request: HttpRequest, plan_id: int):
    """A plan version with its funding totals by financial year and its metric targets."""
    plan = Plan.objects.select_related("area", "period").filter(pk=plan_id).first()
    if plan is None:
        raise Http404(f"No plan has the id {plan_id}.")
    require(request.user, "view", plan)
    funding = funding_table(plan)
    targets = plan.metric_targets.select_related("metric", "locality").order_by("metric__code", "period_end", "id")
    return {
        **_plan(plan),
        "funding_total_by_year": funding["totals"],
        "funding_total": funding["grand_total"],
        "targets": [
            {
                "metric": t.metric.code,
                "locality": t.locality.code if t.locality else None,
                "kind": t.kind,
                "label": t.label,
                "period": t.period,
                "numerator": t.numerator,
                "denominator": t.denominator,
                "value": t.value,
                "source": t.source,
            }
            for t in targets
        ],
    }
