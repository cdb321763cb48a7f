"""The planning workbook layout: sheets, their columns and each column's type, per policy period.

Laid out like the national planning template as far as its structure is known (primer s2-5;
seed 001 part 2): a Cover sheet naming the layout and period, then Income, Expenditure, Metrics,
HICM, National conditions and a Checklist, with supporting sheets for everything else a plan holds
so that export then import loses nothing. A layout id is ``bettercare-plan/<period>/v<n>``; a
workbook names its layout and period on the Cover sheet, and the importer refuses layouts it does
not know, naming them."""

import re
from dataclasses import dataclass

from bettercare.catalogue import list_periods

LAYOUT_VERSION = 1
LAYOUT_RE = re.compile(r"^bettercare-plan/(?P<period>[^/]+)/v(?P<version>\d+)$")
TITLE_ROW, HINT_ROW, HEADER_ROW = 1, 2, 3
FIRST_DATA_ROW = HEADER_ROW + 1

# Cover rows: label in column A, value in column B.
COVER_FIELDS = [
    ("layout", "Layout"),
    ("period", "Policy period"),
    ("area_name", "Health and wellbeing board"),
    ("gss_code", "ONS GSS code"),
    ("area_kind", "Area kind"),
    ("title", "Plan title"),
    ("version", "Plan version"),
    ("status", "Status"),
    ("submitted_on", "Submitted on"),
    ("approved_on", "Approved on"),
    ("assured_on", "Assured on"),
    ("seed", "Source document"),
    ("exported_at", "Exported at"),
]


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    type: str = "text"  # text | money | decimal | int | date | bool | year | quarter | roles
    required: bool = False
    choices: tuple[str, ...] = ()
    reference: str = (
        ""  # organisation | locality | stream | scheme_type | metric | condition | change | scheme | priority
    )


@dataclass(frozen=True)
class SheetSpec:
    name: str
    section: str  # a snapshot section, or "localities" / "partners" / "notes" (reference data)
    title: str
    hint: str
    columns: tuple[Column, ...]


C = Column
SOURCE = C("source", "Source")
NOTE = C("note", "Note")

SHEETS: tuple[SheetSpec, ...] = (
    SheetSpec(
        "Income",
        "contributions",
        "Income: contributions to the pooled fund by partner, funding stream and financial year",
        "One row per partner, stream, year and locality. Amounts in pounds. Codes as on the Lists sheet.",
        (
            C("organisation", "Partner code", required=True, reference="organisation"),
            C("stream", "Funding stream", required=True, reference="stream"),
            C("financial_year", "Financial year", "year", required=True),
            C("locality", "Locality code", reference="locality"),
            C("amount", "Amount (£)", "money", required=True),
            C("actual_amount", "Actual amount (£)", "money"),
            NOTE,
            SOURCE,
        ),
    ),
    SheetSpec(
        "Schemes",
        "schemes",
        "Schemes: every funded line of the plan",
        "One row per scheme. Reference must be unique. Spend and benefits are on the Expenditure sheet.",
        (
            C("ref", "Scheme reference", required=True),
            C("name", "Scheme name", required=True),
            C("locality", "Locality code", reference="locality"),
            C("priority", "Priority code", reference="priority"),
            C("scheme_type", "Scheme type", reference="scheme_type"),
            C(
                "area_of_spend",
                "Area of spend",
                choices=("", "social_care", "community_health", "acute", "mental_health", "primary_care", "other"),
            ),
            C("lead_provider", "Lead provider"),
            C("commissioner", "Commissioner"),
            C("funding_stream", "Funding stream", reference="stream"),
            C("new_or_existing", "New or existing", choices=("", "new", "existing")),
            C("description", "Description"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "Expenditure",
        "scheme_finances",
        "Expenditure: planned spend and planned benefits (savings) by scheme and financial year",
        "One row per scheme, kind (spend or benefit) and year. Amounts in pounds.",
        (
            C("scheme", "Scheme reference", required=True, reference="scheme"),
            C("kind", "Spend or benefit", required=True, choices=("spend", "benefit")),
            C("financial_year", "Financial year", "year", required=True),
            C("recurrent", "Recurrent (£)", "money"),
            C("non_recurrent", "Non-recurrent (£)", "money"),
            C("funding_stream", "Funding stream", reference="stream"),
        ),
    ),
    SheetSpec(
        "Metrics",
        "metric_targets",
        "Metrics: baselines, targets, trajectories and forecasts",
        "Stated value = numerator / denominator x multiplier. "
        "Period: 2018-19, 2018-07, 2018-19-Q1 or 2012-04..2013-03.",
        (
            C("metric", "Metric", required=True, reference="metric"),
            C("locality", "Locality code", reference="locality"),
            C("kind", "Kind", required=True, choices=("baseline", "target", "trajectory", "forecast")),
            C("period", "Period", required=True),
            C("label", "Label"),
            C("component", "Component"),
            C("period_start", "Period start", "date", required=True),
            C("period_end", "Period end", "date", required=True),
            C("numerator", "Numerator", "decimal"),
            C("denominator", "Denominator", "decimal"),
            C("value", "Stated value", "decimal"),
            C("value_decimals", "Stated decimal places", "int"),
            C("replaces", "Replaces value", "decimal"),
            NOTE,
            SOURCE,
        ),
    ),
    SheetSpec(
        "Metric rules",
        "plan_metrics",
        "Metric order and RAG rules: how the plan numbers its metrics and how the HWB rates each",
        "One row per metric. RAG rule blank = the catalogue's default for the metric; significance, tolerance "
        "(with a band: 0.02 = within 2% of the target is amber) or threshold (meets the target or not).",
        (
            C("metric", "Metric", required=True, reference="metric"),
            C("number", "Metric number", "int", required=True),
            C("rag_rule", "RAG rule", choices=("", "significance", "tolerance", "threshold")),
            C("rag_band", "Tolerance band", "decimal"),
            NOTE,
            SOURCE,
        ),
    ),
    SheetSpec(
        "HICM",
        "hicm",
        "High Impact Change Model: self-assessment per change",
        "Quarter blank = at plan stage. Maturity as on the Lists sheet.",
        (
            C("change", "Change number", "int", required=True, reference="change"),
            C("quarter", "Quarter", "quarter"),
            C("maturity", "Maturity"),
            C("planned_maturity", "Planned maturity"),
            C("rag", "RAG"),
            C("narrative", "Narrative"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "National conditions",
        "conditions",
        "National conditions: confirmed Yes or No, with a narrative",
        "Quarter blank = at plan stage. Confirmed: Yes, No, or blank when not yet answered.",
        (
            C("condition", "Condition", required=True, reference="condition"),
            C("quarter", "Quarter", "quarter"),
            C("confirmed", "Confirmed", "bool"),
            C("narrative", "Narrative"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "Partners",
        "partners",
        "Partners and other organisations named in the plan",
        "Code: ODS code for NHS bodies, GSS code for councils. Listed in the plan: Yes for the plan's organisations. "
        "Roles: partner, commissioner, provider, pooled_budget_holder.",
        (
            C("organisation", "Organisation code", required=True),
            C("name", "Name", required=True),
            C(
                "kind",
                "Kind",
                required=True,
                choices=(
                    "county_council",
                    "unitary_council",
                    "district_council",
                    "ccg",
                    "icb",
                    "nhs_trust",
                    "voluntary",
                    "other",
                ),
            ),
            C("code_confirmed", "Code confirmed", "bool"),
            C("listed", "Listed in the plan", "bool"),
            C("roles", "Roles", "roles"),
        ),
    ),
    SheetSpec(
        "Localities",
        "localities",
        "Localities (e.g. CCG areas) of the health and wellbeing board",
        "One row per locality.",
        (
            C("code", "Locality code", required=True),
            C("name", "Name", required=True),
            C("short_name", "Short name"),
            C("kind", "Kind"),
        ),
    ),
    SheetSpec(
        "Priorities",
        "priorities",
        "Local priorities and themes that group schemes",
        "One row per priority.",
        (
            C("code", "Priority code", required=True),
            C("name", "Name", required=True),
            C("description", "Description"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "Stated totals",
        "stated_totals",
        "Totals as stated in the plan document (checked against their lines)",
        "Kind: e.g. minimum, actual, plan_total_agreed, spend_recurrent. Locality blank = whole plan.",
        (
            C("locality", "Locality code", reference="locality"),
            C("financial_year", "Financial year", "year"),
            C("kind", "Kind", required=True),
            C("label", "Label"),
            C("amount", "Amount (£)", "money", required=True),
            NOTE,
            SOURCE,
        ),
    ),
    SheetSpec(
        "Scheme impacts",
        "scheme_impacts",
        "Strength of each scheme's contribution to each metric (1 low to 5 high)",
        "Score 1-5; a range such as '4 - 5' goes in Score as written.",
        (
            C("scheme", "Scheme reference", required=True, reference="scheme"),
            C("metric", "Metric", required=True, reference="metric"),
            C("score", "Score", "int"),
            C("score_text", "Score as written"),
            C("rationale", "Rationale"),
        ),
    ),
    SheetSpec(
        "Contingency",
        "contingency",
        "Contingency: planned savings and maximum support needed if targets are not achieved",
        "One row per locality, outcome and column (financial year, or a label such as Ongoing).",
        (
            C("locality", "Locality code", reference="locality"),
            C("outcome", "Outcome", required=True),
            C("financial_year", "Financial year", "year"),
            C("label", "Column label"),
            C("metric", "Metric", reference="metric"),
            C("planned_savings", "Planned savings (£)", "money"),
            C("maximum_support", "Maximum support needed (£)", "money"),
            NOTE,
            SOURCE,
        ),
    ),
    SheetSpec(
        "Sign-off",
        "signoffs",
        "Authorisation and sign-off",
        "One row per organisation and role.",
        (
            C("organisation", "Organisation code", reference="organisation"),
            C("role", "Role", required=True),
            C("signatory", "Signatory"),
            C("signed_on", "Signed on", "date"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "Actions",
        "actions",
        "Actions and milestones",
        "Deadline start and end give the window the deadline text means.",
        (
            C("ref", "Action reference", required=True),
            C("change", "HICM change", "int", reference="change"),
            C("scheme", "Scheme reference", reference="scheme"),
            C("priority", "Priority code", reference="priority"),
            C("action", "Action", required=True),
            C("owner", "Owner"),
            C("deadline_text", "Deadline as written"),
            C("deadline_start", "Deadline start", "date"),
            C("deadline_end", "Deadline end", "date"),
            C("status", "Status"),
            C("completed_on", "Completed on", "date"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "Risks",
        "risks",
        "Risk register: score = likelihood x impact",
        "Likelihood and impact 1-5.",
        (
            C("ref", "Risk reference", required=True),
            C("scheme", "Scheme reference", reference="scheme"),
            C("title", "Risk", required=True),
            C("likelihood", "Likelihood", "int"),
            C("impact", "Impact", "int"),
            C("stated_score", "Stated score", "int"),
            C("rating", "Rating"),
            C("mitigation", "Mitigation"),
            C("owner", "Owner"),
            C("review_date", "Review date", "date"),
            SOURCE,
        ),
    ),
    SheetSpec(
        "Finance monitoring",
        "finance_lines",
        "Finance monitoring per quarter: budget, actual to date, forecast outturn, carry-forward",
        "One row per quarter and line (whole fund, partner, stream or scheme). Amounts in pounds.",
        (
            C("quarter", "Quarter", "quarter", required=True),
            C("organisation", "Partner code", reference="organisation"),
            C("stream", "Funding stream", reference="stream"),
            C("scheme", "Scheme reference", reference="scheme"),
            C("line", "Line"),
            C("budget", "Budget (£)", "money"),
            C("actual_to_date", "Actual to date (£)", "money"),
            C("forecast_outturn", "Forecast outturn (£)", "money"),
            C("carry_forward", "Carry-forward (£)", "money"),
            NOTE,
            SOURCE,
        ),
    ),
    SheetSpec(
        "Notes",
        "notes",
        "Facts kept from the source document",
        "One row per note.",
        (C("text", "Note", required=True), SOURCE),
    ),
)
SHEET_BY_SECTION = {sheet.section: sheet for sheet in SHEETS}
CHECKLIST_SHEET = "Checklist"
LISTS_SHEET = "Lists"


def layout_id(period: str, version: int = LAYOUT_VERSION) -> str:
    return f"bettercare-plan/{period}/v{version}"


def known_layouts() -> list[str]:
    """Every layout this bettercare reads: the current version for each policy period."""
    return [layout_id(period) for period in list_periods()]
