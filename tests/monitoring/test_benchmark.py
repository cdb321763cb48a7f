"""Benchmarking one metric across every HWB (Fingertips-style comparison with England and the region,
funnel significance), checked against ``indicators`` computed independently on the same rows."""

import json
from datetime import date

import numpy as np
import pytest
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.indicators import ESP2013, Polarity, compare, dsr, proportion
from bettercare.monitoring.benchmark import benchmark
from bettercare.monitoring.models import MetricActual
from bettercare.reference.models import AreaRegistration, Metric
from bettercare.reference.national_register import load_national_register
from falls_figures import falls_with_bands

pytestmark = pytest.mark.django_db
HIGH, LOW = "E06000002", "E10000030"  # Middlesbrough falls far above the average, Surrey far below


@pytest.fixture
def falls(catalogue_db_source):
    """Twelve monthly falls-65 figures with their ESP2013 age bands for every HWB in force in 2023-24
    (about 2,000 per 100,000 aged 65+ a year, mid-2020 populations), Middlesbrough at twice and Surrey
    at half the rates."""
    load_national_register()
    falls_with_bands(17, {HIGH: 2.0, LOW: 0.5})
    return Metric.objects.get(period__code="2023-25", code="falls-65", area=None)


def _bands(area_code: str) -> tuple[np.ndarray, np.ndarray]:
    """The year's band counts (summed over the months) and populations (once), read back from the rows."""
    rows = MetricActual.objects.filter(area__gss_code=area_code, metric__code="falls-65", component__startswith="age:")
    labels = ["65-69", "70-74", "75-79", "80-84", "85-89", "90+"]
    counts = [sum(float(r.numerator) for r in rows if r.component == f"age:{b}") for b in labels]
    populations = [max(float(r.denominator) for r in rows if r.component == f"age:{b}") for b in labels]
    return np.array(counts), np.array(populations)


def test_comparisons_match_indicators_on_the_same_rows(falls):
    """falls-65 is a DSR: each HWB's and England's figure is ``indicators.dsr`` on the year's bands
    (ESP2013 weights, Dobson limits); comparisons and the funnel follow from those estimates."""
    result = benchmark("falls-65", "2023-24")
    codes = [row.area.gss_code for row in result.rows]
    assert len(codes) == 152 and "E06000063" in codes and "E10000006" not in codes  # Cumbria split in April 2023
    weights = list(ESP2013[-6:])
    totals_x, totals_n = np.zeros(6), np.zeros(6)
    for row in result.rows[:: 15] + [r for r in result.rows if r.area.gss_code in (HIGH, LOW)]:
        x, n = _bands(row.area.gss_code)
        for confidence in (0.95, 0.998):
            expected = dsr(x, n, weights, confidence=confidence)
            assert row.estimates[confidence].value == pytest.approx(expected.value)
            assert row.estimates[confidence].lower == pytest.approx(expected.lower)
            assert row.estimates[confidence].upper == pytest.approx(expected.upper)
    for row in result.rows:
        x, n = _bands(row.area.gss_code)
        totals_x, totals_n = totals_x + x, totals_n + n
    england = dsr(totals_x, totals_n, weights)
    assert result.england[0.95].value == pytest.approx(england.value)
    assert 1_500 < england.value < 2_600 and "Dobson" in result.england[0.95].method
    for row in result.rows:
        assert row.vs_england[0.95] == compare(row.estimates[0.95], england.value, Polarity.LOWER).outcome.value
    by_code = {row.area.gss_code: row for row in result.rows}
    assert by_code[HIGH].vs_england[0.998] == "worse" and by_code[HIGH].funnel == "High (0.001)"
    assert by_code[LOW].vs_england[0.998] == "better" and by_code[LOW].funnel == "Low (0.001)"
    assert "directly standardised rate" in result.method


def test_a_proportion_without_polarity_reads_higher_or_lower(falls):
    metric = Metric.objects.get(period__code="2023-25", code="reablement-91", area=None)
    metric.polarity = "neutral"
    metric.save()
    area = AreaRegistration.objects.get(area__gss_code=HIGH).area
    for code, (numerator, denominator) in {HIGH: (950, 1000), LOW: (600, 1000), "E10000020": (820, 1000)}.items():
        MetricActual.objects.create(area=AreaRegistration.objects.get(area__gss_code=code).area, metric=metric,
                                    period="2023-24", period_start=date(2023, 4, 1), period_end=date(2024, 3, 31),
                                    numerator=numerator, denominator=denominator, source="test")
    result = benchmark("reablement-91", "2023-24", [HIGH, LOW])
    england = proportion(2370, 3000, multiplier=100)
    assert result.england[0.95].value == pytest.approx(england.value)
    rows = {row.area.gss_code: row for row in result.rows}
    assert rows[area.gss_code].vs_england[0.95] == "higher" and rows[LOW].vs_england[0.95] == "lower"
    assert rows[HIGH].estimates[0.95].method == england.method


def test_cli_lists_every_hwb_as_json(falls):
    result = CliRunner().invoke(app, ["metrics", "show", "--all-areas", "--metric", "falls-65", "--period", "2023-24",
                                      "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert len(shown["areas"]) == 152 and shown["england"]["basis"] == "pooled from the HWBs listed"
    middlesbrough = next(row for row in shown["areas"] if row["gss_code"] == HIGH)
    assert middlesbrough["vs_england_95"] == middlesbrough["vs_england_99_8"] == "worse"
    assert middlesbrough["lower_99_8"] < middlesbrough["lower_95"] < middlesbrough["value"]
    assert {"funnel", "region", "vs_region_95"} <= set(middlesbrough)


def test_cli_refuses_all_areas_without_one_metric(falls):
    result = CliRunner().invoke(app, ["metrics", "show", "--all-areas", "--period", "2023-24"])
    assert result.exit_code != 0 and "exactly one --metric" in result.output


def _client(django_user_model, username: str):
    from django.test import Client

    client = Client()
    client.force_login(django_user_model.objects.get(username=username))
    return client


def test_page_national_sees_every_hwb_filters_by_region_and_downloads_csv(falls, django_user_model):
    client = _client(django_user_model, "national")
    page = client.get("/benchmark/?metric=falls-65&period=2023-24")
    assert page.status_code == 200 and page.content.decode().count('<th scope="row"') == 152
    north_east = client.get("/benchmark/?metric=falls-65&period=2023-24&region=E12000001&sort=value&order=desc")
    text = north_east.content.decode()
    assert text.count('<th scope="row"') == 12 and text.index("Middlesbrough") < text.index("Hartlepool")
    assert "govuk-tag--red" in text  # Middlesbrough worse than England
    rows = client.get("/benchmark/?metric=falls-65&period=2023-24&region=E12000001&format=csv").content.decode()
    lines = rows.strip().splitlines()
    assert lines[1].startswith("gss_code,name,region") and lines[2].startswith("E92000001,England")
    assert len(lines) == 3 + 12


def test_page_hwb_member_sees_own_hwb_against_england_and_region(falls, django_user_model):
    page = _client(django_user_model, "norfolk.editor").get("/benchmark/?metric=falls-65&period=2023-24")
    text = page.content.decode()
    assert page.status_code == 200 and text.count('<th scope="row"') == 1 and "Norfolk" in text
    assert "East of England" in text and "pooled from the 152 HWBs" in text and 'id="benchmark-region"' not in text
