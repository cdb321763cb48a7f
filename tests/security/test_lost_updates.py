"""Lost updates: for each of the 10 kinds of row users edit, two people open the same version in their
own sessions, both change a text and save. The first save is kept, the second is refused with "changed by
<first person> ... since you opened it", and the second person's text comes back in the form (not lost)."""

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from bettercare.accounts.models import Membership
from bettercare.delivery.models import (
    Action,
    ConditionConfirmation,
    HicmAssessment,
    QuarterlyReturn,
    Risk,
)
from bettercare.delivery.workflow import start_return
from bettercare.monitoring.models import FinanceLine, MetricCommentary
from bettercare.plans.models import Contribution, Plan, Scheme, SchemeFinance

from .formparse import form_with

pytestmark = pytest.mark.django_db
REFUSED = re.compile(r"was changed by alice\.(\w+)(?: at [^;]+)? since you opened it; your changes were not saved")


@dataclass
class Case:
    name: str
    scenario: str
    page: Callable[[Plan], str]  # the edit page's URL
    field: Callable[[Plan], str]  # the text field both people change
    stored: Callable[[Plan], str]  # the text stored after both saves
    post_url: Callable[[Plan], str] | None = None  # where the form posts, when not the page itself


def plan_of(scenario: str) -> Plan:
    return Plan.objects.select_related("area").get(scenario=scenario)


def scheme(plan: Plan) -> Scheme:
    return plan.schemes.order_by("locality__name", "ref", "pk").first()


def contribution(plan: Plan) -> Contribution:
    return plan.contributions.order_by("pk").first()


def a_return(plan: Plan) -> QuarterlyReturn:
    found = QuarterlyReturn.objects.filter(area=plan.area, quarter="2018-19-Q1").first()
    if found is None:
        editor = get_user_model().objects.get(username="leicestershire.approver")
        found = start_return(editor, plan.area, "2018-19-Q1")
    return found


def spend_value(plan: Plan) -> str:
    line = SchemeFinance.objects.filter(scheme=scheme(plan), kind="spend").order_by("financial_year").first()
    return str(int(line.recurrent))


def spend_field(plan: Plan) -> str:
    line = SchemeFinance.objects.filter(scheme=scheme(plan), kind="spend").order_by("financial_year").first()
    return f"recurrent_{line.financial_year}"


CASES = [
    Case("scheme", "norfolk-2014-16",
         lambda p: reverse("plans:scheme_edit", args=[p.pk, scheme(p).pk]),
         lambda p: "description", lambda p: Scheme.objects.get(pk=scheme(p).pk).description),
    Case("scheme spend", "norfolk-2014-16",
         lambda p: reverse("plans:editor", args=[p.pk]), spend_field, spend_value,
         post_url=lambda p: reverse("plans:scheme_spend", args=[p.pk, scheme(p).pk])),
    Case("contribution", "norfolk-2014-16",
         lambda p: reverse("plans:row_edit", args=[p.pk, "contributions", contribution(p).pk]),
         lambda p: "note", lambda p: Contribution.objects.get(pk=contribution(p).pk).note),
    Case("finance line", "leicestershire-2018-19",
         lambda p: reverse("plans:finance_line_edit", args=[p.pk, FinanceLine.objects.get(plan=p).pk]),
         lambda p: "note", lambda p: FinanceLine.objects.get(plan=p).note),
    Case("metric commentary", "norfolk-2014-16",
         lambda p: reverse("dashboard", args=[p.area.gss_code]) + "?period=2014-15",
         lambda p: "commentary-reablement-91",
         lambda p: MetricCommentary.objects.get(area=p.area, metric__code="reablement-91", period="2014-15").text,
         post_url=lambda p: reverse("metric-commentary", args=[p.area.gss_code, "reablement-91"])),
    Case("risk", "nel-2017-19",
         lambda p: reverse("delivery:risk_edit", args=[p.risks.order_by("pk").first().pk]),
         lambda p: "mitigation", lambda p: Risk.objects.filter(plan=p).order_by("pk").first().mitigation),
    Case("action", "nel-2017-19",
         lambda p: reverse("delivery:action_edit", args=[p.actions.order_by("pk").first().pk]),
         lambda p: "action", lambda p: Action.objects.filter(plan=p).order_by("pk").first().action),
    Case("return narrative", "leicestershire-2018-19",
         lambda p: reverse("delivery:return_narrative", args=[a_return(p).pk]),
         lambda p: "achievements", lambda p: QuarterlyReturn.objects.get(pk=a_return(p).pk).achievements),
    Case("condition confirmation", "leicestershire-2018-19",
         lambda p: reverse("delivery:conditions_edit", args=[p.pk, "2018-19-Q1"]),
         lambda p: "narrative-hicm",
         lambda p: ConditionConfirmation.objects.get(plan=p, quarter="2018-19-Q1", condition__code="hicm").narrative),
    Case("HICM assessment", "norfolk-2017-19",
         lambda p: reverse("delivery:hicm_edit", args=[p.pk, "2017-18-Q4"]),
         lambda p: "narrative-4",
         lambda p: HicmAssessment.objects.get(plan=p, quarter="2017-18-Q4", change__number=4).narrative),
]


def session(username: str, plan: Plan) -> Client:
    user = get_user_model().objects.create_user(username, password=None)
    Membership.objects.create(user=user, area=plan.area, role="editor")
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_two_sessions_same_version_second_save_refused_and_kept(case: Case):
    plan = plan_of(case.scenario)
    if case.name == "return narrative":
        a_return(plan)
    slug = case.name.replace(" ", "")
    alice, bob = session(f"alice.{slug}", plan), session(f"bob.{slug}", plan)
    field = case.field(plan)
    numeric = case.name == "scheme spend"
    mine, theirs = ("1111111", "2222222") if numeric else ("Alice's text", "Bob's text, which must not be lost")
    url = case.page(plan)
    action = case.post_url(plan) if case.post_url else None
    own_form = action if case.name == "scheme spend" else None  # one spend form per scheme on the editor
    forms = []
    for client in (alice, bob):  # both open the page before either saves
        page = client.get(url)
        assert page.status_code == 200, page.content.decode()[:500]
        forms.append(form_with(page.content.decode(), field, own_form))
    post_url = action or forms[0]["action"] or url
    first = alice.post(post_url, forms[0]["data"] | {field: mine})
    assert first.status_code == 302, first.content.decode()[:2000]
    second = bob.post(post_url, forms[1]["data"] | {field: theirs})
    body = second.content.decode()
    assert second.status_code in (200, 400, 409)
    assert REFUSED.search(body.replace("&#x27;", "'")), body[:3000]
    assert theirs in body.replace("&#x27;", "'")  # Bob's text is back in his form
    assert case.stored(plan_of(case.scenario)) == mine  # Alice's save survives
