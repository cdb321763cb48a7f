"""The board paper as a stand-alone accessible HTML document, as PDF (WeasyPrint) and as Word (.docx):
one template, ``reports/paper.html``, with the print stylesheets inlined and the house style's
colours applied; the Word file is that same HTML converted element by element (``reports.word``),
so the three hold the same headings, paragraphs, tables and figures."""

from __future__ import annotations

from dataclasses import replace

from django.utils.safestring import mark_safe

from bettercare.indicators.presentation import long_date

from ..kept import kept
from ..pdf import write
from ..plan_page import fit_plan_page, fitted, lay_out
from ..templating import render_to_string, stylesheet
from .build import Paper


def css_string(text: str) -> str:
    """Text safe inside a CSS string in a <style> element (quotes, backslashes and markup removed)."""
    return mark_safe("".join(ch for ch in text if ch not in '"\\<>\n\r'))


def contents(paper: Paper) -> list[tuple[str, str]]:
    """The paper's table of contents: (anchor, heading), in order."""
    entries = [
        ("purpose", "Purpose of the report"),
        ("policy", "Policy framework and previous decisions"),
    ]
    blocks = paper.sections
    if blocks["background"].paragraphs:
        entries.append(("background", "Background"))
    entries += [
        ("finance", f"Financial forecast outturn for {paper.financial_year}"),
        ("performance", "Performance against BCF metrics"),
    ]
    if paper.attribution:
        entries.append(("attribution", "Delayed transfers of care by attribution"))
    entries += [
        ("hicm", "High Impact Change Model"),
        ("risks", "Top risks"),
        ("progress", "Progress by theme and scheme"),
    ]
    if paper.planning_ahead:
        entries.append(("planning", "Planning ahead"))
    entries.append(("recommendations", "Recommendations"))
    for field in ("circulation", "officer"):
        if blocks[field].paragraphs:
            entries.append((field, blocks[field].heading))
    if paper.impact_assessments:
        entries.append(("impact", "Relevant impact assessments"))
    entries += [
        ("method", "Notes on method"),
        ("appendix-a", "Appendix A: Better Care Fund metrics"),
        ("appendix-b", "Appendix B: Plan on a page"),
    ]
    return entries


def running_header(paper: Paper) -> str:
    return f"{paper.area.name} {paper.style.board}: {paper.title}, {paper.quarter}"


def paper_html(paper: Paper) -> str:
    """The paper as a stand-alone, accessible HTML document (stylesheets and charts inline)."""
    return render_to_string("reports/paper.html", _context(paper))


def unstamped_html(paper: Paper) -> str:
    """The paper's HTML without its time of production: the content a kept layout is found by."""
    return paper_html(replace(paper, generated_at=""))


def appendix_b_html(paper: Paper) -> str:
    """The paper's Appendix B (its plan on a page) alone, with the paper's stylesheets and page rules:
    a one-page document that lays out as the appendix does in the paper."""
    return render_to_string("reports/paper_appendix_b.html", _context(paper))


def _context(paper: Paper) -> dict:
    return {
        "paper": paper,
        "style": paper.style,
        "page": paper.plan_page,
        "contents": contents(paper),
        "meeting_date": long_date(paper.meeting_date),
        "running_header": css_string(running_header(paper)),
        "running_footer": css_string(long_date(paper.meeting_date)),
        "css": stylesheet("paper.css"),
        "page_css": stylesheet("plan_on_a_page.css"),
    }


def paper_pdf(paper: Paper) -> bytes:
    """The paper as PDF: A4, page numbers, contents with page references, landscape appendices; the
    plan on a page (Appendix B) set at the density that keeps it on one page (``fit_plan_page``).
    Laid out once per content (``kept``), the time of production left out of the key: an unchanged
    paper asked for again is the one first laid out, and says when that was."""
    return kept("paper-pdf", unstamped_html(paper), lambda: write(laid_out(paper)[1]))


def laid_out(paper: Paper):
    """(the paper with its plan on a page at the density that fits one page, its WeasyPrint layout).

    The density is found on Appendix B alone first (``appendix_b_html``: one page, quick to lay out,
    where the paper runs to fifteen; once per content, ``fitted``), so the whole paper is laid out
    once; it would be laid out again, one level denser each time, only if its Appendix B still ran
    over."""
    start = fitted(paper.plan_page, lambda page: appendix_b_html(replace(paper, plan_page=page)))
    page, document = fit_plan_page(start, lambda page: paper_html(replace(paper, plan_page=page)))
    return replace(paper, plan_page=page), document


def paper_docx(paper: Paper) -> bytes:
    """The paper as a Word document: the content of the HTML the PDF is made from (with the plan on
    a page at the PDF's density), the house style's font and colours, the running header, and the
    meeting date with page numbers at the foot of each page."""
    from ..word import html_to_docx  # python-docx is loaded only for a Word file

    level = kept("paper-plan-page-level", unstamped_html(paper), lambda: laid_out(paper)[0].plan_page.level)
    return html_to_docx(
        paper_html(replace(paper, plan_page=lay_out(paper.plan_page, level))),
        colours=paper.style.colours,
        font=paper.style.font_family,
        header=running_header(paper),
        footer=long_date(paper.meeting_date),
        title=f"{paper.title}: {paper.area.name}, {paper.quarter_label}",
    )
