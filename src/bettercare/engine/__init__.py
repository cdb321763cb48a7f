"""Record-level engine: catalogue metrics computed from hospital and social care extracts, with the
same Ibis expressions on DuckDB (default, in-process) or PySpark (national scale). No Django.

>>> from bettercare.engine import generate, ingest, compute, monitoring_layout
>>> generate("raw", rows=5_000, seed=1, areas=["E10000020"])          # doctest: +SKIP
>>> ingest("raw")                      # validates, pseudonymises -> raw/ingested  # doctest: +SKIP
>>> table = compute("raw").table       # one row per area, locality, metric, period  # doctest: +SKIP

Modules, one job each: :mod:`.schemas` (extract schemas), :mod:`.ingestion` (validation and Parquet),
:mod:`.pseudonymise` (NHS numbers, HMAC), :mod:`.rules` (metric rules as Ibis expressions),
:mod:`.specs` (catalogue metrics), :mod:`.metrics` (run and shape), :mod:`.backends` (DuckDB /
Spark), :mod:`.sdc` (disclosure control), :mod:`.synthetic` (synthetic extracts), :mod:`.views`
(care-home and risk views), :mod:`.reference` (code lists and other data), :mod:`.cli`.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "compute": "metrics", "ComputeResult": "metrics", "monitoring_layout": "metrics", "write_table": "metrics",
    "ingest": "ingestion", "IngestResult": "ingestion", "read_manifest": "ingestion",
    "generate": "synthetic",
    "care_home_admissions": "views", "risk_strata": "views",
    "SdcRule": "sdc", "Hierarchy": "sdc", "protect": "sdc",
    "SCHEMAS": "schemas", "SCHEMA_VERSION": "schemas",
    "RULES": "rules",
    "metric_specs": "specs", "MetricSpec": "specs",
    "connect": "backends", "spark_session": "backends",
    "is_valid_nhs_number": "pseudonymise", "pseudonym": "pseudonymise", "load_key": "pseudonymise",
    "EngineError": "errors", "ExtractError": "errors",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import on first use, so ``import bettercare.engine`` (and the CLI) stays light."""
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
