"""The delivery app's part of a plan (see ``bettercare.reference.sections``): national-condition
confirmations, HICM self-assessments, actions and risks. Quarterly returns are not part of a plan:
a return is its own snapshot and points at the plan it reports on."""

from bettercare.reference.sections import LOCKING, PlanSection, Sheet

# Models that point at a plan but are not part of it, and why.
NOT_IN_PLAN = {
    "delivery.QuarterlyReturn": "a return reports on a plan and keeps its own snapshot; it is not copied with it",
    "delivery.ReturnMetricStatus": "part of a quarterly return, not of the plan",
}

SECTIONS = [
    PlanSection(
        "conditions",
        "National conditions",
        "delivery.ConditionConfirmation",
        ("condition", "quarter"),
        ("confirmed", "narrative", "source"),
        order=110,
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "National conditions",
            60,
            "National conditions: confirmed Yes or No, with a narrative",
            "Quarter blank = at plan stage. Confirmed: Yes, No, or blank when not yet answered.",
            headings={},
        ),
    ),
    PlanSection(
        "hicm",
        "HICM",
        "delivery.HicmAssessment",
        ("change", "quarter"),
        ("maturity", "planned_maturity", "rag", "narrative", "source"),
        order=120,
        natural={"change": "number"},
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "HICM",
            50,
            "High Impact Change Model: self-assessment per change",
            "Quarter blank = at plan stage. Maturity as on the Lists sheet.",
            headings={"change": "Change number", "rag": "RAG"},
        ),
    ),
    PlanSection(
        "actions",
        "Actions",
        "delivery.Action",
        ("ref",),
        (
            "change",
            "scheme",
            "priority",
            "action",
            "owner",
            "deadline_text",
            "deadline_start",
            "deadline_end",
            "status",
            "completed_on",
            "source",
        ),
        order=130,
        natural={"change": "number", "scheme": "ref"},
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "Actions",
            140,
            "Actions and milestones",
            "Deadline start and end give the window the deadline text means.",
            headings={
                "ref": "Action reference",
                "change": "HICM change",
                "scheme": "Scheme reference",
                "priority": "Priority code",
                "deadline_text": "Deadline as written",
            },
        ),
    ),
    PlanSection(
        "risks",
        "Risks",
        "delivery.Risk",
        ("ref",),
        (
            "scheme",
            "title",
            "likelihood",
            "impact",
            "stated_score",
            "rating",
            "mitigation",
            "owner",
            "review_date",
            "source",
        ),
        order=140,
        natural={"scheme": "ref"},
        not_copied={"version": LOCKING},
        sheet=Sheet(
            "Risks",
            150,
            "Risk register: score = likelihood x impact",
            "Likelihood and impact 1-5.",
            headings={"ref": "Risk reference", "scheme": "Scheme reference", "title": "Risk"},
        ),
    ),
]
