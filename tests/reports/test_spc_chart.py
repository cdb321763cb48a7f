"""The SPC chart spec, its words and the Making Data Count icons, on the demo's figures."""

import pytest

from bettercare.monitoring.results import metric_results
from bettercare.plans.models import Area
from bettercare.reports.charts import spc_chart
from bettercare.reports.spc_icons import ASSURANCE_WORDS, VARIATION_WORDS, assurance_icon, variation_icon
from bettercare.reports.spc_text import spc_text

pytestmark = pytest.mark.django_db


def rows_of(spec):
    return next(part["data"]["values"] for part in [spec, *spec["layer"]] if "data" in part)


def dtoc():
    area = Area.objects.get(gss_code="E10000018")
    return next(r for r in metric_results(area, "2018-19", ["dtoc"]) if not r.locality)


def test_the_dtoc_target_is_inside_the_plot_not_on_its_edge():
    result = dtoc()
    spec = spc_chart(result)
    low, high = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    values = [r[k] for r in rows_of(spec) for k in ("value", "lpl", "upl", "target") if r[k] is not None]
    assert max(values) == pytest.approx(7.88)  # the September 2018 target is the highest line
    assert high - 7.88 == pytest.approx((max(values) - min(values)) * 0.1)
    assert low < min(values)
    assert [r["target"] for r in rows_of(spec)] == [7.88] * 4  # the trajectory, per period


def test_trial_limits_are_said_and_get_no_icons():
    result = dtoc()
    assert result.spc["trial"] and result.spc["variation_icon"] is None and result.spc["assurance_icon"] is None
    text = spc_text(result)
    assert "SPC (XmR) chart of 4 monthly figures from April 2018 to July 2018" in text
    assert "Trial limits: 4 points since April 2018, fewer than 13" in text
    assert "(no icons on trial limits)" in text and "No special-cause points." in text


def test_rolling_figures_say_why_there_is_no_chart():
    area = Area.objects.get(gss_code="E10000018")
    reablement = next(r for r in metric_results(area, "2018-19", ["reablement-91"]) if not r.locality)
    assert reablement.spc is None and spc_chart(reablement) is None
    assert spc_text(reablement) == (
        "No SPC chart: the 3-month figures overlap (rolling or year-to-date figures), so they are not an SPC series."
    )


@pytest.mark.parametrize("name", list(VARIATION_WORDS))
def test_every_variation_icon_has_its_words(name):
    icon = variation_icon(name)
    assert f'aria-label="{icon.words}"' in icon.svg and f"<title>{icon.words}</title>" in icon.svg
    assert 'role="img"' in icon.svg and f'data-icon="{name}"' in icon.svg


@pytest.mark.parametrize("name", list(ASSURANCE_WORDS))
def test_every_assurance_icon_has_its_words(name):
    icon = assurance_icon(name)
    assert f'aria-label="{icon.words}"' in icon.svg and icon.short
    with pytest.raises(ValueError, match="unknown assurance icon"):
        assurance_icon("maybe")
