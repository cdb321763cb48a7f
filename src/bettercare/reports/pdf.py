"""HTML laid out for PDF by WeasyPrint (``write(render(html))``). Images are data URIs and
stylesheets are inline, so nothing is fetched from the network while rendering; the only files read
are the shipped fonts (``typefaces``)."""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from .typefaces import font_face_css


@contextmanager
def collector_held() -> Iterator[None]:
    """Python's cyclic garbage collector held off while WeasyPrint works. Laying out the 15-page
    board paper makes hundreds of thousands of boxes, and the collector's passes over them (the full
    ones walking everything Django, Altair and WeasyPrint hold) took a fifth of its layout: 1.65 s
    against 1.27 s held off, best of five. Objects are still freed by reference counting; cycles
    wait for the next pass after. The collector is switched back on only by a caller that found it
    on, so nested or concurrent calls never leave it off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def render(html: str):
    """Lay out a self-contained HTML document (a WeasyPrint ``Document``) in the shipped fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    with collector_held():
        fonts = FontConfiguration()
        faces = CSS(string=font_face_css(), font_config=fonts)
        return HTML(string=html, base_url=None).render(stylesheets=[faces], font_config=fonts)


def write(document) -> bytes:
    """The PDF file of a laid-out ``Document``."""
    with collector_held():
        return document.write_pdf()
