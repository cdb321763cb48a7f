"""What is complete in a quarterly return, item by item, read from its figures (a snapshot or a
live assembly), for the workbook's Checklist sheet.

Rules (the delivery app's readiness rules, plus what the national template asks for):
- every national condition answered Yes or No, and a No explained;
- every metric has a status, and a status other than the proposal has a reason;
- every HICM change has a maturity level for the quarter (where the period has the model);
- income recorded for the year; expenditure monitoring lines recorded for the quarter, with a
  forecast outturn;
- achievements and challenges written (support needed is optional);
- the return signed off (approved or submitted)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Item:
    section: str
    item: str
    complete: bool | None  # None = optional, nothing required
    detail: str

    @property
    def state(self) -> str:
        """Complete, Not complete or Optional."""
        return "Optional" if self.complete is None else ("Complete" if self.complete else "Not complete")


def _conditions(figures: dict[str, Any]) -> list[Item]:
    items = []
    for row in figures.get("national_conditions") or []:
        answer = row.get("answer") or "Not answered"
        name = f"Condition {row.get('number')}: {row.get('title')}"
        if answer == "Not answered":
            items.append(Item("National conditions", name, False, "Answer Yes or No."))
        elif answer == "No" and not (row.get("narrative") or "").strip():
            items.append(Item("National conditions", name, False, "Explain why the condition is not met."))
        else:
            items.append(Item("National conditions", name, True, f"Answered {answer}."))
    if not items:
        items.append(Item("National conditions", "Conditions of the policy period", False, "No conditions found."))
    return items


def _metrics(figures: dict[str, Any]) -> list[Item]:
    items = []
    for row in figures.get("metrics") or []:
        name = f"{row.get('code')}: {row.get('title')}"
        if not row.get("status"):
            items.append(Item("Metrics", name, False, "Choose a status."))
        elif row.get("override") and not (row.get("override_reason") or "").strip():
            items.append(Item("Metrics", name, False, "Give the reason for changing the proposed status."))
        else:
            reason = (
                f" (changed from {row.get('proposed_status')}: {row.get('override_reason')})"
                if row.get("override")
                else ""
            )
            items.append(Item("Metrics", name, True, f"Status: {row.get('status')}{reason}."))
    return items or [Item("Metrics", "Metrics of the policy period", False, "No metrics found.")]


def _hicm(figures: dict[str, Any]) -> list[Item]:
    hicm = figures.get("hicm")
    if not hicm:
        return [Item("HICM", "High Impact Change Model", None, "The policy period has no HICM.")]
    return [
        Item(
            "HICM",
            f"Change {c.get('number')}: {c.get('title')}",
            bool(c.get("maturity")),
            f"Maturity: {c.get('maturity_title')}." if c.get("maturity") else "Record this quarter's maturity level.",
        )
        for c in hicm.get("changes") or []
    ]


def _finance(figures: dict[str, Any]) -> list[Item]:
    finance = figures.get("finance") or {}
    income = (finance.get("income") or {}).get("rows") or []
    spend = (finance.get("expenditure") or {}).get("rows") or []
    forecast = [r for r in spend if r.get("forecast_outturn") not in (None, "")]
    return [
        Item(
            "Income and expenditure",
            f"Income {finance.get('financial_year', '')}",
            bool(income),
            f"{len(income)} contribution line(s), total £{finance.get('income', {}).get('total')}."
            if income
            else "No contributions recorded for the year.",
        ),
        Item(
            "Income and expenditure",
            f"Expenditure {finance.get('quarter', '')}",
            bool(spend),
            f"{len(spend)} monitoring line(s)." if spend else "No finance monitoring lines for the quarter.",
        ),
        Item(
            "Income and expenditure",
            "Forecast outturn",
            bool(forecast),
            "Given." if forecast else "No forecast outturn recorded.",
        ),
    ]


def _narrative(figures: dict[str, Any]) -> list[Item]:
    narrative = figures.get("narrative") or {}
    items = [
        Item(
            "Narrative",
            name.capitalize(),
            bool((narrative.get(name) or "").strip()),
            "Written." if (narrative.get(name) or "").strip() else f"Describe the {name} this quarter.",
        )
        for name in ("achievements", "challenges")
    ]
    support = (narrative.get("support_needed") or "").strip()
    items.append(
        Item(
            "Narrative",
            "Support needed",
            True if support else None,
            "Written." if support else "Optional: none requested.",
        )
    )
    return items


def checklist(figures: dict[str, Any], status: str) -> list[Item]:
    """Every checklist item of the return (rules in the module docstring)."""
    items = _conditions(figures) + _metrics(figures) + _hicm(figures) + _finance(figures) + _narrative(figures)
    signed = status in ("approved", "submitted")
    items.append(Item("Sign-off", "Approved for the HWB", signed, f"Return status: {status}."))
    return items
