"""The synthetic generator: deterministic, national, plausible."""

from __future__ import annotations

import hashlib
import json

import pandas as pd
import pytest

from bettercare.engine import generate
from bettercare.engine.errors import EngineError
from bettercare.engine.pseudonymise import is_valid_nhs_number
from bettercare.engine.reference import hwb_areas
from bettercare.engine.schemas import SCHEMAS


def _digests(folder) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_same_bytes_other_seed_other_data(tmp_path):
    kwargs = {"rows": 1500, "social_rows": 300, "start": "2023-04", "months": 6, "areas": ["E06000012"]}
    generate(tmp_path / "a", seed=5, **kwargs)
    generate(tmp_path / "b", seed=5, **kwargs)
    generate(tmp_path / "c", seed=6, **kwargs)
    assert _digests(tmp_path / "a") == _digests(tmp_path / "b")
    assert _digests(tmp_path / "a")["admissions.csv"] != _digests(tmp_path / "c")["admissions.csv"]
    generate(tmp_path / "p", seed=5, fmt="parquet", **kwargs)
    from_csv = pd.read_csv(tmp_path / "a" / "admissions.csv", dtype=str, keep_default_na=False)
    from_parquet = pd.read_parquet(tmp_path / "p" / "admissions.parquet").astype(str)
    assert list(from_csv["nhs_number"]) == list(from_parquet["nhs_number"])


def test_area_list_covers_england():
    areas = {row["gss_code"]: row for row in hwb_areas()}
    assert len(areas) == 153
    for code, name in [("E10000020", "Norfolk"), ("E10000018", "Leicestershire"),
                       ("E06000012", "North East Lincolnshire")]:
        assert areas[code]["name"] == name
    assert 50_000_000 < sum(int(a["population"]) for a in areas.values()) < 60_000_000


def test_sample_columns_follow_the_schemas_and_look_plausible(sample_raw):
    manifest = json.loads((sample_raw / "manifest.json").read_text())
    assert manifest["as_at"] == "2024-03-31" and manifest["areas"] == 3
    for name, schema in SCHEMAS.items():
        frame = pd.read_csv(sample_raw / f"{name}.csv", dtype=str, nrows=5)
        assert list(frame.columns) == [c.name for c in schema.columns]
    adm = pd.read_csv(sample_raw / "admissions.csv", dtype=str, keep_default_na=False)
    assert len(adm) == 4000
    assert adm["nhs_number"].map(is_valid_nhs_number).all()
    assert set(adm["residence_la_code"]) == {"E10000020", "E10000018", "E06000012"}
    assert (adm["admission_source"].isin(["54", "65", "85"])).sum() > 10  # care-home residents
    assert adm["external_cause"].str.startswith("W").sum() > 10  # falls
    assert (adm["discharge_date"] == "").sum() > 0  # spells still open at the as-at date
    localities = pd.read_csv(sample_raw / "localities.csv")
    norfolk = localities[localities["area_code"] == "E10000020"]
    assert set(norfolk["locality_code"]) == {"06V", "06W", "06Y", "06M", "07J"}  # the demo's CCGs


def test_winter_peak_and_older_people_admitted_more(tmp_path):
    generate(tmp_path, rows=30_000, social_rows=10, seed=2, start="2023-04", months=12, areas=["E10000020"])
    adm = pd.read_csv(tmp_path / "admissions.csv", dtype={"admission_method": str})
    emergency = adm[adm["admission_method"].str.startswith("2")]
    month = emergency["admission_date"].str[5:7]
    assert (month == "01").sum() > 1.15 * (month == "07").sum()
    pops = pd.read_csv(tmp_path / "populations.csv")
    whole = pops[pops["locality_code"].isna() & (pops["year"] == 2020)].set_index("age_band")["population"]
    rate_85 = (emergency["age"].between(85, 89)).sum() / whole["85-89"]
    rate_30 = (emergency["age"].between(30, 34)).sum() / whole["30-34"]
    assert rate_85 > 4 * rate_30


def test_bad_arguments(tmp_path):
    with pytest.raises(EngineError, match="not an HWB"):
        generate(tmp_path, rows=10, areas=["E99999999"])
    with pytest.raises(EngineError, match="not a month"):
        generate(tmp_path, rows=10, start="April")
    with pytest.raises(EngineError, match="csv or parquet"):
        generate(tmp_path, rows=10, fmt="xlsx")
