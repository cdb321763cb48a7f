"""The monitoring app's part of a plan (see ``bettercare.reference.sections``): finance monitoring
lines. Metric actuals are not: they belong to the area and period, never to a plan version."""

from bettercare.reference.sections import LOCKING, PlanSection, Sheet

SECTIONS = [
    PlanSection(
        "finance_lines",
        "Finance monitoring",
        "monitoring.FinanceLine",
        ("quarter", "organisation", "stream", "scheme", "line"),
        ("budget", "actual_to_date", "forecast_outturn", "carry_forward", "note", "source"),
        order=150,
        natural={"scheme": "ref"},
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "Finance monitoring",
            160,
            "Finance monitoring per quarter: budget, actual to date, forecast outturn, carry-forward",
            "One row per quarter and line (whole fund, partner, stream or scheme). Amounts in pounds.",
            headings={
                "organisation": "Partner code",
                "stream": "Funding stream",
                "scheme": "Scheme reference",
                "carry_forward": "Carry-forward (£)",
            },
        ),
    ),
]
