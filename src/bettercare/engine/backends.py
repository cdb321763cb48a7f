"""Where the rules run: DuckDB in-process (default) or PySpark (local, or a cluster by configuration).

* DuckDB: ``ibis.duckdb.connect()`` in memory over the ingested Parquet files; optional limits from
  ``BETTERCARE_DUCKDB_THREADS`` and ``BETTERCARE_DUCKDB_MEMORY_LIMIT`` (e.g. ``2GB``).
* Spark: the active SparkSession if there is one (Databricks), else a new one whose master is
  ``BETTERCARE_SPARK_MASTER`` (e.g. ``spark://host:7077``, ``yarn``; default ``local[*]``). Dates are
  read in UTC.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from .errors import EngineError
from .schemas import SCHEMAS

BACKENDS = ("duckdb", "spark")
SPARK_MASTER_ENV = "BETTERCARE_SPARK_MASTER"


def spark_session(master: str | None = None, **conf: str) -> Any:
    """A SparkSession: the active one, or a new one on ``master`` / $BETTERCARE_SPARK_MASTER / local[*]."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise EngineError("the spark backend needs pyspark (pip install 'bettercare[spark]')") from None
    active = SparkSession.getActiveSession()
    if active is not None and master is None:
        return active
    builder = SparkSession.builder.appName("bettercare-engine").master(
        master or os.environ.get(SPARK_MASTER_ENV, "local[*]"))
    settings = {"spark.sql.session.timeZone": "UTC", "spark.ui.showConsoleProgress": "false", **conf}
    for name, value in settings.items():
        builder = builder.config(name, value)
    return builder.getOrCreate()


def connect(backend: str = "duckdb", *, spark: Any | None = None) -> BaseBackend:
    """An Ibis connection for ``backend`` ("duckdb" or "spark")."""
    if backend == "duckdb":
        con = ibis.duckdb.connect()
        if threads := os.environ.get("BETTERCARE_DUCKDB_THREADS"):
            con.raw_sql(f"SET threads = {int(threads)}")
        if limit := os.environ.get("BETTERCARE_DUCKDB_MEMORY_LIMIT"):
            con.raw_sql(f"SET memory_limit = '{limit.replace(chr(39), '')}'")
        return con
    if backend == "spark":
        return ibis.pyspark.connect(spark if spark is not None else spark_session())
    raise EngineError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")


def load_tables(con: BaseBackend, folder: Path) -> dict[str, ir.Table]:
    """The ingested extracts in ``folder`` as Ibis tables, by extract name."""
    tables = {}
    for name in SCHEMAS:
        path = folder / f"{name}.parquet"
        if path.is_file():
            tables[name] = con.read_parquet(str(path.resolve()), table_name=f"bettercare_{name}")
    return tables
