"""The API's pages: the reference (every endpoint, from the OpenAPI document) and a short guide to
using the API from Python and Power BI. Plain GOV.UK pages: no third-party script."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from .auth import rate_limit
from .v1 import api

METHODS = ("get", "post", "put", "patch", "delete")


def endpoints() -> list[dict]:
    """(tag, [operations]) groups in the order the OpenAPI document lists them."""
    schema = api.get_openapi_schema()
    groups: dict[str, list[dict]] = {}
    for route, operations in schema["paths"].items():
        for method in METHODS:
            operation = operations.get(method)
            if operation is None:
                continue
            tag = (operation.get("tags") or ["Other"])[0]
            params = [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"]
            groups.setdefault(tag, []).append(
                {"method": method.upper(), "path": route, "summary": operation.get("summary", ""), "query": params}
            )
    return [{"tag": tag, "operations": ops} for tag, ops in groups.items()]


def _base(request) -> str:
    return request.build_absolute_uri(reverse("api-v1:api-root"))


@login_required
def docs(request):
    return render(
        request,
        "api/docs.html",
        {"groups": endpoints(), "base": _base(request), "rate_limit": rate_limit(),
         "openapi_url": reverse("api-v1:openapi-json")},
    )


@login_required
def guide(request):
    area = request.user.memberships.exclude(area=None).select_related("area").first()
    return render(
        request,
        "api/guide.html",
        {"base": _base(request), "gss_code": area.area.gss_code if area else "E06000012"},
    )
