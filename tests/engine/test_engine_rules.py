"""Engine outputs on DuckDB against the hand-computed fixture, metric by metric."""

from __future__ import annotations

import pandas as pd
import pytest

from bettercare.engine import compute, monitoring_layout
from bettercare.engine.errors import EngineError
from bettercare.engine.metrics import population_year
from bettercare.engine.reference import expand_icd_range, reference
from bettercare.engine.rules import RULES
from bettercare.engine.specs import metric_specs, parse_population_base

from .hand import assert_matches_hand, catalogue_metrics


@pytest.fixture(scope="module")
def hand_table(hand_ingested) -> pd.DataFrame:
    return compute(hand_ingested).table


def test_every_catalogue_engine_rule_is_implemented():
    assert {m["engine_rule"] for m in catalogue_metrics()} <= set(RULES)
    assert set(RULES) == {
        "non_elective_admissions", "emergency_admissions_65", "falls_65", "avoidable_admissions",
        "permanent_admissions_65", "reablement_91", "delayed_days", "discharge_usual_residence",
        "length_of_stay_14", "length_of_stay_21", "discharge_delay",
    }


def test_duckdb_matches_hand_computed_fixture(hand_table):
    assert_matches_hand(hand_table)


def test_as_at_is_the_latest_date_in_the_extracts(hand_table):
    # no manifest in the fixture: the latest date is the end of the last DToC month, 2024-02
    assert set(hand_table["as_at"]) == {"2024-02-29"}
    assert set(hand_table["source"]) == {"computed"}


def test_dsr_band_rows_carry_esp2013_weights(hand_table):
    falls = hand_table[(hand_table["metric"] == "falls-65") & hand_table["component"].str.startswith("age:")]
    weights = falls.drop_duplicates("component").set_index("component")["standard_weight"].to_dict()
    assert weights == {"age:65-69": 5500.0, "age:70-74": 5000.0, "age:75-79": 4000.0, "age:80-84": 2500.0,
                       "age:85-89": 1500.0, "age:90+": 1000.0}
    assert hand_table.loc[~hand_table["component"].str.startswith("age:"), "standard_weight"].isna().all()


def test_monitoring_layout_is_what_the_importer_reads(hand_table):
    out = monitoring_layout(hand_table)
    assert list(out.columns) == ["area_code", "locality_code", "metric", "period", "component", "numerator",
                                 "denominator", "standard_weight", "policy_period", "as_at"]
    assert not out.duplicated(["area_code", "locality_code", "metric", "period", "component"]).any()
    # beside each figure (blank component), only what its statistic needs: a DSR's ESP2013 bands with
    # their weights, a mean's sum of squares; no DToC attributions
    parts = out[out["component"] != ""]
    assert set(parts["metric"]) == {"falls-65"}  # the fixture's months hold no mean metric's policy period
    falls = parts[parts["metric"] == "falls-65"]
    assert set(falls["component"]) == {"age:65-69", "age:70-74", "age:75-79", "age:80-84", "age:85-89", "age:90+"}
    assert falls["standard_weight"].notna().all() and out.loc[out["component"] == "", "standard_weight"].isna().all()
    out = out[out["component"] == ""]
    assert "UNKNOWN" not in set(out["locality_code"]) and "ALL" not in set(out["locality_code"])
    assert not (out["denominator"] == 0).any()
    # months inside each policy period only: January 2024 is FY 2023-24, i.e. policy period 2023-25
    # February-March 2023 fall in FY 2022-23 (policy period 2021-23), the rest in 2023-25
    assert set(out["policy_period"]) == {"2021-23", "2023-25"}
    assert set(out.loc[out["policy_period"] == "2021-23", "period"]) == {"2023-02", "2023-03"}
    jan = out[(out["period"] == "2024-01") & (out["area_code"] == "E10000020") & (out["locality_code"] == "")]
    assert set(jan["metric"]) == {"avoidable-admissions", "discharge-usual-residence", "falls-65",
                                  "perm-admissions-65"}
    row = jan[jan["metric"] == "falls-65"].iloc[0]
    assert (row["numerator"], row["denominator"], row["policy_period"]) == (2, 216000, "2023-25")


def test_area_filter_and_unknown_area(hand_ingested):
    table = compute(hand_ingested, areas=["e06000012"]).table
    assert set(table["area_code"]) == {"E06000012"}
    with pytest.raises(EngineError, match="not an upper-tier LA GSS code"):
        compute(hand_ingested, areas=["Norfolk"])


def test_policy_period_filter(hand_ingested):
    table = compute(hand_ingested, periods=["2017-19"]).table
    assert set(table["policy_period"]) == {"2017-19"}
    assert set(table["metric"]) == {m["id"] for m in catalogue_metrics() if m["policy_period"] == "2017-19"}
    with pytest.raises(EngineError, match="unknown policy period"):
        metric_specs(["2099-00"])


def test_population_year_uses_the_financial_years_mid_year_estimate():
    assert population_year(202304, [2022, 2023]) == 2023
    assert population_year(202403, [2022, 2023, 2024]) == 2023  # March 2024 is FY 2023-24
    assert population_year(202510, [2022, 2023]) == 2023  # latest earlier
    assert population_year(201804, [2022, 2023]) == 2022  # earliest when none earlier


def test_population_base_parsing():
    assert parse_population_base("all") == (0, 999)
    assert parse_population_base("65+") == (65, 999)
    assert parse_population_base("18-64") == (18, 64)
    assert parse_population_base(None) is None
    with pytest.raises(EngineError):
        parse_population_base("adults")


def test_reference_code_lists():
    ref = reference()
    assert expand_icd_range("W00-W19")[0] == "W00" and expand_icd_range("W00-W19")[-1] == "W19"
    injury = expand_icd_range("S00-T98")
    assert len(injury) == 100 + 99 and injury[99] == "S99" and injury[-1] == "T98"
    chronic = {e.prefix for e in ref.code_lists(("chronic_acs",))}
    assert {"J44", "I50", "E105"} <= chronic and "E119" not in chronic and "J20" not in chronic
    with pytest.raises(KeyError):
        ref.code_lists(("no_such_list",))
