"""Adapters to the services of the other apps, in one place, so that a change of a shared service
touches only this module. Each function names the service it calls.

- ``plan_for_quarter``: ``delivery.workflow.plan_for`` (the plan a quarter's return reports on);
- ``budget_table``: ``plans.finance.budget_table`` (budget by stream and partner, seed 004 para 8);
- ``finance_lines``: ``plans.finance.finance_summary`` (monitoring lines with variance and RAG);
- ``ranked_risks`` / ``risk_rating``: ``delivery.risks.top_risks`` / ``rating``;
- ``actions_with_flags``: ``delivery.actions.action_rows`` (complete / overdue / slipped)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from bettercare.delivery.models import Action, Risk
from bettercare.indicators.periods import FinancialYear, Quarter
from bettercare.plans.models import Plan
from bettercare.reference.models import Area

from .errors import ReportError


def parse_quarter(text: str) -> Quarter:
    """A quarter such as "2018-19-Q1"; ReportError saying what was expected otherwise."""
    try:
        return Quarter.parse(str(text or ""))
    except ValueError as error:
        raise ReportError(f"{text!r} is not a quarter: write it like 2018-19-Q1") from error


def plan_for_quarter(area: Area, quarter: Quarter) -> Plan:
    """The plan the quarter's return reports on (``delivery.workflow.plan_for``)."""
    from bettercare.delivery.workflow import plan_for

    try:
        return plan_for(area, quarter)
    except ValidationError as error:
        raise ReportError(" ".join(error.messages)) from error


def budget_table(plan: Plan, financial_year: FinancialYear | str) -> dict[str, Any]:
    """Approved budget by stream (rows) and partner (columns) (``plans.finance.budget_table``)."""
    from bettercare.planbook.finance import budget_table as shared

    return shared(plan, financial_year)


def finance_lines(plan: Plan, quarter: Quarter) -> dict[str, Any]:
    """The quarter's monitoring lines grouped (total, partner, stream, scheme), each ``{"row":
    FinanceRow, "rag": ...}``, with the RAG setting and its rules file (``plans.finance``)."""
    from bettercare.planbook.finance import finance_summary

    summary = finance_summary(plan)
    groups = summary["quarters"].get(quarter, {"total": [], "partner": [], "stream": [], "scheme": []})
    return {"groups": groups, "rag_setting": summary["rag_setting"], "rules_file": summary["rules_file"]}


def ranked_risks(plan: Plan, n: int) -> list[Risk]:
    """The ``n`` highest-scoring risks (``delivery.risks.top_risks``)."""
    from bettercare.delivery.risks import top_risks

    return top_risks(plan, n)


def risk_rating(risk: Risk) -> str:
    """The rating band's title of a scored risk, else the rating the register states, else ""."""
    from bettercare.delivery.risks import rating

    band = rating(risk)
    return band.title if band else (risk.rating or "")


def actions_with_flags(actions: list[Action], as_at: date) -> list[Any]:
    """Actions with complete / overdue / slipped flags as at a date (``delivery.actions.action_rows``)."""
    from bettercare.delivery.actions import action_rows

    return action_rows(actions, as_at)
