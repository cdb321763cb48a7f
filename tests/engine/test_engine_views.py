"""Care-home admissions and risk stratification: hand-computed on the fixture, recomputed on a sample."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from bettercare.engine import care_home_admissions, generate, ingest, risk_strata
from bettercare.engine.reference import reference

from .conftest import TEST_KEY


def _row(df: pd.DataFrame, **keys) -> pd.Series:
    match = df
    for column, value in keys.items():
        match = match[match[column] == value]
    assert len(match) == 1, keys
    return match.iloc[0]


def test_care_home_admissions_by_hand(hand_ingested):
    df = care_home_admissions(hand_ingested)
    # From care homes (source 54, 65, 85), emergency: A15 (Feb 2023, NN, J44.0 chronic ACS), A16 (Mar 2023, NW,
    # S72.1 not ACS) in FY 2022-23; A4 (Dec 2023, NN, N39.0 acute ACS) in FY 2023-24.
    norfolk = _row(df, area_code="E10000020", locality_code="ALL", financial_year="2023-24")
    assert (norfolk["admissions"], norfolk["avoidable_admissions"]) == (1, 1)
    assert (norfolk["admissions_previous_year"], norfolk["avoidable_previous_year"]) == (2, 1)
    assert norfolk["admissions_change_pct"] == -50.0 and norfolk["avoidable_change_pct"] == 0.0
    norwich = _row(df, area_code="E10000020", locality_code="NW", financial_year="2023-24")
    assert norwich["admissions"] == 0 and norwich["admissions_change_pct"] == -100.0
    assert pd.isna(norwich["avoidable_change_pct"])  # 0 -> 0: no change to show
    first = _row(df, area_code="E10000020", locality_code="NN", financial_year="2022-23")
    assert pd.isna(first["admissions_previous_year"])
    assert set(df.loc[df["area_code"] == "E06000012", "locality_code"]) == {"ALL"}  # no lookup for NE Lincs
    assert set(df["months_in_data"]) == {2}


def test_risk_strata_by_hand(hand_ingested):
    df = risk_strata(hand_ingested)
    assert "person_id" not in df.columns and "nhs_number" not in df.columns
    # Emergency admissions after 2023-03-01 (as at 2024-02-29, 365 days): Norfolk people P1 (A1 + A10),
    # P2, P4, P5 (A5 open: 35 bed days + A11: 5), P6, P7, P14, P16: 8 people, 10 admissions, 99 bed days.
    # 2% of 866,000 = 17,320 > 8: everyone is in the very high tier.
    very_high = _row(df, area_code="E10000020", locality_code="ALL", tier="very_high")
    assert (very_high["people"], very_high["emergency_admissions"], very_high["emergency_bed_days"]) == (8, 10, 99)
    assert very_high["population"] == 866000
    nn = _row(df, area_code="E10000020", locality_code="NN", tier="all")
    assert (nn["people"], nn["emergency_admissions"], nn["emergency_bed_days"]) == (4, 5, 42)
    nw = _row(df, area_code="E10000020", locality_code="NW", tier="all")
    assert (nw["people"], nw["emergency_admissions"], nw["emergency_bed_days"]) == (3, 4, 56)
    lincs = _row(df, area_code="E06000012", locality_code="ALL", tier="all")
    assert (lincs["people"], lincs["emergency_admissions"], lincs["emergency_bed_days"]) == (2, 2, 27)
    assert list(df.loc[(df["area_code"] == "E06000012"), "tier"]) == ["very_high", "high", "moderate", "low", "all"]


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    """Isles of Scilly (about 2,000 people) with 3,000 synthetic admissions: every tier is filled."""
    folder = tmp_path_factory.mktemp("scilly")
    generate(folder, rows=3000, social_rows=100, seed=3, start="2023-01", months=15, areas=["E06000053"])
    return ingest(folder, key=TEST_KEY).out_dir


def test_risk_strata_equals_a_pandas_recomputation(dense):
    """Tiers recomputed in pandas from the ingested admissions of a dense synthetic sample."""
    from bettercare.engine import read_manifest

    as_at = date.fromisoformat(read_manifest(dense)["as_at"])
    ref = reference()
    adm = pd.read_parquet(dense / "admissions.parquet")
    pops = pd.read_parquet(dense / "populations.parquet")
    recent = adm[adm["admission_method"].isin(ref.codes("admission_method", "emergency"))
                 & (adm["admission_date"] > as_at - timedelta(days=365)) & (adm["admission_date"] <= as_at)].copy()
    end = recent["discharge_date"].fillna(as_at)
    recent["bed_days"] = [(e - s).days for e, s in zip(end, recent["admission_date"], strict=True)]
    people = recent.groupby(["area_code", "person_id"], as_index=False).agg(n=("bed_days", "size"),
                                                                            bed_days=("bed_days", "sum"))
    people = people.sort_values(["area_code", "n", "bed_days", "person_id"], ascending=[True, False, False, True])
    people["rank"] = people.groupby("area_code").cumcount()
    year = max(y for y in pops["year"].unique() if y <= (as_at.year if as_at.month >= 4 else as_at.year - 1))
    population = pops[pops["locality_code"].isna() & (pops["year"] == year)].groupby("area_code")["population"].sum()
    share = people["rank"] / people["area_code"].map(population)
    people["tier"] = "low"
    for tier, top in reversed([("very_high", 0.02), ("high", 0.05), ("moderate", 0.20)]):
        limit = (people["area_code"].map(population) * top).apply(int)
        people.loc[people["rank"] < limit, "tier"] = tier
    expected = people.groupby(["area_code", "tier"]).agg(people=("n", "size"), admissions=("n", "sum"))
    assert share.max() > 0.2  # dense enough to fill every tier
    got = risk_strata(dense)
    got = got[(got["locality_code"] == "ALL") & (got["tier"] != "all") & (got["people"] > 0)]
    got = got.set_index(["area_code", "tier"])[["people", "emergency_admissions"]]
    got.columns = ["people", "admissions"]
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_dtype=False)


@pytest.mark.parametrize("view", [care_home_admissions, risk_strata])
def test_published_views_are_counts_with_disclosure_control(hand_ingested, view):
    df = view(hand_ingested, publish=True)
    assert {"suppressed", "sdc_rule"} <= set(df.columns)
    counts = [c for c in ("admissions", "avoidable_admissions", "people", "emergency_admissions") if c in df.columns]
    for column in counts:
        values = df[column].dropna()
        assert values.mod(5).eq(0).all() and not values.between(1, 7).any()
