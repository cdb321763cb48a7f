"""The paper's delivery sections: the High Impact Change Model summary (from the quarter's return
figures: its snapshot once signed off, otherwise live) and the top risks of the register."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bettercare.plans.models import Plan

from ..returns import ReturnFigures
from ..sources import ranked_risks, risk_rating


@dataclass
class RiskLine:
    ref: str
    title: str
    likelihood: str
    impact: str
    score: str
    rating: str
    mitigation: str
    owner: str
    source: str


@dataclass
class RiskSection:
    top: list[RiskLine]
    unscored: list[RiskLine]
    total: int
    n: int


def _line(risk) -> RiskLine:
    return RiskLine(
        ref=risk.ref,
        title=risk.title,
        likelihood=str(risk.likelihood) if risk.likelihood is not None else "–",
        impact=str(risk.impact) if risk.impact is not None else "–",
        score=str(risk.score) if risk.score is not None else "not scored",
        rating=risk_rating(risk) or "–",
        mitigation=risk.mitigation or "none recorded",
        owner=risk.owner or "not recorded",
        source=risk.source or "not recorded",
    )


def risk_section(plan: Plan, n: int) -> RiskSection:
    """The ``n`` highest-scoring risks, and the register's unscored risks (which cannot be ranked)."""
    top = [_line(r) for r in ranked_risks(plan, n)]
    unscored = [_line(r) for r in plan.risks.filter(likelihood__isnull=True) | plan.risks.filter(impact__isnull=True)]
    return RiskSection(top=top, unscored=sorted(unscored, key=lambda r: r.ref), total=plan.risks.count(), n=n)


def hicm_section(figures: ReturnFigures) -> dict[str, Any] | None:
    """The return's HICM section with where its figures come from (None when the period has no HICM)."""
    hicm = figures.figures.get("hicm")
    if not hicm:
        return None
    assessed = [c for c in hicm["changes"] if c.get("maturity")]
    return {**hicm, "assessed": len(assessed), "basis": figures.basis}
