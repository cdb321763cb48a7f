"""Northamptonshire across April 2021: the successors' pages show the county's earlier years joined,
with the note of the boundary change; a count would be split instead."""

import pytest
from django.test import Client

from bettercare.monitoring.boundary_series import joined_series
from bettercare.monitoring.models import MetricActual
from bettercare.reference.models import Area
from bettercare.reference.national_register import load_national_register
from bettercare.scenarios.national import load_northamptonshire

pytestmark = pytest.mark.django_db


@pytest.fixture
def northants(catalogue_db_source):
    load_national_register()
    assert load_northamptonshire(seed=5) > 0
    return Area.objects.get(gss_code="E06000061")


def test_county_years_before_the_split_join_the_successors_series(northants):
    county = MetricActual.objects.filter(area__gss_code="E10000021", metric__code="perm-admissions-65")
    assert county.exists() and all(row.period_end.isoformat() < "2021-04-01" for row in county)
    assert not MetricActual.objects.filter(area=northants, period_start__lt="2021-04-01").exists()
    [series] = joined_series(northants, "perm-admissions-65", "rate")
    assert series.rule == "joined" and "whole of Northamptonshire (E10000021)" in series.note
    years = [(y.year, y.gss_code, y.predecessor) for y in series.years]
    assert years == [("2020-21", "E10000021", True), ("2021-22", "E06000061", False), ("2022-23", "E06000061", False)]
    west = joined_series(Area.objects.get(gss_code="E06000062"), "perm-admissions-65", "rate")[0]
    county_year, north_year, west_year = series.years[0], series.years[1], west.years[1]
    # the county's population is its two parts' (synthetic populations grow 0.6% a year)
    assert county_year.denominator == pytest.approx((north_year.denominator + west_year.denominator) / 1.006, rel=0.01)
    counts = joined_series(northants, "perm-admissions-65", "count")[0]
    assert counts.rule == "split" and [y.predecessor for y in counts.years] == [False, False]
    assert "not shown in this series" in counts.note


def test_successor_page_shows_the_joined_series_with_the_note(northants, django_user_model):
    client = Client()
    client.force_login(django_user_model.objects.get(username="national"))
    page = client.get("/hwb/E06000061/metrics/perm-admissions-65/?period=2021-22")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Series across a boundary change (joined)" in text and "Before the change" in text
    assert "formed on 1 April 2021 from part (Corby, East Northamptonshire, Kettering, Wellingborough)" in text
