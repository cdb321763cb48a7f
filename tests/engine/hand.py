"""Checks of an engine table against the hand-computed expectations in fixtures/hand.

``expected.csv`` lists, by hand, every row with a non-zero numerator or a record denominator (with
the records behind it in ``note``); every other row must be zero. Population denominators come from
``expected_populations.csv`` (sums of the populations fixture, done by hand). Expected values are
per metric id and hold for each policy period the metric appears in.
"""

from __future__ import annotations

import pandas as pd

from bettercare.catalogue import list_periods, load_period

from .conftest import HAND, hand_expected

KEY = ["area_code", "locality_code", "metric", "period", "component"]

# Rows per metric component, by hand: HWB/locality pairs x months of the rule's date column.
# Admissions: Norfolk ALL, NN, NW, UNKNOWN + NE Lincolnshire ALL = 5 pairs; admission months
# 2023-02..2024-01 = 12; discharge months 2023-02..2024-02 = 13. Social care: 2 HWBs x 2023-10..2024-01.
# DToC: 2 HWBs x 2024-01..02. Discharge ready: 5 pairs x 2024-01..02.
RULE_ROWS = {
    "non_elective_admissions": 5 * 12,
    "emergency_admissions_65": 5 * 12,
    "falls_65": 5 * 12,
    "avoidable_admissions": 5 * 12,
    "length_of_stay_14": 5 * 13,
    "length_of_stay_21": 5 * 13,
    "discharge_usual_residence": 5 * 13,
    "permanent_admissions_65": 2 * 4,
    "reablement_91": 2 * 4,
    "delayed_days": 2 * 2,
    "discharge_delay": 5 * 2,
}
ESP_BANDS_65 = 6  # 65-69, 70-74, 75-79, 80-84, 85-89, 90+


def catalogue_metrics() -> list[dict]:
    return [dict(m, policy_period=p) for p in list_periods() for m in load_period(p)["metrics"] if m.get("engine_rule")]


def _base(row: pd.Series, bases: dict[str, str]) -> str:
    if row["component"].startswith("age:"):
        return row["component"][4:]
    return bases[row["metric"]]


def assert_matches_hand(table: pd.DataFrame) -> None:
    expected = hand_expected()
    metrics = catalogue_metrics()
    ids = {m["id"] for m in metrics}
    missing = ids - set(expected["metric"])
    assert not missing, f"catalogue metrics without hand expectations in {HAND / 'expected.csv'}: {sorted(missing)}"
    assert set(table["metric"]) == ids

    rows = sum(RULE_ROWS[m["engine_rule"]] * (1 + len(m.get("components") or ())
                                              + (ESP_BANDS_65 if m.get("standard_population") else 0)
                                              + (m.get("ci_method") == "mean"))  # a mean's sum of squares
               for m in metrics)
    assert len(table) == rows

    values = table[[*KEY, "policy_period", "numerator", "denominator"]].copy()
    spread = values.groupby(KEY)[["numerator", "denominator"]].nunique(dropna=False)
    assert (spread <= 1).all().all(), "a metric differs between policy periods"

    got = values.drop_duplicates(KEY).set_index(KEY)
    for _, row in expected.iterrows():
        key = tuple(row[k] for k in KEY)
        assert key in got.index, f"no engine row for {key}"
        actual = got.loc[key]
        assert int(actual["numerator"]) == int(row["numerator"]), f"{key} numerator ({row['note']})"
        if row["denominator"] == "":
            assert pd.isna(actual["denominator"]), f"{key} denominator should be blank"
        else:
            assert int(actual["denominator"]) == int(row["denominator"]), f"{key} denominator ({row['note']})"

    listed = set(map(tuple, expected[KEY].to_numpy()))
    others = table[[tuple(r) not in listed for r in table[KEY].to_numpy()]]
    assert (others["numerator"] == 0).all(), others[others["numerator"] != 0]
    records = others[others["denominator_type"] == "records"]
    assert (records["denominator"] == 0).all()

    pops = pd.read_csv(HAND / "expected_populations.csv", dtype={"population": "int64"}, keep_default_na=False)
    population = {(r.area_code, r.locality_code, r.base): r.population for r in pops.itertuples()}
    bases = {m["id"]: str(m["population_base"]) for m in metrics}
    for _, row in table[table["denominator_type"] == "population"].iterrows():
        want = population.get((row["area_code"], row["locality_code"], _base(row, bases)))
        if want is None:
            assert pd.isna(row["denominator"]), f"{tuple(row[KEY])}: no population expected"
        else:
            assert row["denominator"] == want, f"{tuple(row[KEY])}: population {row['denominator']} != {want}"
