"""The plans app's part of a plan (see ``bettercare.reference.sections``): the plan's own row, its
partners, sign-offs, priorities, income, stated totals, schemes with their spend and metric
impacts, contingency and metric targets."""

from bettercare.reference.sections import LOCKING, PlanHead, PlanSection, Sheet

PLAN = PlanHead(
    model="plans.Plan",
    fields=("title", "status", "submitted_on", "approved_on", "assured_on", "seed", "notes"),
    not_copied={
        "area": "written as the HWB's GSS code beside the fields",
        "period": "written as the policy period's code beside the fields",
        "version": "each copy takes the next free version number",
        "scenario": "names the demo file a plan was loaded from, not a later version or an import",
        "based_on": "set by the copy itself: the version it was made from",
    },
    headings={
        "title": "Plan title",
        "status": "Status",
        "submitted_on": "Submitted on",
        "approved_on": "Approved on",
        "assured_on": "Assured on",
        "seed": "Source document",
        "notes": "Notes",
    },
)

SECTIONS = [
    PlanSection(
        "organisations",
        "Partners and roles",
        "plans.PlanOrganisation",
        ("organisation",),
        ("roles",),
        order=10,
        sheet=Sheet(
            "Partners",
            70,
            "Partners and other organisations named in the plan",
            "Code: ODS code for NHS bodies, GSS code for councils. "
            "Listed in the plan: Yes for the plan's organisations. "
            "Roles: partner, commissioner, provider, pooled_budget_holder.",
            headings={"organisation": "Organisation code"},
        ),
    ),
    PlanSection(
        "signoffs",
        "Sign-off",
        "plans.SignOff",
        ("organisation", "role"),
        ("signatory", "signed_on", "source"),
        order=20,
        sheet=Sheet(
            "Sign-off",
            130,
            "Authorisation and sign-off",
            "One row per organisation and role.",
            headings={"organisation": "Organisation code"},
        ),
    ),
    PlanSection(
        "priorities",
        "Priorities and themes",
        "plans.Priority",
        ("code",),
        ("name", "description", "source"),
        order=30,
        sheet=Sheet(
            "Priorities",
            90,
            "Local priorities and themes that group schemes",
            "One row per priority.",
            headings={"code": "Priority code"},
        ),
    ),
    PlanSection(
        "contributions",
        "Income",
        "plans.Contribution",
        ("organisation", "stream", "financial_year", "locality"),
        ("amount", "actual_amount", "note", "source"),
        order=40,
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "Income",
            10,
            "Income: contributions to the pooled fund by partner, funding stream and financial year",
            "One row per partner, stream, year and locality. Amounts in pounds. Codes as on the Lists sheet.",
            headings={"organisation": "Partner code", "stream": "Funding stream", "locality": "Locality code"},
        ),
    ),
    PlanSection(
        "stated_totals",
        "Stated totals",
        "plans.StatedTotal",
        ("locality", "financial_year", "kind", "label"),
        ("amount", "note", "source"),
        order=50,
        sheet=Sheet(
            "Stated totals",
            100,
            "Totals as stated in the plan document (checked against their lines)",
            "Kind: e.g. minimum, actual, plan_total_agreed, spend_recurrent. Locality blank = whole plan.",
            headings={"locality": "Locality code"},
        ),
    ),
    PlanSection(
        "schemes",
        "Schemes",
        "plans.Scheme",
        ("ref",),
        (
            "name",
            "locality",
            "priority",
            "scheme_type",
            "area_of_spend",
            "lead_provider",
            "commissioner",
            "funding_stream",
            "new_or_existing",
            "description",
            "source",
        ),
        order=60,
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "Schemes",
            20,
            "Schemes: every funded line of the plan",
            "One row per scheme. Reference must be unique. Spend and benefits are on the Expenditure sheet.",
            headings={
                "ref": "Scheme reference",
                "name": "Scheme name",
                "locality": "Locality code",
                "priority": "Priority code",
            },
        ),
    ),
    PlanSection(
        "scheme_finances",
        "Expenditure",
        "plans.SchemeFinance",
        ("scheme", "kind", "financial_year"),
        ("recurrent", "non_recurrent", "funding_stream"),
        order=70,
        plan_lookup="scheme__plan",
        natural={"scheme": "ref"},
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "Expenditure",
            30,
            "Expenditure: planned spend and planned benefits (savings) by scheme and financial year",
            "One row per scheme, kind (spend or benefit) and year. Amounts in pounds.",
            headings={"scheme": "Scheme reference", "kind": "Spend or benefit", "non_recurrent": "Non-recurrent (£)"},
        ),
    ),
    PlanSection(
        "scheme_impacts",
        "Scheme impact on metrics",
        "plans.SchemeMetricImpact",
        ("scheme", "metric"),
        ("score", "score_text", "rationale"),
        order=80,
        plan_lookup="scheme__plan",
        natural={"scheme": "ref"},
        sheet=Sheet(
            "Scheme impacts",
            110,
            "Strength of each scheme's contribution to each metric (1 low to 5 high)",
            "Score 1-5; a range such as '4 - 5' goes in Score as written.",
            headings={"scheme": "Scheme reference", "score_text": "Score as written"},
        ),
    ),
    PlanSection(
        "contingency",
        "Contingency",
        "plans.ContingencyLine",
        ("locality", "outcome", "financial_year", "label"),
        ("metric", "planned_savings", "maximum_support", "note", "source"),
        order=90,
        sheet=Sheet(
            "Contingency",
            120,
            "Contingency: planned savings and maximum support needed if targets are not achieved",
            "One row per locality, outcome and column (financial year, or a label such as Ongoing).",
            headings={
                "locality": "Locality code",
                "label": "Column label",
                "maximum_support": "Maximum support needed (£)",
            },
        ),
    ),
    PlanSection(
        "metric_targets",
        "Metrics",
        "plans.MetricTarget",
        ("metric", "locality", "kind", "period", "label", "component"),
        (
            "period_start",
            "period_end",
            "numerator",
            "denominator",
            "value",
            "value_decimals",
            "replaces",
            "note",
            "source",
        ),
        order=100,
        sheet=Sheet(
            "Metrics",
            40,
            "Metrics: baselines, targets, trajectories and forecasts",
            "Stated value = numerator / denominator x multiplier. "
            "Period: 2018-19, 2018-07, 2018-19-Q1 or 2012-04..2013-03.",
            headings={
                "locality": "Locality code",
                "value": "Stated value",
                "value_decimals": "Stated decimal places",
                "replaces": "Replaces value",
            },
        ),
    ),
]

NOT_IN_PLAN = {
    "plans.RollForwardRecord": "how a draft was rolled forward from last year's plan; kept with that draft, not copied",
    "plans.FindingResponse": "explanations and acceptances of the version's check findings; a new version is "
    "checked and accepted afresh",
    "plans.PlanAssurance": "the national team's assurance outcome belongs to the version it assessed; a new "
    "version is assured afresh",
}
