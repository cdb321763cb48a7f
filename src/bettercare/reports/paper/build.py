"""Gather everything the board paper shows, from the data, for an HWB and a quarter.

Sections follow seed 004: purpose; policy framework and previous decisions; background; financial
forecast outturn; performance against each metric; delayed transfers of care (or any metric split)
by attribution; High Impact Change Model; top risks; progress by theme and scheme; planning ahead;
recommendations; circulation under the Local Issues Alert Procedure; officer to contact; relevant
impact assessments (equality and human rights implications, partnership working); Appendix A
(metrics table); Appendix B (plan on a page). Figures come from the services; wording only a
person can write comes from the house style (``house_style``) and, for the narrative sections, from
what editors saved for the paper (``narrative``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone

from bettercare.delivery.models import QuarterlyReturn
from bettercare.indicators.periods import Quarter
from bettercare.indicators.presentation import long_date, quarter_label
from bettercare.plans.models import Plan
from bettercare.reference.models import Area

from ..house_style import HouseStyle, fill_all, load_house_style
from ..plan_page import PlanPage, build_plan_page
from ..returns import return_figures
from ..sources import parse_quarter, plan_for_quarter
from .delivery import RiskSection, hicm_section, risk_section
from .finance import FinanceSection, finance_section
from .metrics import MetricSection, metric_sections, rag_summary
from .narrative import Narrative, NarrativeBlock, paper_narrative
from .progress import Theme, themes

Progress = Callable[[str], None]


@dataclass
class Paper:
    area: Area
    plan: Plan
    quarter: Quarter
    quarter_label: str
    financial_year: str
    meeting_date: date
    generated_at: str
    style: HouseStyle
    title: str
    organisation: str
    purpose: list[str]
    policy_framework: list[str]
    previous_decisions: list[str]
    planning_ahead: list[str]
    recommendations: list[str]
    narrative: Narrative
    finance: FinanceSection
    metrics: list[MetricSection]
    rag_summary: str
    hicm: dict[str, Any] | None
    risks: RiskSection
    themes: list[Theme]
    other: Theme | None
    plan_page: PlanPage

    @property
    def sections(self) -> dict[str, NarrativeBlock]:
        """The narrative sections as printed, by field (background, circulation, officer, ...)."""
        return self.narrative.blocks

    @property
    def impact_assessments(self) -> bool:
        """Whether the paper has a "Relevant impact assessments" part (equality or partnership text)."""
        blocks = self.sections
        return bool(blocks["equality"].paragraphs or blocks["partnership"].paragraphs)

    @property
    def attribution(self) -> list[MetricSection]:
        """The metric sections whose figures are split by attribution."""
        return [m for m in self.metrics if m.attribution is not None]


def previous_decisions(area: Area, plan: Plan, quarter: Quarter) -> list[str]:
    """Facts from the records: the plan's status and dates, and earlier quarters' returns."""
    facts = [f"The current plan is {plan.title} (version {plan.version}), status: {plan.get_status_display().lower()}."]
    if plan.approved_on:
        facts.append(f"The plan was approved on {long_date(plan.approved_on)}.")
    if plan.submitted_on:
        facts.append(f"It was submitted to NHS England on {long_date(plan.submitted_on)}.")
    facts.append(
        f"NHS England assured the plan on {long_date(plan.assured_on)}."
        if plan.assured_on
        else "Assurance of the plan by NHS England is not recorded."
    )
    earlier = (
        QuarterlyReturn.objects.filter(area=area, status="submitted", quarter__lt=str(quarter))
        .order_by("-quarter", "-revision")
        .first()
    )
    if earlier is not None and earlier.submitted_at:
        facts.append(
            f"The last quarterly return submitted was for {earlier.quarter} (version {earlier.revision}), on "
            f"{long_date(timezone.localtime(earlier.submitted_at).date())}."
        )
    return facts


def build_paper(
    area: Area,
    quarter: Quarter | str,
    meeting_date: date | None = None,
    style: HouseStyle | None = None,
    progress: Progress | None = None,
) -> Paper:
    """Everything the paper shows for the HWB and quarter (see the module docstring)."""
    step = progress or (lambda _message: None)
    quarter = parse_quarter(quarter) if isinstance(quarter, str) else quarter
    style = style or load_house_style(area.gss_code)
    step("Finding the plan")
    plan = plan_for_quarter(area, quarter)
    year = str(quarter.financial_year)
    meeting = meeting_date or style.meeting_date(str(quarter)) or timezone.localdate()
    step("Reading the finances")
    finance = finance_section(plan, quarter, style)
    step("Assessing the metrics and drawing the charts")
    sections = metric_sections(area, year)
    summary = rag_summary(sections)
    step("Reading the return, risks and progress")
    figures = return_figures(area, quarter)
    theme_list, other = themes(plan, year, meeting)
    organisation = style.organisation or f"{area.name} {style.board}"
    values = {
        "area": area.name,
        "board": style.board,
        "organisation": organisation,
        "quarter": str(quarter),
        "quarter_label": quarter_label(quarter),
        "financial_year": year,
        "plan_title": plan.title,
        "meeting_date": long_date(meeting),
        "rag_summary": summary,
    }
    text = {**style.paper, **(style.paper.get("quarters") or {}).get(str(quarter), {})}
    return Paper(
        area=area,
        plan=plan,
        quarter=quarter,
        quarter_label=quarter_label(quarter),
        financial_year=year,
        meeting_date=meeting,
        generated_at=timezone.localtime().strftime("%d %B %Y at %H:%M"),
        style=style,
        title=str(text.get("title") or "Better Care Fund quarterly update"),
        organisation=organisation,
        purpose=fill_all(text.get("purpose"), values),
        policy_framework=fill_all(text.get("policy_framework"), values),
        previous_decisions=previous_decisions(area, plan, quarter),
        planning_ahead=fill_all(text.get("planning_ahead"), values),
        recommendations=fill_all(text.get("recommendations"), values),
        narrative=paper_narrative(area, quarter, text, values),
        finance=finance,
        metrics=sections,
        rag_summary=summary,
        hicm=hicm_section(figures),
        risks=risk_section(plan, int(text.get("top_risks") or 5)),
        themes=theme_list,
        other=other,
        plan_page=build_plan_page(plan, style),
    )
