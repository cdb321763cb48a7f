"""Charts compare like with like: one panel per period length, a target only beside a figure of the
same length (issue 13 item 6; NEA in Leicestershire 2018-19 has months and a 4-month year to date)."""

import pytest

from bettercare.monitoring.charts import actual_vs_target_chart
from bettercare.monitoring.results import metric_results
from bettercare.reference.models import Area

pytestmark = pytest.mark.django_db


def test_months_and_year_to_date_are_separate_series():
    area = Area.objects.get(gss_code="E10000018")
    result = next(r for r in metric_results(area, "2018-19", ["nea"]) if not r.locality)
    lengths = {a.figure.months for a in result.assessments if not a.figure.component}
    assert 1 in lengths and any(n > 1 for n in lengths)  # the case the issue found: a month and a 4-month total
    spec = actual_vs_target_chart(result)
    panels = spec["vconcat"]
    titles = [p["title"] for p in panels]
    assert "Months" in titles and "Year to date" in titles
    for panel in panels:
        rows = panel.get("data", panel["layer"][0].get("data", {})).get("values") or spec["datasets"][
            panel["data"]["name"]]
        figures = {a.figure.period: a.figure for a in result.assessments if not a.figure.component}
        assert len({figures[row["period"]].months for row in rows}) == 1  # one period length per panel
