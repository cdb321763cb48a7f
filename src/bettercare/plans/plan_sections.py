"""The plans app's part of a plan (see ``bettercare.reference.sections``): the plan's own row, its
partners, sign-offs, priorities, income, stated totals, schemes with their spend and metric
impacts, contingency, metric targets, and the plan's metrics in its order with the RAG rule each is
rated by."""

from bettercare.reference.sections import LOCKING, PlanHead, PlanSection

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
)

SECTIONS = [
    PlanSection("organisations", "Partners and roles", "plans.PlanOrganisation", ("organisation",), ("roles",),
                order=10),
    PlanSection("signoffs", "Sign-off", "plans.SignOff", ("organisation", "role"), ("signatory", "signed_on", "source"),
                order=20),
    PlanSection("priorities", "Priorities and themes", "plans.Priority", ("code",), ("name", "description", "source"),
                order=30),
    PlanSection(
        "contributions", "Income", "plans.Contribution",
        ("organisation", "stream", "financial_year", "locality"), ("amount", "actual_amount", "note", "source"),
        order=40, not_copied={"version": LOCKING},
    ),
    PlanSection(
        "stated_totals", "Stated totals", "plans.StatedTotal",
        ("locality", "financial_year", "kind", "label"), ("amount", "note", "source"),
        order=50,
    ),
    PlanSection(
        "schemes", "Schemes", "plans.Scheme", ("ref",),
        ("name", "locality", "priority", "scheme_type", "area_of_spend", "lead_provider", "commissioner",
         "funding_stream", "new_or_existing", "description", "source"),
        order=60, not_copied={"version": LOCKING},
    ),
    PlanSection(
        "scheme_finances", "Expenditure", "plans.SchemeFinance", ("scheme", "kind", "financial_year"),
        ("recurrent", "non_recurrent", "funding_stream"),
        order=70, plan_lookup="scheme__plan", natural={"scheme": "ref"}, not_copied={"version": LOCKING},
    ),
    PlanSection(
        "scheme_impacts", "Scheme impact on metrics", "plans.SchemeMetricImpact", ("scheme", "metric"),
        ("score", "score_text", "rationale"),
        order=80, plan_lookup="scheme__plan", natural={"scheme": "ref"},
    ),
    PlanSection(
        "contingency", "Contingency", "plans.ContingencyLine", ("locality", "outcome", "financial_year", "label"),
        ("metric", "planned_savings", "maximum_support", "note", "source"),
        order=90,
    ),
    PlanSection(
        "metric_targets", "Metrics", "plans.MetricTarget",
        ("metric", "locality", "kind", "period", "label", "component"),
        ("period_start", "period_end", "numerator", "denominator", "value", "value_decimals", "replaces", "note",
         "source"),
        order=100,
    ),
    PlanSection(
        "plan_metrics", "Metric order and RAG rules", "plans.PlanMetric", ("metric",),
        ("number", "rag_rule", "rag_band", "note", "source"),
        order=105,
    ),
]

NOT_IN_PLAN = {
    "plans.RollForwardRecord": "how a draft was rolled forward from last year's plan; kept with that draft, not copied",
    "plans.FindingResponse": "explanations and acceptances of the version's check findings; a new version is "
    "checked and accepted afresh",
    "plans.PlanAssurance": "the national team's assurance outcome belongs to the version it assessed; a new "
    "version is assured afresh",
}
