"""Results tables as CSV and Parquet downloads (the same rows as the results endpoints, not paged)."""

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router

from bettercare.accounts.access import visible_areas

from ..access import area_for
from ..exports import to_csv, to_parquet
from ..problems import ERROR_STATUSES, Problem
from ..results_table import area_rows, rows_for_areas
from .results import AreaFilter, ResultFilters

router = Router(tags=["Exports"])
ERRORS = {status: Problem for status in ERROR_STATUSES}
NAMES = {"csv": "CSV", "parquet": "Parquet"}
FORMATS = {
    "csv": ("text/csv; charset=utf-8", to_csv, {"type": "string"}),
    "parquet": ("application/vnd.apache.parquet", to_parquet, {"type": "string", "format": "binary"}),
}


def _file(rows: list[dict], name: str, kind: str) -> HttpResponse:
    media_type, write, _ = FORMATS[kind]
    response = HttpResponse(write(rows), content_type=media_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    response["Cache-Control"] = "private, no-cache"
    return response


def _documented(kind: str) -> dict:
    media_type, _, schema = FORMATS[kind]
    return {"responses": {200: {"description": f"The results table as {NAMES[kind]}",
                                "content": {media_type.split(";")[0]: {"schema": schema}}}}}


def _register(kind: str) -> None:
    @router.get(f"/areas/{{gss_code}}/results.{kind}", response=ERRORS, openapi_extra=_documented(kind),
                summary=f"An HWB's results as {NAMES[kind]}", operation_id=f"area_results_{kind}")
    def area_export(request: HttpRequest, gss_code: str, filters: Query[ResultFilters]):
        area = area_for(request, gss_code)
        rows = area_rows(area, filters.period, filters.metric, filters.targets)
        return _file(rows, f"bettercare-results-{area.gss_code}-{filters.period}", kind)

    @router.get(f"/results.{kind}", response=ERRORS, openapi_extra=_documented(kind),
                summary=f"Results across HWBs as {NAMES[kind]}", operation_id=f"all_results_{kind}")
    def all_export(request: HttpRequest, filters: Query[ResultFilters], chosen: Query[AreaFilter]):
        areas = visible_areas(request.user)
        if chosen.area:
            areas = areas.filter(gss_code__in=chosen.area)
        rows = rows_for_areas(areas, filters.period, filters.metric, filters.targets)
        return _file(rows, f"bettercare-results-{filters.period}", kind)


for _kind in FORMATS:
    _register(_kind)
