"""Quarterly returns (read): an HWB's returns with their status, and one return with its metric
statuses and, from approval on, the snapshot of the figures as signed off."""

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from bettercare.accounts.access import require
from bettercare.delivery.models import QuarterlyReturn

from ..access import area_for
from ..pagination import PageQuery, page_schema, paginate
from ..periods import PeriodText
from ..problems import ERROR_STATUSES, Problem

router = Router(tags=["Quarterly returns"])
ERRORS = {status: Problem for status in ERROR_STATUSES}


class ReturnOut(Schema):
    id: int
    area_code: str
    plan_id: int
    quarter: PeriodText
    revision: int
    status: str
    replaces: int | None
    created_at: datetime
    ready_at: datetime | None
    approved_at: datetime | None
    submitted_at: datetime | None
    approved_by: str | None
    submitted_by: str | None


class MetricStatusOut(Schema):
    metric: str
    proposed_status: str
    chosen_status: str
    status: str
    override_reason: str


class ReturnDetail(ReturnOut):
    resubmission_reason: str
    achievements: str
    challenges: str
    support_needed: str
    metric_statuses: list[MetricStatusOut]
    snapshot: dict[str, Any] | None


ReturnPage = page_schema(ReturnOut, "ReturnPage")


def _return(item: QuarterlyReturn) -> dict:
    return {
        "id": item.id,
        "area_code": item.area.gss_code,
        "plan_id": item.plan_id,
        "quarter": item.quarter,
        "revision": item.revision,
        "status": item.status,
        "replaces": item.replaces_id,
        "created_at": item.created_at,
        "ready_at": item.ready_at,
        "approved_at": item.approved_at,
        "submitted_at": item.submitted_at,
        "approved_by": item.approved_by.username if item.approved_by else None,
        "submitted_by": item.submitted_by.username if item.submitted_by else None,
    }


@router.get("/areas/{gss_code}/returns", response={200: ReturnPage, **ERRORS}, summary="An HWB's quarterly returns")
def list_returns(request: HttpRequest, gss_code: str, page: PageQuery):
    """Every return of the HWB with its status, ordered by quarter and revision."""
    area = area_for(request, gss_code)
    returns = (
        QuarterlyReturn.objects.filter(area=area)
        .select_related("area", "approved_by", "submitted_by")
        .order_by("quarter", "revision", "id")
    )
    return paginate(request, [_return(r) for r in returns], page)


@router.get("/returns/{return_id}", response={200: ReturnDetail, **ERRORS}, summary="One quarterly return")
def get_return(request: HttpRequest, return_id: int):
    item = QuarterlyReturn.objects.select_related("area", "approved_by", "submitted_by").filter(pk=return_id).first()
    if item is None:
        raise Http404(f"No quarterly return has the id {return_id}.")
    require(request.user, "view", item)
    statuses = item.metric_statuses.select_related("metric").order_by("metric__code", "id")
    return {
        **_return(item),
        "resubmission_reason": item.resubmission_reason,
        "achievements": item.achievements,
        "challenges": item.challenges,
        "support_needed": item.support_needed,
        "metric_statuses": [
            {
                "metric": s.metric.code,
                "proposed_status": s.proposed_status,
                "chosen_status": s.chosen_status,
                "status": s.status,
                "override_reason": s.override_reason,
            }
            for s in statuses
        ],
        "snapshot": item.snapshot,
    }
