"""Finance monitoring (seed 004 budget table and forecast; seed 000 iBCF carry-forward) and the
2014-16 contingency / payment for performance (seed 001)."""

from decimal import Decimal

import pytest

from bettercare.indicators.periods import FinancialYear, Quarter, span
from bettercare.monitoring.models import MetricActual
from bettercare.planbook.finance import budget_table, finance_summary, rag
from bettercare.planbook.payment import contingency_table, payment_for_performance
from bettercare.plans.models import Plan
from bettercare.plans.ruledata import load_rules
from bettercare.reference.models import Metric
from bettercare.scenarios import read_scenario

pytestmark = pytest.mark.django_db


def plan(scenario: str) -> Plan:
    return Plan.objects.get(scenario=scenario)


def test_leicestershire_budget_by_partner_and_stream_matches_seed_004_para_8():
    table = budget_table(plan("leicestershire-2018-19"), "2018-19")
    assert [p.code for p in table["partners"]] == ["04V", "03W", "E10000018"]
    assert [row["stream"].code for row in table["rows"]] == [
        "ccg_minimum",
        "ccg_additional",
        "dfg",
        "ibcf_autumn_2015",
        "ibcf_spring_2017",
    ]
    # "Total Funding 22,607 17,335 16,051 55,993" (GBP '000)
    assert table["partner_totals"] == [Decimal("22607000"), Decimal("17335000"), Decimal("16051000")]
    assert table["total"] == Decimal("55993000")
    assert table["rows"][0]["total"] == Decimal("37379000")  # CCG minimum contributions


def test_leicestershire_forecast_outturn_variance_and_rag():
    summary = finance_summary(plan("leicestershire-2018-19"))
    [item] = summary["quarters"][Quarter(2018, 1)]["total"]
    row = item["row"]
    assert (row.line.budget, row.line.forecast_outturn) == (Decimal("55993000"), Decimal("55400000"))
    assert row.variance == Decimal("-593000")
    assert round(row.variance_share, 4) == Decimal("-0.0106")
    assert item["rag"] == "green"  # an underspend of 1.06% is within the 2% green band (data)
    assert summary["forecasts"][FinancialYear(2018)][1].forecast_outturn == Decimal("55400000")


def test_rag_bands_come_from_the_rules_file():
    setting = load_rules("2017-19").data["finance_rag"]
    assert rag(Decimal("-0.01"), setting) == "green"
    assert rag(Decimal("-0.03"), setting) == "amber"
    assert rag(Decimal("-0.06"), setting) == "red"
    assert rag(Decimal("0.005"), setting) == "amber"
    assert rag(Decimal("0.02"), setting) == "red"
    assert rag(None, setting) is None


def test_norfolk_ibcf_carry_forward_of_10_971m_from_18_561m():
    summary = finance_summary(plan("norfolk-2017-19"))
    [reserve] = summary["reserves"]
    assert reserve["row"].line.carry_forward == Decimal("10971000")
    assert reserve["row"].line.budget == Decimal("18561000")
    assert round(reserve["share"], 3) == Decimal("0.591")
    [stream_row] = summary["quarters"][Quarter(2017, 4)]["stream"]
    assert stream_row["row"].planned == Decimal("18561000")  # the iBCF contribution in the plan


def test_contingency_table_totals_equal_the_seed_lines():
    data = read_scenario("norfolk-2014-16")
    expected = sum(
        Decimal(str(row["planned_savings"])) for row in data["contingency"] if row["financial_year"] == "2015-16"
    )
    table = contingency_table(plan("norfolk-2014-16"))
    assert table["columns"] == ["2015/16", "Ongoing"]
    assert table["totals"][0]["planned_savings"] == expected == Decimal("4181138")
    assert table["totals"][0]["maximum_support"] == Decimal("4181138")
    assert len(table["rows"]) == 10


def test_held_back_is_the_planned_saving_on_emergency_admissions():
    result = payment_for_performance(plan("norfolk-2014-16"))
    # Great Yarmouth 600,000 + North Norfolk 345,830 + South Norfolk 570,000 (seed 001 contingency plan)
    assert result["held_back"] == Decimal("1515830")
    assert result["cost"] is None  # primer s2: "(to confirm)"; not configured
    assert all(r.released is None for r in result["releases"])
    assert result["quarterly_baseline"] == Decimal("4650")  # 18,600 admissions in 2012-13 / 4


def test_release_quarter_by_quarter_as_admissions_fall():
    norfolk = plan("norfolk-2014-16")
    metric = Metric.objects.get(period=norfolk.period, code="emergency-admissions-composite", area=None)
    _, start, end = span("2015-16-Q1")
    MetricActual.objects.create(
        area=norfolk.area,
        metric=metric,
        period="2015-16-Q1",
        period_start=start,
        period_end=end,
        numerator=4450,
        source="test actuals",
    )
    actuals = {"2015-16-Q2": Decimal("4700"), "2015-16-Q3": Decimal("3650")}
    result = payment_for_performance(norfolk, cost_per_admission=Decimal("1000"), actuals=actuals)
    q1, q2, q3, q4 = result["releases"]
    assert (q1.actual, q1.actual_source, q1.avoided, q1.released) == (4450, "test actuals", 200, Decimal("200000"))
    assert (q2.avoided, q2.released) == (0, 0)  # admissions rose: nothing released
    assert (q3.avoided, q3.released) == (1000, Decimal("1000000"))
    assert q4.actual is None and q4.released is None
    assert result["released_total"] == Decimal("1200000")
    assert result["not_released"] == Decimal("315830")
    capped = payment_for_performance(norfolk, cost_per_admission=Decimal("10000"), actuals=actuals)
    assert capped["released_total"] == Decimal("1515830")  # never more than was held back


def test_payment_for_performance_applies_only_to_2014_16():
    assert payment_for_performance(plan("leicestershire-2018-19")) is None
