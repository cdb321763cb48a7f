"""The natural-volume synthetic data the demo computes its figures from land near England's published
levels (``engine.synthetic.CALIBRATION``, each with its source), within a factor of 1.5, computed by
the engine the way the national demo computes them (``scenarios.national``: its sample, focus, seed
and months) for nine HWBs of every kind: the demo's three, cities, a London borough, shires."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest

from bettercare.engine import compute, generate, ingest
from bettercare.engine.metrics import ALL
from bettercare.engine.rules import TOTAL
from bettercare.engine.synthetic import CALIBRATION
from bettercare.indicators import dsr
from bettercare.scenarios.national import (
    NATIONAL_FOCUS,
    NATIONAL_MONTHS,
    NATIONAL_SAMPLE,
    NATIONAL_SEED,
    NATIONAL_START,
)

AREAS = ["E10000020", "E10000018", "E06000012",  # Norfolk, Leicestershire, North East Lincolnshire
         "E08000025", "E08000003", "E09000007",  # Birmingham, Manchester, Camden
         "E10000008", "E06000052", "E10000016"]  # Devon, Cornwall, Kent
FACTOR = 1.5
YEAR = [f"{y}-{m:02d}" for y, m in [(2023, m) for m in range(4, 13)] + [(2024, m) for m in range(1, 4)]]


def _table(folder, **volume) -> pd.DataFrame:
    generate(folder / "raw", seed=NATIONAL_SEED, start=NATIONAL_START, months=NATIONAL_MONTHS, fmt="parquet",
             areas=volume.pop("areas", AREAS), **volume)
    ingest(folder / "raw", folder / "ingested", key=b"k" * 32)
    table = compute(folder / "ingested", periods=["2023-25"]).table
    return table[(table["locality_code"] == ALL) & table["period"].isin(YEAR)]


@pytest.fixture(scope="module")
def demo_volume(tmp_path_factory) -> pd.DataFrame:
    """2023-24 monthly figures of the nine HWBs at the national demo's volume."""
    return _table(tmp_path_factory.mktemp("national"), rows=None, sample=NATIONAL_SAMPLE, focus=NATIONAL_FOCUS)


def _within(value: float, metric: str) -> None:
    level, _, source = CALIBRATION[metric]
    assert level / FACTOR <= value <= level * FACTOR, f"{metric}: {value:.1f} against {level} ({source})"


def _totals(table: pd.DataFrame, metric: str) -> pd.DataFrame:
    return table[(table["metric"] == metric) & (table["component"] == TOTAL)]


def test_falls_65_is_englands_standardised_rate(demo_volume):
    bands = demo_volume[(demo_volume["metric"] == "falls-65") & demo_volume["component"].str.startswith("age:")]
    counts = bands.groupby("component")["numerator"].sum()  # a year of falls, nine HWBs pooled
    populations = bands[bands["period"] == YEAR[0]].groupby("component")["denominator"].sum()
    weights = bands.groupby("component")["standard_weight"].first()
    rate = dsr(counts.to_numpy(), populations[counts.index].to_numpy(), weights[counts.index].to_numpy())
    _within(rate.value, "falls-65")


def test_permanent_admissions_65_are_englands_rate(demo_volume):
    perm = _totals(demo_volume, "perm-admissions-65")
    year_population = perm[perm["period"] == YEAR[0]]["denominator"].sum()
    _within(perm["numerator"].sum() / year_population * 100_000, "perm-admissions-65")


def test_reablement_91_is_englands_proportion(demo_volume):
    reablement = _totals(demo_volume, "reablement-91")
    _within(reablement["numerator"].sum() / reablement["denominator"].sum() * 100, "reablement-91")


def test_chronic_acs_share_of_emergency_admissions_and_sampling_keeps_the_rate(tmp_path, demo_volume):
    """At full natural volume (nothing sampled) chronic ACS are England's share of emergency
    admissions; the demo's sampled extract gives the same avoidable admissions rate."""
    full = _table(tmp_path, rows=None, areas=["E06000012"])
    admissions = pd.read_parquet(tmp_path / "raw" / "admissions.parquet")
    in_year = admissions["admission_date"].between(date(2023, 4, 1), date(2024, 3, 31))
    emergency = (admissions["admission_method"].str[0] == "2") & in_year
    avoidable = _totals(full, "avoidable-admissions")
    _within(avoidable["numerator"].sum() / emergency.sum() * 100, "chronic-acs-share")
    full_rate = avoidable["numerator"].sum() / avoidable["denominator"].sum()
    sampled = _totals(demo_volume, "avoidable-admissions")
    sampled = sampled[sampled["area_code"] == "E06000012"]
    assert sampled["numerator"].sum() / sampled["denominator"].sum() == pytest.approx(full_rate, rel=0.1)


def test_hwbs_differ_and_winter_is_busier(demo_volume):
    avoidable = _totals(demo_volume, "avoidable-admissions")
    by_area = avoidable.groupby("area_code")[["numerator", "denominator"]].sum()
    rates = by_area["numerator"] / by_area["denominator"]
    assert rates.max() / rates.min() > 1.15  # beyond age structure and chance alone: each HWB's own rate
    by_month = avoidable.groupby("period")["numerator"].sum()
    assert by_month["2024-01"] > by_month["2023-07"] * 1.1
    assert np.isfinite(rates).all()
