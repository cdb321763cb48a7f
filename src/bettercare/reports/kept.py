"""Documents laid out once per content: ``kept(kind, html, make)`` returns ``make()`` (a PDF, the
density at which a plan on a page fits, a chart's SVG) or the result kept in Django's cache for the
same HTML (or chart spec).

WeasyPrint takes seconds to lay out and write a document (the 15-page board paper: about 4 s of one
core, and a plan on a page about 0.6 s for each density tried), while the same document is asked for
again and again: each board member's download, each rerun of the command, each redraft of a paper's
commentary (its plan on a page unchanged). A laid-out document depends on nothing but its HTML (the
stylesheets, fonts' names and charts are inline and nothing is fetched), the shipped font files
(``typefaces``), the versions of WeasyPrint and vl-convert, and bettercare's own code
(``code_version``), so the key is the SHA-256 of those: an edit to any figure, word or style gives
a new key, and an unchanged document is never laid out twice. Entries last ``KEPT_FOR``; a database
without the cache table (before ``migrate``) lays everything out each time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from bettercare.reference.data_version import code_version, through_cache

from .typefaces import FONT_DIR

T = TypeVar("T")
KEPT_FOR = 14 * 24 * 3600  # seconds


@lru_cache(maxsize=1)
def renderer_version() -> str:
    """The versions of WeasyPrint and vl-convert, the shipped fonts' names and sizes, and bettercare's
    code: what turns the same HTML or chart into the same document."""
    from importlib.metadata import version

    fonts = sorted((path.name, path.stat().st_size) for path in FONT_DIR.glob("*.ttf"))
    return f"{version('weasyprint')} {version('vl-convert-python')} {fonts} {code_version()}"


def content_key(kind: str, html: str) -> str:
    """The cache key of a ``kind`` of result made from ``html`` by this renderer and code."""
    digest = hashlib.sha256(f"{kind}\n{renderer_version()}\n{html}".encode()).hexdigest()
    return f"bettercare:kept:{kind}:{digest}"


def kept(kind: str, html: str, make: Callable[[], T]) -> T:
    """``make()``, made once per ``kind`` and ``html`` and kept (module docstring)."""
    return through_cache(content_key(kind, html), make, KEPT_FOR)
