"""HTML laid out for PDF by WeasyPrint (``render(html).write_pdf()``). Images are data URIs and
stylesheets are inline, so nothing is fetched from the network while rendering; the only files read
are the shipped fonts (``typefaces``)."""

from __future__ import annotations

import logging

from .typefaces import font_face_css


def render(html: str):
    """Lay out a self-contained HTML document (a WeasyPrint ``Document``) in the shipped fonts."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    fonts = FontConfiguration()
    faces = CSS(string=font_face_css(), font_config=fonts)
    return HTML(string=html, base_url=None).render(stylesheets=[faces], font_config=fonts)

