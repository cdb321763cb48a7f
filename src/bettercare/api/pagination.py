"""Pages of a list: ``limit`` (1-500, default 100) and ``offset`` query parameters; the answer
gives ``count`` (all items), ``limit``, ``offset``, ``next`` and ``previous`` (URLs or null) and
``items``. Every list is in a stable order (named per endpoint) so paging never skips or repeats
an item while the data do not change."""

from collections.abc import Sequence
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema
from pydantic import Field, create_model

MAX_LIMIT = 500
MAX_OFFSET = 10**9  # databases keep offsets in 64-bit integers; no list is this long


class PageParams(Schema):
    limit: int = Field(100, ge=1, le=MAX_LIMIT, description="Items per page (1-500)")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Items to skip")


PageQuery = Query[PageParams]


def page_schema(item: type[Schema], name: str) -> type[Schema]:
    """The response schema of a page of ``item``."""
    return create_model(
        name,
        __base__=Schema,
        count=(int, ...),
        limit=(int, ...),
        offset=(int, ...),
        next=(str | None, None),
        previous=(str | None, None),
        items=(list[item], ...),
    )


def _url(request: HttpRequest, offset: int, limit: int) -> str:
    query = request.GET.copy()
    query["offset"], query["limit"] = str(offset), str(limit)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, items: Sequence[Any], params: PageParams) -> dict[str, Any]:
    """One page of ``items`` (a list or an ordered queryset)."""
    count = items.count() if hasattr(items, "count") and not isinstance(items, list) else len(items)
    limit, offset = params.limit, params.offset
    page = list(items[offset : offset + limit])
    return {
        "count": count,
        "limit": limit,
        "offset": offset,
        "next": _url(request, offset + limit, limit) if offset + limit < count else None,
        "previous": _url(request, max(0, offset - limit), limit) if offset > 0 else None,
        "items": page,
    }
