"""Results tables as files for Power BI, Excel and notebooks: CSV (UTF-8 with a byte-order mark,
so Excel opens it correctly) and Parquet (typed columns). Each row carries the figure's source,
as-at date and method. Lists (flags, SPC warnings) and age bands are joined with " | " in both formats so the
two files have the same columns."""

import csv
import io
from datetime import date
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

TEXT, NUMBER, FLAG, DAY = pa.string(), pa.float64(), pa.bool_(), pa.date32()
COLUMNS: dict[str, pa.DataType] = {
    "area_code": TEXT,
    "area_name": TEXT,
    "metric": TEXT,
    "metric_title": TEXT,
    "statistic": TEXT,
    "metric_number": NUMBER,
    "unit": TEXT,
    "locality": TEXT,
    "component": TEXT,
    "kind": TEXT,
    "label": TEXT,
    "period": TEXT,
    "scale": TEXT,
    "value": NUMBER,
    "lower": NUMBER,
    "upper": NUMBER,
    "method": TEXT,
    "stated_value": NUMBER,
    "numerator": NUMBER,
    "denominator": NUMBER,
    "age_bands": TEXT,
    "target": NUMBER,
    "target_numerator": NUMBER,
    "target_label": TEXT,
    "comparison": TEXT,
    "comparison_reason": TEXT,
    "rag": TEXT,
    "rag_rule": TEXT,
    "rag_rule_owner": TEXT,
    "rating": TEXT,
    "status": TEXT,
    "polarity": TEXT,
    "direction": TEXT,
    "direction_test": TEXT,
    "forecast": NUMBER,
    "forecast_lower": NUMBER,
    "forecast_upper": NUMBER,
    "forecast_target": NUMBER,
    "forecast_method": TEXT,
    "forecast_rag": TEXT,
    "headline": FLAG,
    "flags": TEXT,
    "source": TEXT,
    "as_at": DAY,
    "origin": TEXT,
    "spc_variation": TEXT,
    "spc_assurance": TEXT,
    "spc_point": TEXT,
    "spc_warnings": TEXT,
}
SEPARATOR = " | "


def flat(row: dict[str, Any]) -> dict[str, Any]:
    """A row with lists joined and the as-at date typed, in :data:`COLUMNS` order."""
    out = {}
    for name in COLUMNS:
        value = row.get(name)
        if isinstance(value, list):
            value = SEPARATOR.join(str(v) for v in value)
        if isinstance(value, dict):  # age bands: "65-79: 120 of 140,000 | 80+: ..."
            value = SEPARATOR.join(f"{band}: {f['count']} of {f['population']}" for band, f in value.items())
        if name == "as_at" and isinstance(value, str):
            value = date.fromisoformat(value)
        out[name] = value
    return out


def to_csv(rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in flat(row).items()})
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_parquet(rows: list[dict[str, Any]]) -> bytes:
    schema = pa.schema([pa.field(name, kind) for name, kind in COLUMNS.items()])
    table = pa.Table.from_pylist([flat(row) for row in rows], schema=schema)
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()
