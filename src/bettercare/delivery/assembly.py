"""Assemble a quarterly return's figures as one JSON-ready dictionary: the page, the CLI and the
stored snapshot all show this, so what was signed off is exactly what is shown later.

Sections and their sources:
- national conditions: the plan period's conditions (catalogue) with this quarter's confirmations;
- metrics: per metric, the status proposed from the indicators (``proposals``) and the status the
  editor chose, with the override reason;
- HICM: each change's maturity this quarter and the level planned for next quarter, with the summary
  "changes at Established or better" (``hicm``);
- finance: income = the plan's contributions (``plans.Contribution``) in the quarter's financial
  year; expenditure = the quarter's finance monitoring lines (``monitoring.FinanceLine``): budget,
  actual to date, forecast outturn and carry-forward, with variance = forecast outturn - budget;
- narrative: achievements, challenges, support needed.
Money is written as decimal strings (pounds, two places), never floats."""

from decimal import Decimal
from typing import Any

from django.utils import timezone

from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import Contribution, FindingResponse

from . import conditions as conditions_service
from . import hicm as hicm_service
from .models import HicmAssessment, QuarterlyReturn
from .proposals import propose

SECTIONS = ["national_conditions", "metrics", "hicm", "finance", "narrative"]


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{Decimal(value):.2f}"


def national_conditions(ret: QuarterlyReturn) -> list[dict[str, Any]]:
    rows = []
    for item in conditions_service.answers(ret.plan, ret.quarter):
        confirmation = item.confirmation
        rows.append(
            {
                "number": item.condition.number,
                "code": item.condition.code,
                "title": item.condition.title,
                "confirmed": getattr(confirmation, "confirmed", None),
                "answer": item.answer,
                "narrative": getattr(confirmation, "narrative", ""),
                "period": str(ret.quarter),
                "source": getattr(confirmation, "source", "") or "not answered",
            }
        )
    return rows


def metrics(ret: QuarterlyReturn) -> list[dict[str, Any]]:
    """Stored statuses of a saved return; live proposals for an unsaved one."""
    if ret.pk is None:
        return [
            {
                "code": p.metric.code,
                "title": p.metric.title,
                "proposed_status": p.status,
                "chosen_status": "",
                "status": p.status,
                "override": False,
                "override_reason": "",
                "proposal": p.detail,
            }
            for p in propose(ret.plan, ret.quarter)
        ]
    return [
        {
            "code": row.metric.code,
            "title": row.metric.title,
            "proposed_status": row.proposed_status,
            "chosen_status": row.chosen_status,
            "status": row.status,
            "override": row.is_override,
            "override_reason": row.override_reason,
            "proposal": row.proposal,
        }
        for row in ret.metric_statuses.select_related("metric").order_by("metric__id")
    ]


def hicm(ret: QuarterlyReturn) -> dict[str, Any] | None:
    model = hicm_service.model_for(ret.plan)
    if model is None:
        return None
    here = {
        a.change.number: a
        for a in HicmAssessment.objects.filter(plan=ret.plan, quarter=ret.quarter).select_related("change")
    }
    earlier = {}
    for a in (
        HicmAssessment.objects.filter(plan=ret.plan, quarter__lt=ret.quarter)
        .exclude(maturity="")
        .select_related("change")
        .order_by("quarter")
    ):
        earlier[a.change.number] = a
    changes = []
    for change in model.changes.order_by("number"):
        a = here.get(change.number)
        before = earlier.get(change.number)
        changes.append(
            {
                "number": change.number,
                "title": change.title,
                "maturity": getattr(a, "maturity", ""),
                "maturity_title": hicm_service.level_title(model, getattr(a, "maturity", "")),
                "planned_maturity": getattr(a, "planned_maturity", ""),
                "planned_title": hicm_service.level_title(model, getattr(a, "planned_maturity", "")),
                "rag": getattr(a, "rag", ""),
                "narrative": getattr(a, "narrative", ""),
                "source": getattr(a, "source", "") or "not assessed this quarter",
                "previous": previous(model, before) if before and not getattr(a, "maturity", "") else None,
            }
        )
    summary = hicm_service.summary(model, list(here.values()))
    return {
        "model": model.code,
        "title": model.title,
        "period": str(ret.quarter),
        "changes": changes,
        "summary": {"text": summary.text, "level": summary.level_title, "count": summary.at_or_better,
                    "rated": summary.rated, "of": summary.of},
    }


def previous(model, assessment: HicmAssessment) -> dict[str, str]:
    """The latest earlier maturity, shown when a change is not assessed this quarter."""
    title = hicm_service.level_title(model, assessment.maturity)
    return {"quarter": str(assessment.quarter) or "plan stage", "title": title}


def finance(ret: QuarterlyReturn) -> dict[str, Any]:
    year = ret.quarter.financial_year
    income_rows = []
    total = Decimal(0)
    for c in (
        Contribution.objects.filter(plan=ret.plan, financial_year=year)
        .select_related("organisation", "stream", "locality")
        .order_by("organisation__name", "stream__id", "id")
    ):
        total += c.amount
        income_rows.append(
            {
                "organisation": c.organisation.name,
                "stream": c.stream.title,
                "locality": str(c.locality) if c.locality else "",
                "amount": money(c.amount),
                "actual_amount": money(c.actual_amount),
                "source": c.source,
            }
        )
    expenditure = []
    for line in (
        FinanceLine.objects.filter(plan=ret.plan, quarter=ret.quarter)
        .select_related("organisation", "stream", "scheme")
        .order_by("id")
    ):
        variance = (
            line.forecast_outturn - line.budget
            if line.forecast_outturn is not None and line.budget is not None
            else None
        )
        expenditure.append(
            {
                "line": line.line or str(line.scheme or line.stream or line.organisation or "Total"),
                "organisation": line.organisation.name if line.organisation else "",
                "stream": line.stream.title if line.stream else "",
                "scheme": str(line.scheme) if line.scheme else "",
                "budget": money(line.budget),
                "actual_to_date": money(line.actual_to_date),
                "forecast_outturn": money(line.forecast_outturn),
                "variance": money(variance),
                "carry_forward": money(line.carry_forward),
                "note": line.note,
                "source": line.source,
            }
        )
    return {
        "financial_year": str(year),
        "quarter": str(ret.quarter),
        "income": {"rows": income_rows, "total": money(total), "source": "plan contributions"},
        "expenditure": {"rows": expenditure, "source": "finance monitoring lines",
                        "variance_rule": "variance = forecast outturn - budget"},
    }


def accepted_findings(plan) -> list[dict[str, Any]]:
    """The plan-check findings an approver accepted for the plan (who explained, who accepted, why)."""
    rows = FindingResponse.objects.filter(plan=plan, accepted_at__isnull=False).select_related(
        "explained_by", "accepted_by"
    )
    return [
        {
            "rule": r.rule,
            "location": r.location,
            "explanation": r.explanation,
            "explained_by": r.explained_by.get_full_name() or r.explained_by.username,
            "accepted_by": r.accepted_by.get_full_name() or r.accepted_by.username,
            "accepted_on": timezone.localtime(r.accepted_at).date().isoformat(),
            "reason": r.acceptance_reason,
        }
        for r in rows
    ]


def assemble(ret: QuarterlyReturn) -> dict[str, Any]:
    """Every section of the return as it stands now (see the module docstring)."""
    quarter = ret.quarter
    plan = ret.plan
    return {
        "area": {"name": ret.area.name, "gss_code": ret.area.gss_code},
        "plan": {"id": plan.id, "title": plan.title, "period": plan.period.code, "version": plan.version,
                 "status": plan.status, "accepted_findings": accepted_findings(plan)},
        "quarter": quarter.code,
        "quarter_label": quarter.label,
        "revision": ret.revision,
        "assembled_at": timezone.now().isoformat(timespec="seconds"),
        "national_conditions": national_conditions(ret),
        "metrics": metrics(ret),
        "hicm": hicm(ret),
        "finance": finance(ret),
        "narrative": {
            "achievements": ret.achievements,
            "challenges": ret.challenges,
            "support_needed": ret.support_needed,
        },
    }


def changed_sections(snapshot: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """Sections whose figures differ between a stored snapshot and a fresh assembly."""
    return [name for name in SECTIONS if snapshot.get(name) != live.get(name)]
