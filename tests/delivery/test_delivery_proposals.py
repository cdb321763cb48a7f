"""The metric-status proposals of a quarterly return, from the real metric results
(``monitoring.results.area_results``) of the demo HWBs; a real failure of the assessment (a metric
whose RAG rule is unknown) proposes "data not available to assess progress" without breaking the
return."""

from datetime import date

import pytest

from bettercare.delivery import workflow
from bettercare.delivery.proposals import ENGINE, NO_DATA, propose
from bettercare.delivery.rules import metric_statuses
from bettercare.indicators.periods import Quarter
from bettercare.monitoring.models import MetricActual
from bettercare.monitoring.results import area_results
from bettercare.reference.models import Metric

pytestmark = pytest.mark.django_db
Q1 = Quarter.parse("2018-19-Q1")


@pytest.fixture
def leics(plan_of):
    return plan_of("leicestershire-2018-19")


@pytest.fixture
def broken_metric(leics):
    """A local metric whose RAG rule the assessment cannot build, with one actual to assess."""
    metric = Metric.objects.create(
        period=leics.period, area=leics.area, code="broken-local", title="Broken local metric", polarity="lower",
        is_local=True, definition={"id": "broken-local", "rag_rule": {"rule": "no-such-rule"}},
    )
    MetricActual.objects.create(
        area=leics.area, metric=metric, period="2018-04", period_start=date(2018, 4, 1),
        period_end=date(2018, 4, 30), value=5, source="test",
    )
    return metric


def test_each_metric_is_proposed_from_its_result(leics):
    results = {r.metric.code: r for r in area_results(leics.area, "2018-19")}
    proposals = {p.metric.code: p for p in propose(leics, Q1)}
    assert results and set(results) <= set(proposals)
    for code, result in results.items():
        assert proposals[code].status == result.status_text
        assert proposals[code].detail["source"] == ENGINE
        if result.headline is not None:
            assert proposals[code].detail["period"] == result.headline.figure.period
            assert proposals[code].detail["value"] == result.headline.value
            assert proposals[code].detail["rag_rule"] == result.headline.rag_rule
    assert any(p.status != NO_DATA for p in proposals.values()), "the demo has assessed metrics in 2018-19"
    for code in set(proposals) - set(results):
        assert proposals[code].status == NO_DATA and proposals[code].detail["reason"]


def test_a_failing_assessment_proposes_no_data_with_the_plan_targets(leics, broken_metric):
    with pytest.raises(ValueError, match="no-such-rule"):
        area_results(leics.area, "2018-19")
    proposals = propose(leics, Q1)
    assert proposals and {p.status for p in proposals} == {NO_DATA}
    nea = next(p for p in proposals if p.metric.code == "nea")
    assert "ValueError" in nea.detail["reason"]
    assert any(t["numerator"] == 70569 for t in nea.detail["targets"])  # seed 004: NEA target re-based to 70,569


def test_a_failing_assessment_does_not_break_starting_a_return(leics, broken_metric, demo_user):
    ret = workflow.start_return(demo_user("leicestershire.approver"), leics.area, Q1.code)
    statuses = list(ret.metric_statuses.all())
    assert statuses and {s.proposed_status for s in statuses} == {NO_DATA}
    assert "ValueError" in statuses[0].proposal["reason"]


def test_the_installed_assessments_give_statuses_of_the_return(leics):
    proposals = propose(leics, Q1)
    assert {p.status for p in proposals} <= set(metric_statuses())
    assert len(proposals) == leics.period.metrics.filter(area=None).count()
