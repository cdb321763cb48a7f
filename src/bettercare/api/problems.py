"""Errors as RFC 9457 problem details (``application/problem+json``).

A problem has ``type`` (a URI naming the kind of problem; ``about:blank`` when the HTTP status says
it all), ``title``, ``status``, ``detail`` and ``instance`` (the request path). A refused import
adds ``errors``: one entry per broken rule with the file, sheet, row, column and rule, as the CLI
prints them."""

from typing import Any

from django.http import HttpRequest, JsonResponse
from ninja import Schema

MEDIA_TYPE = "application/problem+json"
TITLES = {
    400: "Bad request",
    401: "Not signed in",
    403: "Not allowed",
    404: "Not found",
    405: "Method not allowed",
    413: "File too large",
    415: "Unsupported file",
    422: "Invalid input",
    429: "Too many requests",
}
TYPE_BASE = "/api/v1/docs/#problem-"  # a URI reference: the docs page explains each problem type


class InvalidInput(ValueError):
    """A parameter the schema allows but the rules refuse (e.g. a period of four years): 422."""


class RowProblem(Schema):
    file: str
    sheet: str | None
    row: int
    column: str
    rule: str


class Problem(Schema):
    type: str
    title: str
    status: int
    detail: str
    instance: str
    errors: list[RowProblem] | None = None


ERROR_STATUSES = (400, 401, 403, 404, 422, 429)


def problem_response(
    request: HttpRequest,
    status: int,
    detail: str,
    kind: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    """A problem-details response; ``kind`` names the problem type (empty: ``about:blank``)."""
    body: dict[str, Any] = {
        "type": TYPE_BASE + kind if kind else "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = JsonResponse(body, status=status, content_type=MEDIA_TYPE, json_dumps_params={"ensure_ascii": False})
    for name, value in (headers or {}).items():
        response[name] = value
    return response
