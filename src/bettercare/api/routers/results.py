"""Metric results: per HWB and across every HWB the caller may read, a page at a time, with an
ETag (a client sending ``If-None-Match`` with the ETag it holds gets 304 Not Modified while the
figures are unchanged). The figures are those of ``bettercare metrics show --json``."""

import hashlib

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from pydantic import Field

from bettercare.accounts.access import visible_areas

from ..access import area_for
from ..pagination import PageQuery, page_schema, paginate
from ..problems import ERROR_STATUSES, Problem
from ..results_table import area_rows, rows_for_areas

router = Router(tags=["Results"])
ERRORS = {status: Problem for status in ERROR_STATUSES}
PERIOD_PATTERN = r"^\d{4}-\d{2}$"


class AgeBandFigure(Schema):
    count: float | None
    population: float | None


class ResultRow(Schema):
    area_code: str
    area_name: str
    metric: str
    metric_title: str
    statistic: str | None = Field(description="The metric's statistic (rate, proportion, dsr, ...)")
    metric_number: int = Field(description="The metric's number in the plan's order (Metric 1, 2, ...)")
    unit: str | None
    locality: str | None
    component: str | None
    kind: str = Field(description="actual, forecast, baseline, target or trajectory")
    label: str | None
    period: str
    scale: str | None
    value: float | None
    lower: float | None = Field(description="Lower limit of the interval")
    upper: float | None = Field(description="Upper limit of the interval")
    method: str | None = Field(description="How the value and its interval were computed")
    stated_value: float | None = Field(description="The value as stated in the source")
    numerator: float | None
    denominator: float | None
    age_bands: dict[str, AgeBandFigure] | None = Field(
        description="Count and population of each age band, for a directly standardised rate"
    )
    target: float | None
    target_numerator: float | None = Field(description="The target's count, where it was set as one")
    target_label: str | None
    comparison: str = Field(description="better, similar, worse or not_compared (read with polarity)")
    comparison_reason: str | None
    rag: str
    rag_rule: str = Field(description="The RAG rule applied, with its parameters")
    rag_rule_owner: str | None = Field(description="Whose RAG rule applies: the HWB's own or the default")
    rating: str | None = Field(description="The rating in words")
    status: str | None
    polarity: str
    direction: str
    direction_test: str | None
    forecast: float | None
    forecast_lower: float | None
    forecast_upper: float | None
    forecast_target: float | None
    forecast_method: str | None
    forecast_rag: str | None
    headline: bool
    flags: list[str]
    source: str | None
    as_at: str | None = Field(description="The date the source's figures were extracted (YYYY-MM-DD)")
    origin: str | None
    spc_variation: str | None
    spc_assurance: str | None
    spc_point: str | None
    spc_warnings: list[str]


ResultPage = page_schema(ResultRow, "ResultPage")


class ResultFilters(Schema):
    period: str = Field(
        ..., pattern=PERIOD_PATTERN, description="Financial year (2018-19) or policy period (2017-19)"
    )
    metric: list[str] | None = Field(None, description="Only these metric codes")
    targets: bool = Field(True, description="Include baseline and target rows")


class AreaFilter(Schema):
    area: list[str] | None = Field(None, description="Only these HWBs (GSS codes) among those you may read")


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'


def matches(request: HttpRequest, etag: str) -> bool:
    """Does ``If-None-Match`` name this ETag (weak comparison, RFC 9110 13.1.2)?"""
    header = request.headers.get("If-None-Match", "")
    if header.strip() == "*":
        return True
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return etag in tags


def with_etag(request: HttpRequest, page: dict) -> HttpResponse:
    body = ResultPage.model_validate(page).model_dump_json().encode()
    etag = etag_of(body)
    if matches(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    response["Vary"] = "Authorization, Cookie"
    return response


RESPONSES = {200: ResultPage, 304: None, **ERRORS}


@router.get("/areas/{gss_code}/results", response=RESPONSES, summary="An HWB's metric results")
def area_results(request: HttpRequest, gss_code: str, filters: Query[ResultFilters], page: PageQuery):
    """One row per actual figure (read against its target), the year-end forecast, and the
    baselines and targets: value, interval and method, target, comparison, RAG and its rule,
    direction of travel, forecast, SPC reading, source and as-at date."""
    area = area_for(request, gss_code)
    rows = area_rows(area, filters.period, filters.metric, filters.targets)
    return with_etag(request, paginate(request, rows, page))


@router.get("/results", response=RESPONSES, summary="Metric results across HWBs")
def all_results(request: HttpRequest, filters: Query[ResultFilters], chosen: Query[AreaFilter], page: PageQuery):
    """The rows of every HWB the caller may read (the national team: every HWB), in GSS-code order."""
    areas = visible_areas(request.user)
    if chosen.area:
        areas = areas.filter(gss_code__in=chosen.area)
    rows = rows_for_areas(areas, filters.period, filters.metric, filters.targets)
    return with_etag(request, paginate(request, rows, page))
