"""HTML to PDF with WeasyPrint. Images are data URIs and stylesheets are inline, so nothing is
fetched from the network or the file system while rendering."""

from __future__ import annotations

import logging


def html_to_pdf(html: str) -> bytes:
    """Render a self-contained HTML document to PDF bytes."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    return HTML(string=html, base_url=None).write_pdf()
