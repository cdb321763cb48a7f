"""Metric results recomputed from the scenarios' own figures (seeds 001 and 004)."""

import json

import pytest
from typer.testing import CliRunner

from bettercare.cli import app
from bettercare.indicators.consistency import check_stated
from bettercare.monitoring.results import metric_results
from bettercare.reference.models import Area

pytestmark = pytest.mark.django_db


def show(area: str, period: str, *extra: str) -> list[dict]:
    result = CliRunner().invoke(app, ["metrics", "show", "--area", area, "--period", period, "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def one(rows: list[dict], **match) -> dict:
    found = [row for row in rows if all(row.get(k) == v for k, v in match.items())]
    assert len(found) == 1, (match, found)
    return found[0]


@pytest.fixture(scope="module")
def leicestershire(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return show("Leicestershire", "2018-19")


def test_permanent_admissions_forecast_927_vs_890_is_similar_and_amber(leicestershire):
    row = one(leicestershire, metric="perm-admissions-65", kind="forecast")
    assert (row["value"], row["target"]) == (650.1, 624.1)  # per 100,000 aged 65+, as seed 004 states them
    assert (row["numerator"], row["target_numerator"]) == (927, 890)
    assert row["comparison"] == "similar" and row["rag"] == "amber"
    assert row["lower"] < 624.1 < row["upper"]
    assert row["rag_rule"].startswith("green when the 95% confidence interval is wholly on the better side")


def test_reablement_93_2_vs_87_is_green_by_threshold_for_want_of_a_denominator(leicestershire):
    row = one(leicestershire, metric="reablement-91", kind="actual", period="2018-03..2018-05")
    assert (row["value"], row["target"], row["rag"]) == (93.2, 87.0, "green")
    assert row["comparison"] == "not_compared"
    assert row["rag_rule"].startswith("no confidence interval for the significance rule, so the figure is compared")
    assert row["rag_rule"].endswith("green at or above the target, red below it")
    assert row["headline"]


def test_dtoc_july_978_delayed_days_is_5_80_per_day_per_100000_and_green(leicestershire):
    row = one(leicestershire, metric="dtoc", kind="actual", period="2018-07", component=None)
    assert round(row["value"], 2) == 5.80
    assert row["target"] == 7.88 and row["comparison"] == "better" and row["rag"] == "green"
    assert row["upper"] < 7.88
    monthly = one(leicestershire, metric="dtoc-monthly", kind="actual", period="2018-07")
    assert round(monthly["value"], 1) == 179.9 and round(monthly["target"], 1) == 244.4
    assert monthly["rag"] == "green"


def test_nea_year_to_date_and_forecast_are_green(leicestershire):
    ytd = one(leicestershire, metric="nea", kind="actual", period="2018-04..2018-07")
    assert (ytd["numerator"], ytd["target_numerator"], ytd["rag"]) == (22551, 23152, "green")
    assert ytd["unit"] == "per 100,000 per month" and ytd["value"] < ytd["target"]  # monthly averages
    forecast = one(leicestershire, metric="nea", kind="forecast")
    assert (forecast["numerator"], forecast["target_numerator"], forecast["rag"]) == (69968, 70569, "green")
    assert round(forecast["target"], 2) == 850.34  # the re-based target as stated, a rate per month
    assert "actual to date + remaining trajectory gives 69,968" in forecast["forecast_method"]


def test_nea_target_re_basing_keeps_the_replaced_value(leicestershire):
    rebased = one(
        leicestershire, metric="nea", kind="target", label="Adjusted BCF target 2018/19 (dashboard of 30 August 2018)"
    )
    assert rebased["numerator"] == 70569


def test_permanent_admissions_forecast_disagreement_is_flagged(leicestershire):
    row = one(leicestershire, metric="perm-admissions-65", kind="forecast")
    assert "actual to date + remaining trajectory gives 889" in row["forecast_method"]


def test_every_json_row_has_the_documented_fields(leicestershire):
    fields = {
        "metric",
        "period",
        "value",
        "lower",
        "upper",
        "target",
        "comparison",
        "rag",
        "rag_rule",
        "direction",
        "forecast",
        "forecast_target",
        "flags",
    }
    assert all(fields <= row.keys() for row in leicestershire)


def norfolk_flags() -> dict[tuple[str, str, str], list[str]]:
    flagged = {}
    for result in metric_results(Area.objects.get(name="Norfolk"), "2014-16"):
        for target in result.targets:
            flagged[(result.metric.code, result.locality or "HWB", target.label)] = target.flags
    return flagged


def test_norfolk_2014_inconsistent_rows_are_flagged_and_consistent_rows_are_not():
    flags = norfolk_flags()
    october = "Performance underpinning October 2015 payment"
    baseline = "Current Baseline (as at)"
    # 151 / 21,495 x 100,000 = 702.5 (seed 001, Great Yarmouth): consistent
    assert flags[("perm-admissions-65", "Great Yarmouth and Waveney CCG", october)] == []
    assert flags[("reablement-91", "Great Yarmouth and Waveney CCG", october)] == []  # 91/101 = 90.10
    # South Norfolk baseline 341 / 51,969 = 656.2 stated 659.6; county baseline 778.7 vs 778.2
    assert any("659.6" in f for f in flags[("perm-admissions-65", "South Norfolk CCG", baseline)])
    assert any("778.7" in f for f in flags[("perm-admissions-65", "HWB", baseline)])
    # West Norfolk avoidable admissions April 2015 stated 2,520.0 vs 1,258.9 recomputed
    assert flags[("emergency-admissions-composite", "West Norfolk CCG", "Performance underpinning April 2015 payment")]
    # South Norfolk reablement 166/179 = 92.74 stated 92.70
    assert flags[("reablement-91", "South Norfolk CCG", baseline)]


def test_norfolk_json_carries_per_locality_recomputed_values():
    rows = show("E10000020", "2014-16")
    row = one(
        rows,
        metric="perm-admissions-65",
        locality="Great Yarmouth and Waveney CCG",
        label="Performance underpinning October 2015 payment",
    )
    assert round(row["value"], 1) == 702.5 and row["flags"] == []


@pytest.mark.parametrize(
    "stated,computed,places,agrees,whole",
    [
        ("702.5", 151 / 21495 * 1e5, 1, True, False),
        ("92.70", 166 / 179 * 100, 2, False, False),
        ("2410.0", 2348 / 97424 * 1e5, 1, False, True),  # rounded to a whole number, printed with a decimal
        ("90.00", 130 / 145 * 100, 2, False, True),
        ("11.3", 79 / 707969 * 1e5, 1, False, False),
    ],
)
def test_stated_value_rule(stated, computed, places, agrees, whole):
    from decimal import Decimal

    agreement = check_stated(Decimal(stated), computed, places)
    assert (agreement.agrees, agreement.whole_number_rounding) == (agrees, whole)


def test_unknown_area_is_a_clear_error():
    result = CliRunner().invoke(app, ["metrics", "show", "--area", "Atlantis", "--period", "2018-19", "--json"])
    assert result.exit_code == 2
    assert "no HWB called or coded 'Atlantis'" in result.output
