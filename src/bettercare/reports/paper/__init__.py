"""The HWB board paper (seed 004 is the model): built from the data (``build``), rendered to
accessible HTML, to PDF with WeasyPrint and to Word (``render``)."""

from .build import Paper, build_paper
from .render import paper_docx, paper_html, paper_pdf

__all__ = ["Paper", "build_paper", "paper_docx", "paper_html", "paper_pdf"]
