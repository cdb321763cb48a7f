"""Policy periods and their metric catalogue (national metrics, plus the local metrics of HWBs
the caller may read), in code order."""

from django.db.models import Q
from django.http import Http404, HttpRequest
from ninja import Router, Schema

from bettercare.accounts.access import visible_areas
from bettercare.reference.models import Metric, PolicyPeriod

from ..pagination import PageQuery, page_schema, paginate
from ..problems import ERROR_STATUSES, Problem

router = Router(tags=["Catalogue"])
ERRORS = {status: Problem for status in ERROR_STATUSES}


class PolicyPeriodOut(Schema):
    code: str
    title: str
    financial_years: list[str]


class MetricOut(Schema):
    code: str
    title: str
    polarity: str
    multiplier: int
    unit: str
    population_base: str
    frequency: str
    ci_method: str
    rag_rule: dict  # the catalogue's RAG rule, e.g. {"rule": "significance"} (the default)
    source: str | None
    local_to: str | None  # the GSS code of the HWB a local metric belongs to; null for national metrics


PolicyPeriodPage = page_schema(PolicyPeriodOut, "PolicyPeriodPage")
MetricPage = page_schema(MetricOut, "MetricPage")


@router.get("/policy-periods", response={200: PolicyPeriodPage, **ERRORS}, summary="Policy periods")
def list_policy_periods(request: HttpRequest, page: PageQuery):
    periods = PolicyPeriod.objects.order_by("code")
    return paginate(request, [_period(p) for p in periods], page)


def _period(period: PolicyPeriod) -> dict:
    return {"code": period.code, "title": period.title, "financial_years": list(period.financial_years or [])}


def _metric(metric: Metric) -> dict:
    definition = metric.definition or {}
    rule = definition.get("rag_rule") or "significance"
    source = definition.get("source")
    return {
        "code": metric.code,
        "title": metric.title,
        "polarity": metric.polarity,
        "multiplier": metric.multiplier,
        "unit": metric.unit,
        "population_base": metric.population_base,
        "frequency": metric.frequency,
        "ci_method": metric.ci_method,
        "rag_rule": dict(rule) if isinstance(rule, dict) else {"rule": str(rule)},
        "source": None if source is None else str(source),
        "local_to": metric.area.gss_code if metric.area_id else None,
    }


@router.get(
    "/policy-periods/{code}/metrics", response={200: MetricPage, **ERRORS}, summary="A policy period's metrics"
)
def list_metrics(request: HttpRequest, code: str, page: PageQuery):
    """The catalogue of one policy period (e.g. 2017-19): national metrics and the local metrics of
    HWBs the caller may read, ordered by code and HWB."""
    period = PolicyPeriod.objects.filter(code=code).first()
    if period is None:
        raise Http404(f"No policy period has the code {code!r}.")
    metrics = (
        Metric.objects.filter(period=period)
        .filter(Q(area__isnull=True) | Q(area__in=visible_areas(request.user)))
        .select_related("area")
        .order_by("code", "area__gss_code", "id")
    )
    return paginate(request, [_metric(m) for m in metrics], page)
