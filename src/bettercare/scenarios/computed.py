"""Computed actuals for the demo HWBs: a synthetic record-level extract (by default at natural
volume, as the national demo's: ``engine.synthetic``), run through the engine (ingest with
pseudonymisation, compute on DuckDB) and imported as actuals with origin "computed" and the
extract's as-at date, exactly as an analyst would with the CLI."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from bettercare.monitoring.importer import ImportReport, import_file
from bettercare.reference.models import Area

DEMO_START, DEMO_MONTHS, DEMO_SEED = "2023-04", 24, 2023
DEMO_FOCUS, DEMO_SAMPLE = "2023-25", 0.02


def load_computed_demo(rows: int | None = None, seed: int = DEMO_SEED, areas: list[str] | None = None) -> ImportReport:
    """Synthesise, ingest, compute and import 2023-25 actuals for every HWB in the database (or the
    HWBs of the GSS codes ``areas``): at natural volume (every admission a 2023-25 rate counts, a
    ``DEMO_SAMPLE`` of the others), or ``rows`` records shared among them by population (tests).

    The pseudonymisation key is a fresh random secret held only in this process (the data are
    synthetic), never written beside the extracts."""
    from bettercare.engine import compute, generate, ingest, monitoring_layout, write_table

    codes = areas or list(Area.objects.values_list("gss_code", flat=True))
    with tempfile.TemporaryDirectory(prefix="bettercare-demo-") as folder:
        raw, ingested, output = Path(folder, "raw"), Path(folder, "ingested"), Path(folder, "computed.csv")
        generate(raw, rows=rows, seed=seed, start=DEMO_START, months=DEMO_MONTHS, areas=codes, fmt="parquet",
                 **({"focus": DEMO_FOCUS, "sample": DEMO_SAMPLE} if rows is None else {}))
        ingest(raw, ingested, key=os.environ.get("BETTERCARE_PSEUDONYM_KEY", secrets.token_hex(32)).encode())
        result = compute(ingested, areas=codes)
        write_table(monitoring_layout(result.table), output)
        return import_file(output, areas=codes)
