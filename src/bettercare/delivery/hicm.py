"""High Impact Change Model self-assessment: the model in force for a plan (versioned as data in
``catalogue/hicm/``), maturity per change and quarter, the national-style summary and edits.

Summary rule (primer s6): "number of changes at <level> or better", where <level> is
``hicm_summary_level`` in ``catalogue/rules/delivery.yaml`` (Established) and "better" means a
higher ``rank`` in the model's maturity levels."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bettercare.accounts.access import require
from bettercare.indicators.periods import Quarter
from bettercare.plans.locking import StaleEdit, create_or_update_versioned
from bettercare.plans.models import Plan
from bettercare.reference.models import HicmChange, HicmModel

from .freeze import ensure_open
from .models import HicmAssessment
from .quarters import ensure_plan_quarter
from .rules import hicm_ratings, hicm_summary_level


def model_for(plan: Plan) -> HicmModel | None:
    """The HICM version named by the plan's policy period (None for periods without one)."""
    code = plan.period.hicm_model
    return HicmModel.objects.filter(code=code).first() if code else None


def levels(model: HicmModel) -> list[dict]:
    """Maturity levels, lowest rank first: ``[{"id", "title", "rank"}]``."""
    return sorted(model.maturity_levels, key=lambda level: level["rank"])


def level_title(model: HicmModel, level_id: str) -> str:
    for level in model.maturity_levels:
        if level["id"] == level_id:
            return level["title"]
    return level_id or ""


def level_rank(model: HicmModel, level_id: str) -> int | None:
    for level in model.maturity_levels:
        if level["id"] == level_id:
            return int(level["rank"])
    return None


@dataclass
class Summary:
    level_title: str
    at_or_better: int
    rated: int
    of: int

    @property
    def not_rated(self) -> int:
        return self.of - self.rated

    @property
    def text(self) -> str:
        text = f"{self.at_or_better} of {self.of} changes at {self.level_title} or better"
        return text + (f" ({self.not_rated} not rated)" if self.not_rated else "")


def summary(model: HicmModel, assessments: list[HicmAssessment]) -> Summary:
    """Count the changes of one quarter at the summary level or better."""
    threshold = level_rank(model, hicm_summary_level())
    if threshold is None:
        raise ValidationError(f"HICM model {model.code} has no maturity level {hicm_summary_level()!r}.")
    ranks = [level_rank(model, a.maturity) for a in assessments if a.maturity]
    return Summary(
        level_title=level_title(model, hicm_summary_level()),
        at_or_better=sum(1 for rank in ranks if rank is not None and rank >= threshold),
        rated=len([rank for rank in ranks if rank is not None]),
        of=model.changes.count(),
    )


def assessments_by_quarter(plan: Plan) -> dict[Quarter | str, dict[int, HicmAssessment]]:
    """``{quarter: {change number: assessment}}``, plan stage ("") first, then quarters in order."""
    grid: dict[Quarter | str, dict[int, HicmAssessment]] = {}
    rows = HicmAssessment.objects.filter(plan=plan).select_related("change").order_by("quarter", "change__number")
    for row in rows:
        grid.setdefault(row.quarter, {})[row.change.number] = row
    return dict(sorted(grid.items(), key=lambda item: item[0]))


def change_history(plan: Plan, change: HicmChange) -> list[HicmAssessment]:
    """One change's self-assessments, plan stage first, then each quarter in order."""
    return list(HicmAssessment.objects.filter(plan=plan, change=change).order_by("quarter"))


def save_quarter(user, plan: Plan, quarter: Quarter | str, rows: list[dict]) -> list[HicmAssessment]:
    """Save a quarter's self-assessment, all changes or none.

    Each row: ``change`` (HicmChange), ``version`` (as opened; 0 = none yet), ``maturity``,
    ``planned_maturity``, ``rag``, ``narrative``. Rules: levels must be levels of the plan's model
    and the RAG one of ``hicm_ratings`` (rules file); the
    quarter must be open (``freeze``); a row nobody filled in is not created; a row changed by
    someone else since the form was opened refuses the whole save (StaleEdit)."""
    require(user, "edit", plan)
    ensure_plan_quarter(plan, quarter)
    ensure_open(plan, quarter)
    model = model_for(plan)
    if model is None:
        raise ValidationError(f"The {plan.period.code} policy period has no High Impact Change Model.")
    valid = {level["id"] for level in model.maturity_levels}
    errors = {}
    for row in rows:
        for name in ("maturity", "planned_maturity"):
            if row.get(name) and row[name] not in valid:
                errors[f"{name}-{row['change'].number}"] = f"Choose a maturity level of the {model.code} model."
        if row.get("rag") and row["rag"] not in hicm_ratings():
            errors[f"rag-{row['change'].number}"] = f"Choose a RAG rating: {', '.join(hicm_ratings())}."
    if errors:
        raise ValidationError(errors)
    saved = []
    source = f"Entered in bettercare by {user.username} on {timezone.localdate():%d %B %Y}"
    try:
        with transaction.atomic():
            for row in rows:
                keys = {"plan": plan, "change": row["change"], "quarter": quarter}
                values = {name: row.get(name) or "" for name in ("maturity", "planned_maturity", "rag", "narrative")}
                existing = HicmAssessment.objects.filter(**keys).first()
                if existing is None and not any(values.values()) and not row.get("version"):
                    continue
                if existing is not None and all(getattr(existing, k) == v for k, v in values.items()):
                    continue  # nothing to change, so nothing anyone saved meanwhile is overwritten
                saved.append(
                    create_or_update_versioned(
                        HicmAssessment,
                        keys,
                        int(row.get("version") or 0),
                        {**values, "source": source},
                        user,
                        f"HICM self-assessment of change {row['change'].number}",
                        defer=True,
                    )
                )
    except StaleEdit as error:
        error.record()
        raise
    return saved

