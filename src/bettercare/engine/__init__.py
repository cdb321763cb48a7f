"""Record-level engine: metrics computed from extracts with Ibis on DuckDB (default) or Spark. No Django."""
