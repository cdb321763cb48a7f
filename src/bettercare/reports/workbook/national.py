"""The national summary workbook: every HWB's submitted return for a quarter in one workbook.

Sheets: Summary (rates: % submitted, % of HWBs meeting each national condition, % per metric status;
``reports.national_summary``), Metrics (one row per HWB per metric, from each return's submitted
snapshot), Returns (one row per HWB: version, when submitted, conditions met, HICM summary, income,
whole-fund budget and forecast outturn; no people are named), Not submitted (HWBs with no submitted
return, with the status of their latest one), and a cover. Only the latest submitted revision of
each HWB counts. Values only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from openpyxl import Workbook

from bettercare.delivery.models import QuarterlyReturn
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import quarter_label
from bettercare.reference.models import Area

from ..national_summary import NationalSummary, national_summary
from ..returns import latest_return, latest_submitted
from .cells import BOLD, MONEY, metric_figure, money, put, table, title, widths


def _whole_fund(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The expenditure line covering the whole fund (no partner, stream or scheme), if any."""
    rows = ((snapshot.get("finance") or {}).get("expenditure") or {}).get("rows") or []
    return next((r for r in rows if not (r.get("organisation") or r.get("stream") or r.get("scheme"))), {})


def _metric_rows(area: Area, ret: QuarterlyReturn) -> list[tuple]:
    rows = []
    for m in ret.snapshot.get("metrics") or []:
        p = m.get("proposal") or {}
        rows.append(
            (
                area.name,
                area.gss_code,
                ret.revision,
                m["code"],
                m["title"],
                m.get("status"),
                m.get("proposed_status"),
                m.get("override_reason") or "",
                p.get("basis", ""),
                p.get("period", ""),
                metric_figure(p.get("value"), p.get("unit", ""), p.get("scale", "value")),
                metric_figure(p.get("target"), p.get("unit", ""), p.get("scale", "value")),
                p.get("rag", ""),
                p.get("comparison", ""),
                p.get("figure_source", ""),
            )
        )
    return rows


def _return_row(area: Area, ret: QuarterlyReturn) -> tuple:
    snapshot = ret.snapshot
    conditions = snapshot.get("national_conditions") or []
    hicm = snapshot.get("hicm") or {}
    finance = snapshot.get("finance") or {}
    total = _whole_fund(snapshot)
    submitted = timezone.localtime(ret.submitted_at).strftime("%Y-%m-%d %H:%M") if ret.submitted_at else ""
    return (
        area.name,
        area.gss_code,
        ret.revision,
        submitted,
        sum(1 for c in conditions if c.get("answer") == "Yes"),
        len(conditions),
        (hicm.get("summary") or {}).get("text", "no HICM in this period"),
        money((finance.get("income") or {}).get("total")),
        money(total.get("budget")),
        money(total.get("forecast_outturn")),
        money(total.get("variance")),
        ret.resubmission_reason,
    )


def _summary_sheet(book: Workbook, summary: NationalSummary) -> None:
    """Rates (count, denominator and share) for the quarter: see ``reports.national_summary``."""
    ws = book.create_sheet("Summary")
    row = title(ws, "Summary", "Rates over the HWBs with a submitted return, unless stated; share = count / of")
    rows = [("Returns", r.label, r.count, r.of, r.share) for r in summary.rates]
    rows += [("National condition met", r.label, r.count, r.of, r.share) for r in summary.conditions]
    rows += [(f"Metric: {title}", f"Status {r.label}", r.count, r.of, r.share)
             for _code, title, rates in summary.metrics for r in rates]
    table(ws, row, ["Topic", "Rate", "Count", "Of", "Share"], rows, {4: "0.0%"})
    widths(ws, [50, 60, 10, 10, 10])


def national_workbook(quarter: Quarter, areas: Iterable[Area] | None = None) -> Workbook:
    """The national summary for ``quarter`` over ``areas`` (default: every HWB)."""
    areas = list(areas if areas is not None else Area.objects.order_by("name"))
    submitted, missing = [], []
    for area in sorted(areas, key=lambda a: a.name):
        ret = latest_submitted(area, quarter)
        if ret is None:
            latest = latest_return(area, quarter)
            missing.append(
                (
                    area.name,
                    area.gss_code,
                    f"version {latest.revision}: {latest.get_status_display().lower()}" if latest else "not started",
                )
            )
        else:
            submitted.append((area, ret))
    book = Workbook()
    ws = book.active
    ws.title = "Cover"
    row = title(ws, "Better Care Fund: national summary of quarterly returns", quarter_label(quarter))
    for offset, (label, value) in enumerate(
        [
            ("Quarter", str(quarter)),
            ("HWBs with a submitted return", len(submitted)),
            ("HWBs without one", len(missing)),
            ("Figures", "each HWB's latest submitted return, as submitted (its stored snapshot)"),
            ("Produced", timezone.localtime().strftime("%Y-%m-%d %H:%M")),
            ("Note", "Every cell holds a value (no formulas). Money in pounds."),
        ]
    ):
        put(ws, row + offset, 1, label).font = BOLD
        put(ws, row + offset, 2, value)
    widths(ws, [30, 80])

    _summary_sheet(book, national_summary(quarter, areas))

    metrics = book.create_sheet("Metrics")
    start = title(metrics, "Metrics", "One row per HWB per metric")
    table(
        metrics,
        start,
        [
            "HWB",
            "GSS code",
            "Return version",
            "Metric code",
            "Metric",
            "Status",
            "Proposed status",
            "Reason for change",
            "Basis",
            "Period",
            "Value",
            "Target",
            "RAG",
            "Comparison",
            "Source of the figure",
        ],
        [r for area, ret in submitted for r in _metric_rows(area, ret)],
    )
    widths(metrics, [24, 11, 9, 18, 50, 16, 16, 30, 10, 18, 12, 12, 8, 12, 40])
    metrics.freeze_panes = metrics.cell(row=start + 1, column=1)

    returns = book.create_sheet("Returns")
    start = title(returns, "Returns", "One row per HWB")
    table(
        returns,
        start,
        [
            "HWB",
            "GSS code",
            "Version",
            "Submitted at",
            "Conditions met",
            "Conditions",
            "HICM",
            "Income",
            "Whole-fund budget",
            "Forecast outturn",
            "Variance",
            "Resubmission reason",
        ],
        [_return_row(area, ret) for area, ret in submitted],
        {7: MONEY, 8: MONEY, 9: MONEY, 10: MONEY},
    )
    widths(returns, [24, 11, 8, 17, 10, 10, 40, 16, 16, 16, 16, 40])

    absent = book.create_sheet("Not submitted")
    start = title(absent, "Not submitted", "HWBs without a submitted return for the quarter")
    table(absent, start, ["HWB", "GSS code", "Latest return"], missing)
    widths(absent, [30, 11, 40])
    return book
