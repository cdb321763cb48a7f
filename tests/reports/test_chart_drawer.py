"""Charts drawn by vl-convert in a second process started ahead (``chart_drawer``) are the charts drawn
in this process: same SVG, same refusal of a bad spec; and without that process, or once it has gone,
charts are drawn here."""

import pytest

from bettercare.monitoring.charts import spc_chart
from bettercare.monitoring.results import metric_results
from bettercare.reference.models import Area
from bettercare.reports import chart_drawer
from bettercare.reports.images import for_print

LINE = {"data": {"values": [{"x": 1, "y": 2}, {"x": 2, "y": 3}]}, "mark": "line",
        "encoding": {"x": {"field": "x", "type": "quantitative"}, "y": {"field": "y", "type": "quantitative"}}}


@pytest.fixture
def drawer():
    chart_drawer.start()
    yield chart_drawer
    chart_drawer.stop()


@pytest.mark.django_db
def test_the_second_process_draws_the_chart_this_process_draws(drawer):
    area = Area.objects.get(gss_code="E10000018")
    result = next(r for r in metric_results(area, "2018-19", ["dtoc"]) if not r.locality)
    spec = for_print(spc_chart(result))
    here = chart_drawer.draw_here(spec)
    assert drawer.draw(spec) == here
    assert drawer._drawer.poll() is None  # it answered, and runs on
    assert "Liberation Sans" in here


def test_a_refused_spec_is_refused_alike(drawer):
    bad = {**LINE, "mark": "no-such-mark"}
    with pytest.raises(ValueError) as here:
        chart_drawer.draw_here(bad)
    with pytest.raises(ValueError) as there:
        drawer.draw(bad)
    assert str(there.value) == str(here.value)
    assert drawer.draw(LINE).startswith("<svg")  # and it draws the next one


def test_charts_are_drawn_here_without_the_second_process_or_once_it_has_gone(drawer):
    drawer._drawer.kill()
    drawer._drawer.wait()
    assert drawer.draw(LINE) == chart_drawer.draw_here(LINE)
    chart_drawer.stop()
    assert chart_drawer._drawer is None
    assert chart_drawer.draw(LINE) == chart_drawer.draw_here(LINE)


def test_chart_specs_are_checked_against_the_schema_where_the_settings_say(settings):
    import altair as alt

    from bettercare.monitoring.charts import vega_lite

    wrong = alt.Chart(alt.Data(values=[{"a": 1}])).mark_point().encode(x=alt.X("a:Q", bandPosition="middle"))
    settings.VALIDATE_CHART_SPECS = True  # the tests' and development settings
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        vega_lite(wrong)
    settings.VALIDATE_CHART_SPECS = False  # production: the spec as built, unchecked
    assert vega_lite(wrong)["encoding"]["x"]["bandPosition"] == "middle"
