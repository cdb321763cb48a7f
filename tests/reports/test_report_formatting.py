"""Presentation rules of the documents (rounding only here) and the house-style files."""

from decimal import Decimal

import pytest

from bettercare.indicators.presentation import (
    figure_text,
    millions,
    percent,
    period_label,
    sources_text,
    stated_text,
    thousands,
)
from bettercare.reports.house_style import HouseStyleError, fill, load_house_style


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("55993000"), "55,993"), (Decimal("21240000.00"), "21,240"), (Decimal("-593000"), "−593"),
     (Decimal("499.99"), "0"), (None, "–")],
)
def test_thousands(value, expected):
    assert thousands(value) == expected


def test_millions_three_places_trailing_zeros_dropped():
    assert millions(Decimal("55400000")) == "£55.4m"
    assert millions(Decimal("55993000")) == "£55.993m"
    assert millions(Decimal("-593000")) == "−£0.593m"


def test_figures_counts_percentages_rates_and_stated_places():
    assert figure_text(69968.0, "admissions") == "69,968"
    assert figure_text(927.0, "per 100,000", "count") == "927"
    assert figure_text(93.2, "%") == "93.2%"
    assert figure_text(5.803549837984234, "per day per 100,000") == "5.80"
    assert stated_text(Decimal("624.100000"), 1, "per 100,000") == "624.1"
    assert percent(Decimal("-0.01059")) == "−1.1%"


@pytest.mark.parametrize(
    ("period", "label"),
    [("2018-07", "July 2018"), ("2018-04..2018-07", "April to July 2018"), ("2018-19", "2018-19"),
     ("2017-11..2018-01", "November 2017 to January 2018"), ("2018-19-Q1", "Q1 2018-19")],
)
def test_period_labels(period, label):
    assert period_label(period) == label


def test_sources_share_their_common_part():
    assert sources_text(["004 para 8, table, A", "004 para 8, table, B", "004 para 8, table, A"]) == (
        "004 para 8, table (A; B)")
    assert sources_text([]) == "not recorded"


def test_house_style_default_then_area_then_own_directory(tmp_path, monkeypatch):
    assert load_house_style("E99999999").organisation == ""
    shipped = load_house_style("E10000018")
    assert shipped.organisation == "Leicestershire County Council" and shipped.partner_label("04V", "x") == "WLCCG"
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (tmp_path / "E10000018.yaml").write_text("logo: logo.svg\ncolours: {primary: '#112233'}\n")
    monkeypatch.setenv("BETTERCARE_HOUSE_STYLES", str(tmp_path))
    own = load_house_style("E10000018")
    assert own.colours["primary"] == "#112233" and own.colours["green"] == "#00703c"  # merged key by key
    assert own.logo_uri.startswith("data:image/svg+xml;base64,")
    assert own.organisation == "Leicestershire County Council"


@pytest.mark.parametrize(
    ("content", "message"),
    [("colours: {primary: red}", "colours.primary must be a colour"), ("logo: missing.png", "logo"),
     ("- a list", "must hold a mapping"), ("meetings: {2018-19-Q1: soon}", "meetings.2018-19-Q1 must be a date"),
     ("font_family: 'x; } body { color: red'", "font_family may hold only")],
)
def test_house_style_errors_name_the_file_and_rule(tmp_path, content, message):
    extra = tmp_path / "mine.yaml"
    extra.write_text(content)
    with pytest.raises(HouseStyleError) as error:
        load_house_style("E10000018", extra)
    assert message in str(error.value) and "mine.yaml" in str(error.value)


def test_placeholders_filled_unknown_ones_kept():
    assert fill("The {board} notes {rag_summary}; {unknown}", {"board": "Board", "rag_summary": "two green"}) == (
        "The Board notes two green; {unknown}")


@pytest.mark.django_db
def test_wording_for_one_quarter_replaces_the_default(tmp_path):
    from bettercare.reference.models import Area
    from bettercare.reports.paper.build import build_paper

    extra = tmp_path / "quarter.yaml"
    extra.write_text('paper:\n  quarters:\n    "2018-19-Q2":\n      recommendations: ["Note Q2 ({rag_summary})."]\n')
    style = load_house_style("E10000018", extra)
    area = Area.objects.get(gss_code="E10000018")
    assert build_paper(area, "2018-19-Q2", style=style).recommendations == [
        "Note Q2 (three rated green and one amber)."]
    assert "note the contents of the report" in build_paper(area, "2018-19-Q1", style=style).recommendations[0]
