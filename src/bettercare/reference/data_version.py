"""Pages computed once per change of the data: ``cached(name, parts, compute)`` keeps ``compute()``'s
result in Django's cache under ``name``, ``parts`` and the data version, so a figure is recomputed
only after something it could depend on has changed.

The data version is read in one query: for every model of the project's apps with history
(django-simple-history, which every recorded change goes through: saves, deletes and
``bulk_create_with_history``) the newest history id, and for the others (reference data, comparator
groups, priorities) their row count and largest primary key. Any recorded change moves one of them,
so a new version means new keys and the old entries age out (``TIMEOUT`` bounds the life of any
entry, for a change made outside the history, such as a row replaced in place by a migration).
Accounts and sign-in records are left out: they change who may see a page, never its figures, and
views check permissions before reading the cache."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from typing import TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import DatabaseError, connection, transaction

T = TypeVar("T")
_read: ContextVar[dict | None] = ContextVar("bettercare_data_version_read", default=None)
TIMEOUT = 3600  # seconds: bounds a change made outside the history (module docstring)
LEFT_OUT = {"accounts", "axes", "admin", "auth", "contenttypes", "sessions"}


@lru_cache(maxsize=1)
def _query() -> str:
    return "SELECT " + ", ".join(_terms())


def _terms() -> list[str]:
    quote = connection.ops.quote_name
    terms = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in LEFT_OUT or not model.__module__.startswith("bettercare.") or meta.proxy:
            continue
        table = quote(meta.db_table)
        if any(field.name == "history_id" for field in meta.fields):
            terms.append(f"(SELECT MAX({quote('history_id')}) FROM {table})")
        elif not hasattr(model, "history"):
            terms.append(f"(SELECT COUNT(*) FROM {table})")
            terms.append(f"(SELECT MAX({quote(meta.pk.column)}) FROM {table})")
    return sorted(terms)


def data_version() -> str:
    """A short token that changes whenever any recorded row of the project's data changes (read once
    per page request: ``OneVersionPerRead``)."""
    memo = _read.get()
    if memo and "version" in memo:
        return memo["version"]
    with connection.cursor() as cursor:
        cursor.execute(_query())
        values = cursor.fetchone()
    version = hashlib.sha1(repr(values).encode()).hexdigest()[:16]
    if memo is not None:
        memo["version"] = version
    return version


class OneVersionPerRead:
    """Middleware: a GET or HEAD request (which changes nothing) reads the data version once, however
    many of its figures are looked up; a request that may write reads it afresh at every look-up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _read.set({})
        try:
            return self.get_response(request)
        finally:
            _read.reset(token)


def cache_key(name: str, parts: tuple) -> str:
    """The cache key of ``name`` and ``parts`` at the current data version."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:16]
    return f"bettercare:{name}:{digest}:{data_version()}"


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from the cache for the same ``name``, ``parts`` and data version.
    A database not yet migrated to have the cache table (a command run before ``migrate``) is
    served uncached."""
    key = cache_key(name, parts)
    try:
        with transaction.atomic():  # a failed read must not break the caller's transaction
            found = cache.get(key)
    except DatabaseError:
        return compute()
    if found is None:
        found = compute()
        with transaction.atomic():
            cache.set(key, found, TIMEOUT)
    return found
