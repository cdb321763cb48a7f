"""Engine outputs for synthetic data equal an independent recomputation: the plain pandas (and the
hand-written DuckDB SQL) implementations in benchmarks/bench_engine.py, which share no code with the
engine's rules."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from bettercare.engine import compute

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_engine.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_engine", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def engine_table(sample_ingested):
    return compute(sample_ingested).table


def test_engine_equals_pandas_recomputation(bench, sample_ingested, engine_table):
    expected = bench.canonical(bench.run_pandas(sample_ingested))
    got = bench.canonical(engine_table)
    assert len(got) > 3000 and got["numerator"].sum() > 1000
    bench.pd.testing.assert_frame_equal(got, expected)


def test_engine_equals_hand_written_sql(bench, sample_ingested, engine_table):
    expected = bench.canonical(bench.run_sql(sample_ingested))
    bench.pd.testing.assert_frame_equal(bench.canonical(engine_table), expected)


def test_hand_fixture_through_the_recomputations_too(bench, hand_ingested):
    """The benchmark's implementations agree with the engine on the hand fixture's edge cases."""
    got = bench.canonical(compute(hand_ingested).table)
    bench.pd.testing.assert_frame_equal(got, bench.canonical(bench.run_pandas(hand_ingested)))
    bench.pd.testing.assert_frame_equal(got, bench.canonical(bench.run_sql(hand_ingested)))
