"""Disclosure control: primary suppression, rounding, secondary suppression across totals."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bettercare.engine import compute
from bettercare.engine.sdc import Hierarchy, SdcRule, SdcRuleRefused, protect, suppression_mask

KEYS = ["area", "locality"]
LOCALITIES = Hierarchy("locality", "ALL")


def _table(parts: dict[str, int]) -> pd.DataFrame:
    rows = [{"area": "A", "locality": "ALL", "n": sum(parts.values())}]
    rows += [{"area": "A", "locality": name, "n": value} for name, value in parts.items()]
    return pd.DataFrame(rows)


def _published(df: pd.DataFrame, rule: SdcRule | None = None) -> dict[str, object]:
    out = protect(df, {"n": pd.Series(True, index=df.index)}, KEYS, [LOCALITIES], rule or SdcRule())
    return {row.locality: (None if pd.isna(row.n) else int(row.n)) for row in out.itertuples()}


def test_small_counts_suppressed_others_rounded():
    # 3 is suppressed; the total 3+40+12=55 would reveal it, so the next smallest part (12) goes too.
    assert _published(_table({"x": 3, "y": 40, "z": 12})) == {"ALL": 55, "x": None, "y": 40, "z": None}
    # nothing small: all rounded to the nearest 5 (12 -> 10, 13 -> 15, 0 stays 0)
    assert _published(_table({"x": 12, "y": 13, "z": 0})) == {"ALL": 25, "x": 10, "y": 15, "z": 0}


def test_secondary_suppression_prefers_non_zero_parts_over_zeros_and_the_total():
    assert _published(_table({"x": 3, "y": 0, "z": 20})) == {"ALL": 25, "x": None, "y": 0, "z": None}
    # a small total is suppressed by the primary rule; zero parts stay visible
    assert _published(_table({"x": 5, "y": 0})) == {"ALL": None, "x": None, "y": 0}
    # two small parts are already two unknowns: no secondary suppression needed
    assert _published(_table({"x": 5, "y": 6, "z": 30})) == {"ALL": 40, "x": None, "y": None, "z": 30}


def test_rule_is_configurable_above_the_floor():
    rule = SdcRule(suppress_to=5, round_to=1, secondary=False)
    assert _published(_table({"x": 6, "y": 5}), rule) == {"ALL": 11, "x": 6, "y": None}
    assert rule.describe() == "counts 1-5 suppressed"
    assert "rounded to the nearest 5" in SdcRule().describe()


@pytest.mark.parametrize("asked", [{"suppress_to": 0}, {"suppress_to": 4}, {"round_to": 0}, {"suppress_from": 2}])
def test_a_rule_below_the_floor_is_refused(asked):
    with pytest.raises(SdcRuleRefused):
        SdcRule(**asked)


def test_publish_with_suppress_to_zero_is_refused_at_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from bettercare.cli import app

    result = CliRunner().invoke(app, ["engine", "compute", "--input", str(tmp_path), "--out", str(tmp_path / "o.csv"),
                                      "--publish", "--suppress-to", "0"])
    assert result.exit_code == 2
    assert "--suppress-to must be 5 or more" in result.output
    assert not (tmp_path / "o.csv").exists()


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=25), min_size=1, max_size=5), min_size=1, max_size=4))
def test_no_total_reveals_a_suppressed_cell(groups):
    """In every group (total and parts) the number of suppressed cells is never exactly one."""
    rows = []
    for g, parts in enumerate(groups):
        rows.append({"area": f"A{g}", "locality": "ALL", "n": sum(parts)})
        rows += [{"area": f"A{g}", "locality": f"L{i}", "n": v} for i, v in enumerate(parts)]
    df = pd.DataFrame(rows)
    hidden = suppression_mask(df, "n", pd.Series(True, index=df.index), KEYS, [LOCALITIES], SdcRule())
    per_group = hidden.groupby(df["area"]).sum()
    assert not (per_group == 1).any()
    assert hidden[df["n"].between(1, 7)].all()


def test_published_metrics_keep_populations_and_protect_both_hierarchies(hand_ingested):
    table = compute(hand_ingested, publish=True).table
    assert set(table["sdc_rule"]) == {SdcRule().describe()}
    assert table["numerator"].dropna().mod(5).eq(0).all()
    population = table[table["denominator_type"] == "population"]
    exact = compute(hand_ingested).table
    pd.testing.assert_series_equal(population["denominator"], exact.loc[population.index, "denominator"])
    for hierarchy in ("locality_code", "component"):
        total = "ALL" if hierarchy == "locality_code" else "total"
        keys = [k for k in ("area_code", "locality_code", "metric", "policy_period", "period", "component")
                if k != hierarchy]
        is_total = (table[hierarchy] == total).groupby([table[k] for k in keys])
        has_parts = is_total.transform("any") & ~is_total.transform("all")
        count = table["numerator"].isna().groupby([table[k] for k in keys]).transform("sum")
        assert not ((count == 1) & has_parts).any(), hierarchy
    published = table.set_index(["area_code", "locality_code", "metric", "policy_period", "period", "component"])
    assert published.loc[("E10000020", "ALL", "dtoc", "2017-19", "2024-01", "total"), "numerator"] == 210
    assert published.loc[("E10000020", "ALL", "nea", "2017-19", "2024-01", "total"), "numerator"] == 10  # 9
    assert pd.isna(published.loc[("E10000020", "NN", "nea", "2017-19", "2024-01", "total"), "numerator"])  # 5
