"""The quarterly return workbook for NHS England: one sheet per section of the return (national
conditions, metrics, HICM, income and expenditure, narrative), a Checklist sheet that shows what is
complete, and a cover. Figures come from ``reports.returns``: the signed-off snapshot once the
return is approved or submitted, otherwise a live assembly. Values only, no formulas."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook

from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import quarter_label
from bettercare.reference.models import Area

from ..returns import ReturnFigures, return_figures
from .cells import BOLD, DONE_FILL, MISSING_FILL, MONEY, metric_figure, money, put, table, title, widths
from .checklist import checklist

SHEETS = [
    "Cover", "Checklist", "National conditions", "Metrics", "HICM", "Income and expenditure", "Narrative",
    "Accepted plan findings",
]


def _cover(book: Workbook, data: ReturnFigures, quarter: Quarter) -> None:
    ws = book.active
    ws.title = "Cover"
    figures = data.figures
    row = title(ws, "Better Care Fund quarterly return", f"{figures['area']['name']}, {quarter_label(quarter)}")
    plan = figures.get("plan") or {}
    facts = [
        ("Health and wellbeing board", figures["area"]["name"]),
        ("ONS GSS code", figures["area"]["gss_code"]),
        ("Quarter", str(quarter)),
        ("Plan", f"{plan.get('title')} ({plan.get('period')} version {plan.get('version')}, {plan.get('status')})"),
        ("Return status", data.status),
        ("Return version", figures.get("revision")),
        ("Figures", data.basis),
        ("Figures assembled at", figures.get("assembled_at")),
        ("Note", "Every cell holds a value (no formulas). Money in pounds."),
    ]
    for offset, (label, value) in enumerate(facts):
        put(ws, row + offset, 1, label).font = BOLD
        put(ws, row + offset, 2, value)
    widths(ws, [28, 110])


def _checklist(book: Workbook, data: ReturnFigures) -> None:
    ws = book.create_sheet("Checklist")
    items = checklist(data.figures, data.status)
    required = [i for i in items if i.complete is not None]
    done = [i for i in required if i.complete]
    row = title(ws, "Checklist", f"{len(done)} of {len(required)} required items complete")
    put(ws, row - 1, 1, "Complete" if len(done) == len(required) else "Not complete").font = BOLD
    end = table(
        ws, row, ["Section", "Item", "State", "Detail"], [(i.section, i.item, i.state, i.detail) for i in items]
    )
    for offset, item in enumerate(items, start=row + 1):
        if item.complete is not None:
            ws.cell(row=offset, column=3).fill = DONE_FILL if item.complete else MISSING_FILL
    widths(ws, [24, 60, 14, 70])
    ws.freeze_panes = ws.cell(row=row + 1, column=1)
    put(
        ws,
        end,
        1,
        "Rules: every condition answered (a No explained); every metric with a status (an override "
        "with a reason); every HICM change assessed; income, expenditure and forecast outturn recorded; "
        "achievements and challenges written; the return approved or submitted.",
    )


def _conditions(book: Workbook, figures: dict[str, Any]) -> None:
    ws = book.create_sheet("National conditions")
    row = title(ws, "National conditions", f"Confirmed for {figures.get('quarter')}")
    table(
        ws,
        row,
        ["Number", "Condition", "Answer", "Narrative", "Period", "Source"],
        [
            (c["number"], c["title"], c["answer"], c.get("narrative", ""), c.get("period"), c.get("source"))
            for c in figures.get("national_conditions") or []
        ],
    )
    widths(ws, [9, 60, 14, 60, 12, 40])


def _metrics(book: Workbook, figures: dict[str, Any]) -> None:
    ws = book.create_sheet("Metrics")
    row = title(ws, "Metrics", "Status per metric: proposed from the indicators, and as chosen")
    rows = []
    for m in figures.get("metrics") or []:
        p = m.get("proposal") or {}
        rows.append(
            (
                m["code"],
                m["title"],
                m.get("proposed_status"),
                m.get("chosen_status") or "",
                m.get("status"),
                m.get("override_reason") or "",
                p.get("basis", ""),
                p.get("period", ""),
                metric_figure(p.get("value"), p.get("unit", ""), p.get("scale", "value"), p.get("decimals")),
                metric_figure(p.get("target"), p.get("unit", ""), p.get("scale", "value"), p.get("target_decimals")),
                p.get("rag", ""),
                p.get("comparison", ""),
                p.get("rag_rule", ""),
                p.get("direction", ""),
                p.get("figure_source", ""),
                p.get("flags") or p.get("reason", ""),
            )
        )
    table(
        ws,
        row,
        [
            "Code",
            "Metric",
            "Proposed status",
            "Chosen status",
            "Status",
            "Reason for change",
            "Basis",
            "Period",
            "Value",
            "Target",
            "RAG",
            "Comparison",
            "RAG rule",
            "Direction of travel",
            "Source of the figure",
            "Flags",
        ],
        rows,
    )
    widths(ws, [18, 50, 16, 16, 16, 30, 10, 18, 12, 12, 8, 14, 30, 16, 40, 40])


def _hicm(book: Workbook, figures: dict[str, Any]) -> None:
    ws = book.create_sheet("HICM")
    hicm = figures.get("hicm")
    if not hicm:
        title(ws, "High Impact Change Model", "The plan's policy period has no High Impact Change Model.")
        return
    row = title(ws, f"{hicm['title']} ({hicm['model']})", f"{hicm['period']}: {hicm['summary']['text']}")
    table(
        ws,
        row,
        ["Change", "Title", "Maturity", "Planned next quarter", "RAG", "Narrative", "Source", "Earlier assessment"],
        [
            (
                c["number"],
                c["title"],
                c.get("maturity_title") or "",
                c.get("planned_title") or "",
                c.get("rag") or "",
                c.get("narrative") or "",
                c.get("source") or "",
                f"{c['previous']['title']} ({c['previous']['quarter']})" if c.get("previous") else "",
            )
            for c in hicm.get("changes") or []
        ],
    )
    widths(ws, [8, 50, 18, 20, 8, 60, 30, 24])


def _finance(book: Workbook, figures: dict[str, Any]) -> None:
    ws = book.create_sheet("Income and expenditure")
    finance = figures.get("finance") or {}
    income = finance.get("income") or {}
    row = title(
        ws,
        "Income and expenditure",
        f"Income {finance.get('financial_year')}; expenditure {finance.get('quarter')}. Money in pounds.",
    )
    put(ws, row, 1, "Income").font = BOLD
    row = table(
        ws,
        row + 1,
        ["Organisation", "Stream", "Locality", "Amount", "Actual amount", "Source"],
        [
            (
                r["organisation"],
                r["stream"],
                r.get("locality", ""),
                money(r.get("amount")),
                money(r.get("actual_amount")),
                r.get("source", ""),
            )
            for r in income.get("rows") or []
        ]
        + [("Total", "", "", money(income.get("total")), None, income.get("source", ""))],
        {3: MONEY, 4: MONEY},
    )
    spend = finance.get("expenditure") or {}
    put(ws, row, 1, "Expenditure").font = BOLD
    row = table(
        ws,
        row + 1,
        [
            "Line",
            "Organisation",
            "Stream",
            "Scheme",
            "Budget",
            "Actual to date",
            "Forecast outturn",
            "Variance",
            "Carry-forward",
            "Note",
            "Source",
        ],
        [
            (
                r["line"],
                r.get("organisation", ""),
                r.get("stream", ""),
                r.get("scheme", ""),
                money(r.get("budget")),
                money(r.get("actual_to_date")),
                money(r.get("forecast_outturn")),
                money(r.get("variance")),
                money(r.get("carry_forward")),
                r.get("note", ""),
                r.get("source", ""),
            )
            for r in spend.get("rows") or []
        ],
        {4: MONEY, 5: MONEY, 6: MONEY, 7: MONEY, 8: MONEY},
    )
    put(ws, row, 1, spend.get("variance_rule", "variance = forecast outturn - budget"))
    widths(ws, [34, 30, 30, 24, 16, 16, 16, 16, 16, 40, 40])


def _narrative(book: Workbook, figures: dict[str, Any]) -> None:
    ws = book.create_sheet("Narrative")
    narrative = figures.get("narrative") or {}
    row = title(ws, "Narrative", f"{figures.get('quarter_label', figures.get('quarter'))}")
    table(
        ws,
        row,
        ["Part", "Text"],
        [
            ("Achievements", narrative.get("achievements", "")),
            ("Challenges", narrative.get("challenges", "")),
            ("Support needed", narrative.get("support_needed", "")),
        ],
    )
    widths(ws, [18, 120])


def _accepted_findings(book: Workbook, figures: dict[str, Any]) -> None:
    ws = book.create_sheet("Accepted plan findings")
    plan = figures.get("plan") or {}
    rows = plan.get("accepted_findings") or []
    which = f"{plan.get('period')} version {plan.get('version')}"
    subtitle = (
        f"Findings of the plan checks that an approver accepted for {which}"
        if rows else f"No finding of the plan checks was accepted for {which}."
    )
    row = title(ws, "Accepted plan findings", subtitle)
    if rows:
        table(
            ws,
            row,
            ["Rule", "Where", "Explanation", "Explained by", "Accepted by", "Accepted on", "Why accepted"],
            [(r["rule"], r["location"], r["explanation"], r["explained_by"], r["accepted_by"], r["accepted_on"],
              r["reason"]) for r in rows],
        )
    widths(ws, [12, 50, 60, 20, 20, 14, 50])


def return_workbook(area: Area, quarter: Quarter, data: ReturnFigures | None = None) -> Workbook:
    """The workbook of the HWB's return for ``quarter`` (see the module docstring)."""
    data = data or return_figures(area, quarter)
    book = Workbook()
    _cover(book, data, quarter)
    _checklist(book, data)
    _conditions(book, data.figures)
    _metrics(book, data.figures)
    _hicm(book, data.figures)
    _finance(book, data.figures)
    _narrative(book, data.figures)
    _accepted_findings(book, data.figures)
    return book
