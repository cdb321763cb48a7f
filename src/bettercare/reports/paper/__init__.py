"""The HWB board paper (seed 004 is the model): built from the data (``build``), rendered to
accessible HTML and to PDF with WeasyPrint (``render``)."""

from .build import Paper, build_paper
from .render import paper_html, paper_pdf

__all__ = ["Paper", "build_paper", "paper_html", "paper_pdf"]
