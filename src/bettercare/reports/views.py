"""Report pages and downloads. Every view checks ``require(user, "view", area)`` first; the
national summary lists only the HWBs the user may read (``visible_areas``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify

from bettercare.accounts.access import is_national, require, visible_areas
from bettercare.reference.models import Area

from .choices import default_quarter, quarters_for, quarters_for_areas
from .errors import ReportError
from .national_summary import national_summary, summary_areas
from .paper import build_paper, paper_docx, paper_html, paper_pdf
from .plan_page import build_plan_page, choose_plan, plan_page_html, plan_page_pdf
from .returns import latest_return
from .sources import parse_quarter
from .templating import render_page
from .workbook import national_workbook, return_workbook
from .workbook.cells import to_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _area(request, gss_code: str) -> Area:
    area = get_object_or_404(Area, gss_code=gss_code)
    require(request.user, "view", area)
    return area


def _quarter(text: str):
    try:
        return parse_quarter(text)
    except ReportError as error:
        raise Http404(str(error)) from error


def _download(content: bytes | str, kind: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _plan_id(request) -> int | None:
    text = request.GET.get("plan", "")
    if not text:
        return None
    if not text.isdigit():
        raise Http404("plan must be a plan number")
    return int(text)


@login_required
def area_reports(request, gss_code: str):
    """The HWB's documents for a chosen quarter, and the plan on a page of each plan."""
    area = _area(request, gss_code)
    offered = quarters_for(area)
    chosen = _quarter(request.GET["quarter"]) if request.GET.get("quarter") else default_quarter(area, offered)
    current = latest_return(area, chosen) if chosen else None
    return render_page(
        request,
        "reports/downloads.html",
        {
            "area": area,
            "quarters": [str(q) for q in offered],
            "quarter": str(chosen) if chosen else "",
            "return_status": current.get_status_display() if current else "Not started",
            "return_revision": current.revision if current else None,
            "plans": area.plans.select_related("period").order_by("-period__code", "-version"),
            "national": is_national(request.user),
            "can_edit": request.user.has_perm("bettercare.edit", area),
        },
    )


def _paper(request, area: Area, quarter_text: str):
    try:
        return build_paper(area, _quarter(quarter_text))
    except ReportError as error:
        raise Http404(str(error)) from error


@login_required
def paper_page(request, gss_code: str, quarter: str):
    """The board paper as a stand-alone accessible HTML document."""
    area = _area(request, gss_code)
    return HttpResponse(paper_html(_paper(request, area, quarter)))


@login_required
def paper_download(request, gss_code: str, quarter: str):
    """The board paper as a PDF download."""
    area = _area(request, gss_code)
    pdf = paper_pdf(_paper(request, area, quarter))
    return _download(pdf, "application/pdf", f"{slugify(area.name)}-bcf-board-paper-{quarter}.pdf")


@login_required
def paper_word_download(request, gss_code: str, quarter: str):
    """The board paper as a Word (.docx) download, for committee services."""
    area = _area(request, gss_code)
    document = paper_docx(_paper(request, area, quarter))
    return _download(document, DOCX, f"{slugify(area.name)}-bcf-board-paper-{quarter}.docx")


@login_required
def return_download(request, gss_code: str, quarter: str):
    """The quarterly return workbook (.xlsx) download."""
    area = _area(request, gss_code)
    try:
        book = return_workbook(area, _quarter(quarter))
    except ReportError as error:
        raise Http404(str(error)) from error
    return _download(to_bytes(book), XLSX, f"{slugify(area.name)}-bcf-return-{quarter}.xlsx")


def _plan_page(request, area: Area):
    try:
        return build_plan_page(choose_plan(area, _plan_id(request)))
    except ReportError as error:
        raise Http404(str(error)) from error


@login_required
def plan_page(request, gss_code: str):
    """The plan on a page as a stand-alone HTML document (``?plan=`` picks the plan)."""
    area = _area(request, gss_code)
    return HttpResponse(plan_page_html(_plan_page(request, area)))


@login_required
def plan_page_download(request, gss_code: str):
    """The plan on a page as a PDF download."""
    area = _area(request, gss_code)
    page = _plan_page(request, area)
    return _download(
        plan_page_pdf(page),
        "application/pdf",
        f"{slugify(area.name)}-bcf-plan-on-a-page-{page.plan.period.code}-v{page.plan.version}.pdf",
    )


@login_required
def national_page(request):
    """The national summary of a quarter in the page (rates: ``national_summary``) and its download;
    quarters on offer from every visible HWB's plans."""
    visible = list(visible_areas(request.user))
    offered = quarters_for_areas(visible)
    chosen = request.GET.get("quarter") or (str(offered[0]) if offered else "")
    summary = None
    if chosen:
        quarter = _quarter(chosen)
        summary = national_summary(quarter, summary_areas(quarter, visible))
    return render_page(
        request,
        "reports/national.html",
        {
            "quarters": [str(q) for q in offered],
            "quarter": chosen,
            "areas": visible,
            "summary": summary,
            "national": is_national(request.user),
        },
    )


@login_required
def national_download(request, quarter: str):
    """The national summary workbook over the HWBs in force that the user may read."""
    parsed = _quarter(quarter)
    book = national_workbook(parsed, summary_areas(parsed, visible_areas(request.user)))
    return _download(to_bytes(book), XLSX, f"bcf-national-summary-{parsed}.xlsx")
