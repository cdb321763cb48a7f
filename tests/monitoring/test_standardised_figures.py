"""Standardised rates and means end to end: the engine's monitoring output carries a DSR's age bands
(counts, populations, ESP2013 weights) and a mean's sum of squares; ``metrics import`` stores them with
their figure; the metric page and ``metrics show`` give ``indicators.dsr`` on the imported bands."""

import json
import re
from datetime import date

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.indicators import ESP2013, dsr, mean
from bettercare.monitoring.importer import ImportRefused, import_file
from bettercare.monitoring.models import MetricActual
from bettercare.monitoring.results import metric_results
from bettercare.reference.models import Area
from bettercare.scenarios.computed import load_computed_demo

pytestmark = pytest.mark.django_db
BANDS = ["65-69", "70-74", "75-79", "80-84", "85-89", "90+"]


def test_falls_from_an_engine_extract_is_the_dsr_of_its_imported_bands(client):
    load_computed_demo(seed=11, areas=["E10000020"])  # Norfolk at natural volume: hundreds of falls a month
    rows = MetricActual.objects.filter(area__gss_code="E10000020", metric__code="falls-65", locality=None,
                                       period="2024-01")
    bands = {r.component[4:]: r for r in rows if r.component.startswith("age:")}
    assert sorted(bands) == sorted(BANDS)
    figure = rows.get(component="")
    counts = [float(bands[b].numerator) for b in BANDS]
    populations = [float(bands[b].denominator) for b in BANDS]
    assert sum(counts) == float(figure.numerator) and sum(populations) == float(figure.denominator)
    expected = dsr(counts, populations, list(ESP2013[-6:]))
    assert expected.value != pytest.approx(sum(counts) / sum(populations) * 100_000)  # not the crude rate

    norfolk = Area.objects.get(gss_code="E10000020")
    result = next(r for r in metric_results(norfolk, "2023-24", ["falls-65"]) if not r.locality)
    january = next(a for a in result.assessments if a.figure.period == "2024-01")
    assert january.value == pytest.approx(expected.value)
    assert (january.estimate.lower, january.estimate.upper) == pytest.approx((expected.lower, expected.upper))
    assert "Dobson" in january.estimate.method
    assert not any(a.figure.component.startswith("age:") for a in result.assessments)  # bands are not figures

    client.force_login(get_user_model().objects.get(username="norfolk.editor"))
    page = client.get("/hwb/E10000020/metrics/falls-65/?period=2023-24").content.decode()
    row = re.search(r"<td[^>]*>2024-01</td>.*?</tr>", page, re.S).group(0)  # the figures table's row
    assert f"{expected.value:,.2f}" in row
    assert "age:65-69" not in page

    shown = CliRunner().invoke(app, ["metrics", "show", "--area", "Norfolk", "--period", "2023-24", "--metric",
                                     "falls-65", "--json"])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    rows = data if isinstance(data, list) else data.get("rows", data.get("figures", []))
    jan = next(r for r in rows if r["period"] == "2024-01" and r["kind"] == "actual" and not r["locality"])
    assert jan["statistic"] == "dsr" and jan["unit"] == "standardised rate per 100,000 aged 65+"
    assert jan["value"] == pytest.approx(expected.value) and jan["age_bands"]["90+"]["count"] == counts[-1]


def test_band_with_a_weight_other_than_the_standard_is_refused(tmp_path):
    path = tmp_path / "engine.csv"
    path.write_text(
        "area_code,locality_code,metric,period,component,numerator,denominator,standard_weight,policy_period,as_at\n"
        "E10000020,,falls-65,2024-01,,10,200000,,2023-25,2024-03-31\n"
        "E10000020,,falls-65,2024-01,age:65-69,2,60000,5000,2023-25,2024-03-31\n"
        "E10000020,,avoidable-admissions,2024-01,age:65-69,2,60000,5500,2023-25,2024-03-31\n")
    with pytest.raises(ImportRefused) as refused:
        import_file(path)
    text = str(refused.value)
    assert "engine.csv, row 3, column component: standard weight 5000 for 65-69 is not ESP2013's (5500)" in text
    assert "row 4, column component: 'age:65-69': age bands belong to directly standardised rates" in text
    assert not MetricActual.objects.filter(source="computed", period="2024-01", area__gss_code="E10000020").exists()


def test_a_mean_gets_a_t_interval_from_its_sum_of_squares(catalogue_db_source):
    from bettercare.monitoring.figures import Figure, PopulationLookup, estimate_figure
    from bettercare.reference.models import Metric

    metric = Metric.objects.filter(code="discharge-delay-average", area=None).first()
    delays = np.array([0, 0, 0, 4, 0, 1, 9, 0, 2, 0, 0, 3], dtype=float)
    figure = Figure(metric=metric, kind="actual", label="", period="2025-06", start=date(2025, 6, 1),
                    end=date(2025, 6, 30), locality_id=None, locality_name="", component="",
                    numerator=delays.sum(), denominator=len(delays), stated=None, source="test",
                    parts={"sum_of_squares": ((delays**2).sum(), len(delays))})
    estimate_figure(figure, PopulationLookup(Area.objects.get(gss_code="E10000020")))
    expected = mean(delays)
    assert (figure.estimate.value, figure.estimate.lower, figure.estimate.upper) == pytest.approx(
        (expected.value, expected.lower, expected.upper))
