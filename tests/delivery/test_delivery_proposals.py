"""The metric-status proposal adapter: uses the metric assessments when they are importable and
work, and otherwise proposes "data not available to assess progress" without breaking the return."""

import sys
import types
from dataclasses import dataclass, field

import pytest

from bettercare.delivery import workflow
from bettercare.delivery.proposals import ENGINE, NO_DATA, propose
from bettercare.delivery.quarters import Quarter
from bettercare.delivery.rules import metric_statuses

pytestmark = pytest.mark.django_db
MODULE = "bettercare.monitoring.results"
Q1 = Quarter.parse("2018-19-Q1")


@pytest.fixture
def leics(plan_of):
    return plan_of("leicestershire-2018-19")


@dataclass
class BriefResult:
    """The shape the issue describes: one result per metric, locality and period."""

    metric: object
    period: str
    status_text: str
    locality: object = None
    value: float | None = None
    target: float | None = None
    comparison: str = "better"
    rag: str = "green"
    rag_rule: str = "significance"
    flags: list = field(default_factory=list)


def fake_engine(monkeypatch, area_results) -> None:
    module = types.ModuleType(MODULE)
    module.area_results = area_results
    monkeypatch.setitem(sys.modules, MODULE, module)


def test_without_the_assessment_module_every_metric_has_no_data(monkeypatch, leics):
    monkeypatch.setitem(sys.modules, MODULE, None)  # import fails
    proposals = propose(leics, Q1)
    assert proposals and {p.status for p in proposals} == {NO_DATA}
    nea = next(p for p in proposals if p.metric.code == "nea")
    assert "not available" in nea.detail["reason"]
    assert any(t["numerator"] == 70569 for t in nea.detail["targets"])  # seed 004: NEA target re-based to 70,569


def test_a_failing_assessment_does_not_break_starting_a_return(monkeypatch, leics, demo_user):
    def broken(area, financial_year):
        raise RuntimeError("population missing")

    fake_engine(monkeypatch, broken)
    ret = workflow.start_return(demo_user("leicestershire.approver"), leics.area, Q1.code)
    statuses = list(ret.metric_statuses.all())
    assert statuses and {s.proposed_status for s in statuses} == {NO_DATA}
    assert "RuntimeError: population missing" in statuses[0].proposal["reason"]


def test_the_result_for_the_quarter_is_proposed(monkeypatch, leics):
    nea = next(m for m in leics.period.metrics.all() if m.code == "nea")

    def area_results(area, financial_year):
        assert (area, financial_year) == (leics.area, "2018-19")
        return [BriefResult(nea, "2018-06", "on track", value=5800.0, target=5900.0),
                BriefResult(nea, "2018-09", "not on track"),
                BriefResult(nea, "2018-06", "not on track", locality="04V")]

    fake_engine(monkeypatch, area_results)
    proposals = {p.metric.code: p for p in propose(leics, Q1)}
    assert proposals["nea"].status == "on track"
    assert (proposals["nea"].detail["period"], proposals["nea"].detail["value"]) == ("2018-06", 5800.0)
    assert proposals["nea"].detail["source"] == ENGINE
    assert proposals["reablement-91"].status == NO_DATA


def test_the_installed_assessments_give_statuses_of_the_return(leics):
    proposals = propose(leics, Q1)
    assert {p.status for p in proposals} <= set(metric_statuses())
    assert len(proposals) == leics.period.metrics.filter(area=None).count()
