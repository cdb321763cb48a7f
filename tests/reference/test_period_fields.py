"""FinancialYearField and QuarterField hold ``indicators.periods`` values: typed after a save and from
queries, text or typed accepted on assignment and in filters, bad text refused with the rule,
blank is ""; the API gives the same text as before."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from bettercare.delivery.models import HicmAssessment, PaperNarrative, QuarterlyReturn
from bettercare.indicators.periods import FinancialYear, Quarter
from bettercare.plans.models import Contribution, Plan
from bettercare.reference.models import Area, Population

pytestmark = pytest.mark.django_db

Q1 = Quarter(2018, 1)


@pytest.fixture
def area():
    return Area.objects.create(gss_code="E99999999", name="Test HWB")


def test_a_saved_quarter_is_typed_on_the_instance_after_refresh_and_from_queries(area):
    row = PaperNarrative.objects.create(area=area, quarter="2018-19-Q1")
    assert row.quarter == Q1  # typed from the assignment on
    row.refresh_from_db()
    assert row.quarter == Q1 and isinstance(row.quarter, Quarter)
    assert PaperNarrative.objects.get(pk=row.pk).quarter == Q1
    assert list(PaperNarrative.objects.filter(pk=row.pk).values_list("quarter", flat=True)) == [Q1]
    assert PaperNarrative.objects.filter(pk=row.pk).values("quarter")[0]["quarter"] == Q1


def test_a_financial_year_is_typed_and_its_text_is_what_the_column_holds(area):
    row = Population.objects.create(area=area, financial_year=FinancialYear(2015), age_band="all", population=1)
    assert Population.objects.get(pk=row.pk).financial_year == FinancialYear(2015)
    column = Population.objects.filter(pk=row.pk).extra(select={"raw": "financial_year"}).values("raw")[0]
    assert column["raw"] == "2015-16"


@pytest.mark.parametrize("value", ["2018-19-Q1", Q1])
def test_filters_and_assignment_take_the_text_or_the_typed_value(area, value):
    row = PaperNarrative.objects.create(area=area, quarter=value)
    assert PaperNarrative.objects.filter(quarter=value).get() == row
    assert PaperNarrative.objects.filter(quarter__in=[value]).get() == row
    assert PaperNarrative.objects.filter(quarter__lt=Q1 + 1).get() == row
    row.quarter = "2018-19-Q2"
    assert row.quarter == Q1 + 1
    row.save()
    assert PaperNarrative.objects.get(quarter=Q1 + 1) == row


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-19-Q5", "Enter a quarter like 2018-19-Q1."),
        ("2018-20-Q1", "2018-20 is not a financial year: the second part must be the next year."),
        ("Q1 2018-19", "Enter a quarter like 2018-19-Q1."),
    ],
)
def test_bad_quarter_text_is_refused_with_the_rule_by_full_clean_and_by_a_write(area, text, message):
    row = PaperNarrative(area=area, quarter=text)
    assert row.quarter == text  # kept as given, so that full_clean names the rule
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert raised.value.message_dict["quarter"] == [message]
    with pytest.raises(ValidationError) as raised, transaction.atomic():
        row.save()
    assert raised.value.messages == [message]
    assert not PaperNarrative.objects.filter(area=area).exists()


def test_bad_financial_year_text_is_refused_with_the_rule(area):
    row = Population(area=area, financial_year="2015-17", age_band="all", population=1)
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert raised.value.message_dict["financial_year"] == [
        "2015-17 is not a financial year: the second part must be the next year."
    ]
    row.financial_year = "2015"
    with pytest.raises(ValidationError) as raised:
        row.full_clean()
    assert raised.value.message_dict["financial_year"] == ["Enter a financial year like 2015-16."]


def test_blank_is_the_empty_text_where_the_field_allows_it(area):
    row = Population(area=area, age_band="all", population=1)
    assert row.financial_year == ""
    row.full_clean()
    row.save()
    assert Population.objects.get(pk=row.pk).financial_year == ""
    assert Population.objects.filter(area=area, financial_year="").get() == row
    plan = Plan.objects.order_by("id").first()
    change_rows = HicmAssessment.objects.filter(plan=plan, quarter="")
    assert all(r.quarter == "" for r in change_rows)
    narrative = PaperNarrative(area=area, quarter="")
    with pytest.raises(ValidationError) as raised:
        narrative.full_clean()
    assert raised.value.message_dict["quarter"] == ["This field cannot be blank."]


def test_the_demo_plan_rows_are_typed():
    contribution = Contribution.objects.order_by("id").first()
    assert isinstance(contribution.financial_year, FinancialYear)
    quarters = HicmAssessment.objects.exclude(quarter="").values_list("quarter", flat=True)
    assert quarters and all(isinstance(q, Quarter) for q in quarters)


def test_the_api_gives_a_return_quarter_and_a_plans_years_as_text(client):
    from django.contrib.auth import get_user_model

    from bettercare.accounts.tokens import create_token

    national = get_user_model().objects.get(username="national")
    _, secret = create_token(national, "period fields test", 30)
    header = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    plan = Plan.objects.filter(contributions__financial_year="2018-19").select_related("area").first()
    ret = QuarterlyReturn.objects.create(area=plan.area, plan=plan, quarter=Q1, created_by=national)
    listed = client.get(f"/api/v1/areas/{ret.area.gss_code}/returns", **header).json()["items"]
    assert "2018-19-Q1" in [item["quarter"] for item in listed]
    assert client.get(f"/api/v1/returns/{ret.id}", **header).json()["quarter"] == "2018-19-Q1"
    detail = client.get(f"/api/v1/plans/{plan.id}", **header).json()
    years = {str(c.financial_year) for c in plan.contributions.all()}
    assert set(detail["funding_total_by_year"]) == years
    assert all(len(year) == 7 and year[4] == "-" for year in years)
