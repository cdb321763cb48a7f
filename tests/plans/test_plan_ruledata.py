"""The plan-check settings per period are data: every period has a file; amounts are used only
when confirmed."""

from decimal import Decimal

import pytest

from bettercare.catalogue import CatalogueError, list_periods
from bettercare.plans.ruledata import load_rules


@pytest.mark.parametrize("period", list_periods())
def test_every_policy_period_has_a_rules_file(period):
    rules = load_rules(period)
    assert rules.period == period and rules.money_tolerance == Decimal(0)


def test_confirmed_amounts_are_used_and_unconfirmed_ones_are_not():
    rules = load_rules("2017-19")
    amount = rules.amount("hwb_minimum", "E06000012", "2017-18")
    assert amount.value == Decimal("17900000") and "seed 003" in amount.source
    assert rules.amount("hwb_minimum", "E10000018", "2018-19") is None
    assert rules.amount("nhs_minimum_to_asc", "E06000012", "2017-18") is None
    assert rules.uplift("2018-19").value == Decimal("0.0190")
    assert load_rules("2014-16").uplift("2015-16") is None


def test_the_council_minimum_of_2014_16_is_spent_as_dfg_and_social_care_capital():
    rules = load_rules("2014-16")
    assert rules.spent_as("la_minimum") == {"la_minimum", "dfg", "social_care_capital"}
    assert rules.group_of("dfg") == "la_minimum" and rules.group_of("ccg_minimum") == "ccg_minimum"


def test_unknown_period_is_refused_by_name():
    with pytest.raises(CatalogueError, match="1999-01"):
        load_rules("1999-01")
