"""Risk register services: rating, 5x5 heat map, score history, top risks, and edits.

Rules: score = likelihood x impact, each 1-5 (primer s7; seed 003: 3 x 4 = 12); the rating band
comes from ``catalogue/rules/delivery.yaml``; risks are a living register, reviewed during
delivery, so they stay editable after the plan is approved (every change is kept in history)."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.plans.locking import save_versioned
from bettercare.plans.models import Plan, Scheme

from .models import Risk
from .rules import Band, rating_bands, rating_for

EDITABLE_FIELDS = ["title", "scheme", "likelihood", "impact", "mitigation", "owner", "review_date"]


def rating(risk: Risk) -> Band | None:
    """The rating band of the risk's computed score (None when unscored)."""
    return rating_for(risk.score)


def top_risks(plan: Plan, n: int = 5, scheme: Scheme | None = None) -> list[Risk]:
    """The ``n`` highest-scoring risks of a plan (or of one scheme) for the board paper: score
    descending, then impact, then likelihood, then reference; unscored risks are left out."""
    risks = Risk.objects.filter(plan=plan, likelihood__isnull=False, impact__isnull=False)
    if scheme is not None:
        risks = risks.filter(scheme=scheme)
    ranked = sorted(risks.select_related("scheme"), key=lambda r: (-r.score, -r.impact, -r.likelihood, r.ref))
    return ranked[:n]


@dataclass
class HeatCell:
    likelihood: int
    impact: int
    score: int
    band: Band | None
    risks: list[Risk]


def heat_map(risks: list[Risk]) -> dict:
    """A 5x5 grid for a table: rows impact 5..1, columns likelihood 1..5, each cell with its score,
    band and risks. ``unscored`` lists the risks without likelihood or impact."""
    rows = []
    for impact in range(5, 0, -1):
        cells = []
        for likelihood in range(1, 6):
            here = [r for r in risks if r.likelihood == likelihood and r.impact == impact]
            cells.append(HeatCell(likelihood, impact, likelihood * impact, rating_for(likelihood * impact), here))
        rows.append((impact, cells))
    unscored = [r for r in risks if r.score is None]
    return {"rows": rows, "likelihoods": list(range(1, 6)), "unscored": unscored, "bands": rating_bands()}


@dataclass
class ScoreReview:
    recorded_at: datetime
    recorded_by: str
    review_date: date | None
    likelihood: int | None
    impact: int | None
    score: int | None
    band: Band | None


def score_history(risk: Risk) -> list[ScoreReview]:
    """The risk's score at each recorded review, oldest first: one row per saved version whose
    likelihood, impact or review date differs from the version before."""
    reviews: list[ScoreReview] = []
    last = None
    for record in risk.history.select_related("history_user").order_by("history_date", "history_id"):
        key = (record.likelihood, record.impact, record.review_date)
        if key == last:
            continue
        last = key
        score = None if record.likelihood is None or record.impact is None else record.likelihood * record.impact
        reviews.append(
            ScoreReview(
                recorded_at=record.history_date,
                recorded_by=getattr(record.history_user, "username", None) or "not recorded",
                review_date=record.review_date,
                likelihood=record.likelihood,
                impact=record.impact,
                score=score,
                band=rating_for(score),
            )
        )
    return reviews


def _check_scheme(plan: Plan, scheme: Scheme | None) -> None:
    if scheme is not None and scheme.plan_id != plan.id:
        raise ValidationError({"scheme": "Choose a scheme of this plan."})


def update_risk(user, risk: Risk, expected_version: int, values: dict) -> Risk:
    """Save an edit of a risk if nobody changed it since ``expected_version`` (else StaleEdit)."""
    require(user, "edit", risk)
    changes = {name: values[name] for name in EDITABLE_FIELDS if name in values}
    _check_scheme(risk.plan, changes.get("scheme"))
    return save_versioned(risk, expected_version, changes, user, "risk")


def create_risk(user, plan: Plan, ref: str, values: dict) -> Risk:
    """Add a risk to a plan's register; the reference must be new in the plan."""
    require(user, "edit", plan)
    ref = (ref or "").strip()
    if not ref:
        raise ValidationError({"ref": "Enter a reference for the risk, for example R5."})
    if Risk.objects.filter(plan=plan, ref=ref).exists():
        raise ValidationError({"ref": f"Risk {ref} already exists in this plan; choose another reference."})
    _check_scheme(plan, values.get("scheme"))
    with transaction.atomic():
        risk = Risk(plan=plan, ref=ref, **{name: values.get(name) for name in EDITABLE_FIELDS if name in values})
        risk.mitigation = risk.mitigation or ""
        risk.owner = risk.owner or ""
        risk.source = f"Entered in bettercare by {user.username} on {timezone.localdate():%d %B %Y}"
        risk.full_clean(validate_unique=False, validate_constraints=False)
        risk._history_user = user
        risk.save()
    return risk
