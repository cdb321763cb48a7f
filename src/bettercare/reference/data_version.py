"""Pages computed once per change of the data: ``cached(name, parts, compute)`` keeps ``compute()``'s
result in Django's cache under ``name``, ``parts`` and the data version, so a figure is recomputed
only after something it could depend on has changed.

The data version is read in one query: for every model of the project's apps with history
(django-simple-history, which every recorded change goes through: saves, deletes and
``bulk_create_with_history``) the newest history id, and for the others (reference data, comparator
groups, priorities) their row count and largest primary key. Any recorded change moves one of them,
so a new version means new keys and the old entries age out (``TIMEOUT`` bounds the life of any
entry, for a change made outside the history). The key also holds the installed code's fingerprint
(``code_version``), as an upgraded bettercare may compute a page differently from the same data.
Accounts and sign-in records are left out: they change who may see a page, never its figures, and
views check permissions before reading the cache."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from contextlib import nullcontext
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
    version = hashlib.sha1(repr(_version_values()).encode()).hexdigest()[:16]
    if memo is not None:
        memo["version"] = version
    return version


PREPARED = "bettercare_data_version"


def _version_values() -> tuple:
    """The query's one row. On PostgreSQL it is prepared once per database connection: planning its
    71 sub-selects took 5-6 ms of the 8 it cost, on every page."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute(_query())
            return cursor.fetchone()
        if getattr(connection, "bettercare_prepared_on", None) is not connection.connection:
            cursor.execute(f"PREPARE {PREPARED} AS {_query()}")  # lasts as long as the connection
            connection.bettercare_prepared_on = connection.connection
        cursor.execute(f"EXECUTE {PREPARED}")
        return cursor.fetchone()


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


_MEMO: dict[tuple, object] = {}
MEMO_SIZE = 256


def per_version(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, kept in this process for the data version a GET request reads (the catalogue
    text in force, asked for by every page that names a period). Outside such a read (a write, a
    command) it is computed afresh, as the data may be changing under it. Small values only: the
    memo holds at most ``MEMO_SIZE`` of them."""
    if _read.get() is None:
        return compute()
    key = (data_version(), name, parts)
    if key not in _MEMO:
        if len(_MEMO) >= MEMO_SIZE:
            _MEMO.clear()
        _MEMO[key] = compute()
    return _MEMO[key]


@lru_cache(maxsize=1)
def code_version() -> str:
    """A fingerprint of the installed bettercare: the path, size and modification time of each of its
    modules, templates and catalogue files (read once per process; about 7 ms)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = []
    for folder, subfolders, _names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d not in ("__pycache__", "static"))
        for entry in os.scandir(folder):
            if entry.is_file() and entry.name.endswith((".py", ".html", ".yaml")):
                stat = entry.stat()
                files.append((os.path.relpath(entry.path, root), stat.st_size, stat.st_mtime_ns))
    return hashlib.sha1(repr(sorted(files)).encode()).hexdigest()[:12]


def cache_key(name: str, parts: tuple) -> str:
    """The cache key of ``name`` and ``parts`` for the installed code at the current data version."""
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()[:16]
    return f"bettercare:{name}:{digest}:{code_version()}:{data_version()}"


def cached(name: str, parts: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from the cache for the same ``name``, ``parts`` and data version
    (read once per GET request however often the page asks). A database not yet migrated to have
    the cache table (a command run before ``migrate``) is served uncached."""
    key = cache_key(name, parts)
    memo = _read.get()
    if memo is not None and key in memo:
        return memo[key]
    found = through_cache(key, compute, TIMEOUT)
    if memo is not None:
        memo[key] = found
    return found


def through_cache(key: str, compute: Callable[[], T], timeout: int) -> T:
    """The value kept under ``key`` in Django's cache, else ``compute()``, kept for ``timeout``
    seconds; without the cache table (a database not yet migrated) ``compute()`` each time."""
    try:
        with guarded():
            found = cache.get(key)
    except DatabaseError:
        return compute()
    if found is None:
        found = compute()
        with guarded():
            cache.set(key, found, timeout)
    return found


def guarded():
    """A savepoint around a cache read or write inside a transaction, so that a failure (no cache
    table yet) does not break the caller's transaction; outside one, nothing (each statement
    stands alone)."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()
