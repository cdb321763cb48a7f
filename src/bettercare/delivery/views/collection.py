"""The national team's return collection pages: a quarter's status board (every HWB) and the bulk
upload of return workbooks with its per-file report. National team only: the role is checked
before the upload is read (``return_load.ensure_may_collect``)."""

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from bettercare.catalogue import list_periods, load_period
from bettercare.delivery.collection import STATES, status_board
from bettercare.delivery.models import QuarterlyReturn
from bettercare.delivery.return_load import ensure_may_collect, upload_returns
from bettercare.delivery.upload_files import MAX_FILE_BYTES, MAX_FILES, MAX_UPLOAD_BYTES, UploadRefused
from bettercare.indicators.periods import Quarter, quarters_of
from bettercare.indicators.presentation import percent
from bettercare.reference.fields import parse_quarter


def collection_quarters() -> list[Quarter]:
    """Every quarter of the catalogue's policy periods up to the current one, newest first."""
    years = sorted({year for code in list_periods() for year in load_period(code).get("financial_years") or []})
    current = Quarter.containing(date.today())
    return sorted((q for q in quarters_of(years) if q <= current), reverse=True)


def _quarter(text: str) -> Quarter:
    try:
        return parse_quarter(text)
    except Exception as error:  # parse_quarter raises ValidationError with a message for people
        raise Http404(f"{text!r} is not a quarter such as 2023-24-Q2.") from error


@login_required
def collection_index(request) -> HttpResponse:
    """Open the board of the latest quarter with a return (else the latest quarter offered)."""
    ensure_may_collect(request.user)
    if request.GET.get("quarter"):
        return redirect("delivery:collection", quarter=str(_quarter(request.GET["quarter"])))
    offered = collection_quarters()
    used = set(QuarterlyReturn.objects.values_list("quarter", flat=True).distinct())
    chosen = next((q for q in offered if q in used), offered[0] if offered else None)
    if chosen is None:
        raise Http404("No policy period is loaded.")
    return redirect("delivery:collection", quarter=str(chosen))


@login_required
def collection_board(request, quarter: str) -> HttpResponse:
    """Every HWB's return for the quarter; ``?state=`` and ``?region=`` filter the table."""
    ensure_may_collect(request.user)
    board = status_board(request.user, _quarter(quarter))
    state = request.GET.get("state", "")
    region = request.GET.get("region", "")
    rows = [r for r in board.rows if (not state or r.state == state) and (not region or r.region == region)]
    summary = [(s, board.counts[s], percent(board.share(s)) if board.total else "") for s in STATES]
    return render(request, "delivery/collection.html", {
        "board": board,
        "rows": rows,
        "summary": summary,
        "states": STATES,
        "state": state,
        "regions": sorted({r.region for r in board.rows if r.region}),
        "region": region,
        "quarters": [str(q) for q in collection_quarters()],
        "late_submissions": sum(1 for r in board.rows if r.late_submission),
    })


@login_required
@require_http_methods(["GET", "POST"])
def collection_upload(request, quarter: str) -> HttpResponse:
    """Upload one .xlsx or a .zip of them; the report lists every file, loaded or refused and why."""
    ensure_may_collect(request.user)  # before the request body is parsed
    parsed = _quarter(quarter)
    context = {
        "quarter": parsed, "report": None, "errors": [],
        "limits": {"upload": MAX_UPLOAD_BYTES // 1024 // 1024, "files": MAX_FILES,
                   "file": MAX_FILE_BYTES // 1024 // 1024},
    }
    if request.method == "POST":
        upload = request.FILES.get("returns")
        if upload is None:
            context["errors"] = [("#returns", "Choose a return workbook (.xlsx) or a .zip of them.")]
        elif upload.size > MAX_UPLOAD_BYTES:
            context["errors"] = [("#returns", f"The upload is over {MAX_UPLOAD_BYTES // 1024 // 1024} MB.")]
        else:
            try:
                context["report"] = upload_returns(request.user, parsed, upload.name, upload.read())
            except UploadRefused as error:
                context["errors"] = [("#returns", str(error))]
    status = 400 if context["errors"] else 200
    return render(request, "delivery/collection_upload.html", context, status=status)
