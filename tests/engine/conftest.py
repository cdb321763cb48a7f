"""Engine fixtures: the hand-made extracts (ingested once), a small synthetic sample (generated and
ingested once) and ONE SparkSession for the whole run (local[1], no UI, one shuffle partition,
settings for tiny data)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from bettercare.engine.ingestion import ingest
from bettercare.engine.synthetic import generate

FIXTURES = Path(__file__).parent / "fixtures"
HAND = FIXTURES / "hand"
TEST_KEY = b"bettercare-engine-test-key-0123456789"
SAMPLE_AREAS = ("E10000020", "E10000018", "E06000012")


def pytest_collection_modifyitems(items):
    """Ibis 12's own DuckDB backend calls a DuckDB method deprecated in 1.5: not ours to fix."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.filterwarnings("ignore:fetch_arrow_table:DeprecationWarning"))


@pytest.fixture(autouse=True)
def _test_key(monkeypatch):
    """Every test runs with a pseudonymisation key in the environment (and no key file)."""
    monkeypatch.setenv("BETTERCARE_PSEUDONYM_KEY", TEST_KEY.decode())
    monkeypatch.delenv("BETTERCARE_PSEUDONYM_KEY_FILE", raising=False)


@pytest.fixture(scope="session")
def hand_ingested(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("hand") / "ingested"
    ingest(HAND, out, key=TEST_KEY)
    return out


@pytest.fixture(scope="session")
def sample_raw(tmp_path_factory) -> Path:
    """A small synthetic national-style extract for three HWBs (about 4,000 admissions)."""
    out = tmp_path_factory.mktemp("sample") / "raw"
    generate(out, rows=4000, social_rows=800, seed=7, start="2023-01", months=15, areas=SAMPLE_AREAS)
    return out


@pytest.fixture(scope="session")
def sample_ingested(sample_raw: Path) -> Path:
    result = ingest(sample_raw, key=TEST_KEY)
    return result.out_dir


@pytest.fixture(scope="session")
def spark():
    pytest.importorskip("pyspark")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[1]")
        .appName("bettercare-engine-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.default.parallelism", "1")
        .config("spark.driver.memory", "512m")
        .config("spark.sql.session.timeZone", "UTC")
        # tiny data: skip whole-stage code generation, adaptive planning and the C2 JIT (start-up cost)
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def hand_expected() -> pd.DataFrame:
    return pd.read_csv(HAND / "expected.csv", dtype=str, keep_default_na=False)
