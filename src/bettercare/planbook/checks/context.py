"""Everything the plan checks read, loaded once per run (a handful of queries, not one per rule)."""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from bettercare.delivery.models import Action, ConditionConfirmation, Risk
from bettercare.indicators.periods import FinancialYear
from bettercare.monitoring.models import FinanceLine
from bettercare.plans.models import Contribution, Plan, Scheme, SchemeFinance, StatedTotal
from bettercare.plans.ruledata import PlanRules, load_rules
from bettercare.reference.models import Locality, NationalCondition

ZERO = Decimal(0)


def default_as_at(plan: Plan) -> date:
    """The date deadlines are judged at. Rule: a frozen plan is a snapshot, judged as at the date it
    was assured, approved or submitted (the latest stated), else at the end of its policy period;
    a draft is judged today."""
    if plan.is_frozen:
        stated = [day for day in (plan.assured_on, plan.approved_on, plan.submitted_on) if day]
        if stated:
            return max(stated)
        if plan.period.years:
            return plan.period.years[-1].end
    return date.today()


def locality_label(locality: Locality | None) -> str:
    if locality is None:
        return "Countywide (no locality)"
    return f"{locality.short_name or locality.name} ({locality.code})"


class CheckContext:
    """A plan's rows and its period's rule settings, as the checks need them."""

    def __init__(self, plan: Plan, as_at: date | None = None, rules: PlanRules | None = None):
        self.plan = plan
        self.rules = rules or load_rules(plan.period.code)
        self.as_at = as_at or default_as_at(plan)
        self.contributions: list[Contribution] = list(
            plan.contributions.select_related("organisation", "stream", "locality").order_by("id")
        )
        self.schemes: list[Scheme] = list(
            plan.schemes.select_related("locality", "scheme_type", "funding_stream").order_by("ref")
        )
        self.finances: list[SchemeFinance] = list(
            SchemeFinance.objects.filter(scheme__plan=plan)
            .select_related(
                "scheme", "scheme__locality", "scheme__scheme_type", "scheme__funding_stream", "funding_stream"
            )
            .order_by("scheme__ref", "kind", "financial_year")
        )
        self.stated_totals: list[StatedTotal] = list(plan.stated_totals.select_related("locality").order_by("id"))
        self.targets = list(plan.metric_targets.select_related("metric", "locality").order_by("id"))
        self.risks: list[Risk] = list(plan.risks.order_by("ref"))
        self.actions: list[Action] = list(plan.actions.order_by("ref"))
        self.conditions: list[ConditionConfirmation] = list(
            plan.condition_confirmations.select_related("condition").order_by("condition__number", "quarter")
        )
        self.catalogue_conditions = list(NationalCondition.objects.filter(period=plan.period).order_by("number"))
        self.finance_lines: list[FinanceLine] = list(
            plan.finance_lines.select_related("organisation", "stream", "scheme").order_by("quarter", "id")
        )
        self.plan_organisations = list(plan.organisations.select_related("organisation"))

    # -- money ---------------------------------------------------------------------------------
    @staticmethod
    def line_total(line: SchemeFinance) -> Decimal:
        return (line.recurrent or ZERO) + (line.non_recurrent or ZERO)

    @staticmethod
    def line_stream(line: SchemeFinance) -> str | None:
        """The funding stream of a spend line: its own, else its scheme's."""
        stream = line.funding_stream or line.scheme.funding_stream
        return stream.code if stream else None

    def spend_lines(self, year: FinancialYear | None = None) -> list[SchemeFinance]:
        return [
            line for line in self.finances if line.kind == "spend" and (year is None or line.financial_year == year)
        ]

    @property
    def has_scheme_spend(self) -> bool:
        """Rule: expenditure checks apply only when the plan records some scheme spend."""
        return any(self.line_total(line) != ZERO for line in self.spend_lines())

    def years(self) -> list[FinancialYear]:
        """Financial years with contributions or scheme spend."""
        found = {c.financial_year for c in self.contributions} | {line.financial_year for line in self.spend_lines()}
        return sorted(found)

    def contributions_by(self, key, year: FinancialYear, field: str = "amount") -> dict:
        totals: dict = defaultdict(lambda: ZERO)
        for contribution in self.contributions:
            if contribution.financial_year == year and getattr(contribution, field) is not None:
                totals[key(contribution)] += getattr(contribution, field)
        return totals

    def spend_by(self, key, year: FinancialYear) -> dict:
        totals: dict = defaultdict(lambda: ZERO)
        for line in self.spend_lines(year):
            totals[key(line)] += self.line_total(line)
        return totals

    def contribution_total(self, year: FinancialYear, field: str = "amount") -> Decimal:
        return sum(
            (
                getattr(c, field)
                for c in self.contributions
                if c.financial_year == year and getattr(c, field) is not None
            ),
            ZERO,
        )

    def differs(self, expected: Decimal, found: Decimal) -> bool:
        return abs(expected - found) > self.rules.money_tolerance

    @property
    def gss_code(self) -> str:
        return self.plan.area.gss_code
