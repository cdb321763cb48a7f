"""The same rules on PySpark (local[1], one session for the run): identical outputs to DuckDB.

Kept to two tests: Spark start-up dominates (about 10 s)."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from bettercare.engine import compute, connect

from .hand import assert_matches_hand

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning", "ignore::FutureWarning")


def test_spark_matches_hand_computed_fixture(hand_ingested, spark):
    table = compute(hand_ingested, con=connect("spark", spark=spark)).table
    assert_matches_hand(table)
    assert_frame_equal(table, compute(hand_ingested).table)


def test_spark_and_duckdb_agree_on_synthetic_sample(sample_ingested, spark):
    on_spark = compute(sample_ingested, con=connect("spark", spark=spark)).table
    on_duckdb = compute(sample_ingested).table
    assert len(on_duckdb) > 1000 and on_duckdb["numerator"].sum() > 0
    assert_frame_equal(on_spark, on_duckdb)
    assert isinstance(on_spark, pd.DataFrame)
