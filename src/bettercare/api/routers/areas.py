"""Areas (HWBs) the caller may read, in GSS-code order, and one HWB with its localities."""

from django.http import HttpRequest
from ninja import Router, Schema

from bettercare.accounts.access import visible_areas

from ..access import area_for
from ..pagination import PageQuery, page_schema, paginate
from ..problems import ERROR_STATUSES, Problem

router = Router(tags=["Areas"])


class AreaOut(Schema):
    gss_code: str
    name: str
    kind: str


class LocalityOut(Schema):
    code: str
    name: str
    kind: str


class AreaDetail(AreaOut):
    localities: list[LocalityOut]


AreaPage = page_schema(AreaOut, "AreaPage")
ERRORS = {status: Problem for status in ERROR_STATUSES}


@router.get("/areas", response={200: AreaPage, **ERRORS}, summary="HWBs you may read")
def list_areas(request: HttpRequest, page: PageQuery):
    """Every HWB the caller may read (a member's own HWBs; every HWB for the national team),
    ordered by GSS code."""
    areas = visible_areas(request.user).order_by("gss_code")
    return paginate(request, areas, page)


@router.get("/areas/{gss_code}", response={200: AreaDetail, **ERRORS}, summary="One HWB and its localities")
def get_area(request: HttpRequest, gss_code: str):
    area = area_for(request, gss_code)
    localities = list(area.localities.order_by("code").values("code", "name", "kind"))
    return {"gss_code": area.gss_code, "name": area.name, "kind": area.kind, "localities": localities}
