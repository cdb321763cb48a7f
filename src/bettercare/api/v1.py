"""The API, version 1: routers mounted, authentication, errors as problem details, and the
OpenAPI document (errors documented as ``application/problem+json``)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from bettercare.monitoring.importer import ImportRefused

from .auth import RateLimited, SessionAuth, TokenAuth
from .problems import MEDIA_TYPE, InvalidInput, problem_response
from .routers import actuals, areas, catalogue, exports, plans, results, returns
from .routers.actuals import UnsupportedUpload, UploadTooLarge

DESCRIPTION = """Figures of the Better Care Fund for analysts' scripts, Power BI and the national team.

Authenticate with a personal API token (create one on the "API tokens" page):
`Authorization: Bearer bc_...`. A token acts with its owner's roles: you read the HWBs you may see
on the web pages, and only editors may import actuals. Lists come a page at a time (`limit`,
`offset`; stable order). Results carry an ETag. Errors are RFC 9457 problem details."""


class BettercareAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Errors are served as ``application/problem+json``; 304 has no body."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    code = int(status)
                    if code >= 400 and "content" in response:
                        response["content"] = {MEDIA_TYPE: next(iter(response["content"].values()))}
                    if code == 304:
                        response.pop("content", None)
                        response["description"] = "Not modified: the figures are those of the ETag you hold"
        return schema


api = BettercareAPI(
    title="bettercare API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,  # the docs page is a bettercare page (GOV.UK style, no third-party script): views.docs
    auth=[TokenAuth(), SessionAuth()],
)
for module in (areas, catalogue, plans, results, exports, actuals, returns):
    api.add_router("/", module.router)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, error: AuthenticationError):
    return problem_response(
        request, 401, "Send a live personal API token: Authorization: Bearer bc_...", "unauthenticated",
        headers={"WWW-Authenticate": 'Bearer realm="bettercare"'},
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, error: HttpError):
    return problem_response(request, error.status_code, str(error))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, error: PermissionDenied):
    return problem_response(request, 403, str(error) or "You may not do this.", "forbidden")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, error: Http404):
    return problem_response(request, 404, str(error) or "Not found.", "not-found")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, error: ValidationError):
    details = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', []))}: {e.get('msg', '')}" for e in error.errors
    )
    return problem_response(request, 422, details or "The request is not valid.", "invalid-input")


@api.exception_handler(InvalidInput)
def _invalid_input(request: HttpRequest, error: InvalidInput):
    return problem_response(request, 422, str(error), "invalid-input")


@api.exception_handler(ImportRefused)
def _import_refused(request: HttpRequest, error: ImportRefused):
    errors = [
        {"file": e.file, "sheet": e.sheet, "row": e.row, "column": e.column, "rule": e.rule} for e in error.errors
    ]
    return problem_response(request, 422, str(error), "import-refused", errors=errors)


@api.exception_handler(UploadTooLarge)
def _too_large(request: HttpRequest, error: UploadTooLarge):
    return problem_response(request, 413, str(error), "upload-too-large")


@api.exception_handler(UnsupportedUpload)
def _unsupported(request: HttpRequest, error: UnsupportedUpload):
    return problem_response(request, 415, str(error), "unsupported-file")


@api.exception_handler(RateLimited)
def _rate_limited(request: HttpRequest, error: RateLimited):
    return problem_response(request, 429, str(error), "rate-limited", headers={"Retry-After": str(error.retry_after)})
