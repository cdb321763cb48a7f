"""National demo data: every HWB of the register with 2023-25 actuals computed by the engine from one
synthetic record-level extract, so that the benchmark pages compare HWBs measured the same way.

- The register (``reference.national_register``) is loaded first: areas, regions, ICBs, vintages.
- One extract for every HWB of the engine's area list (``engine.synthetic``, 24 months from April
  2023, at natural volume: every admission the 2023-25 rate metrics count, a ``NATIONAL_SAMPLE`` of
  the others, so each HWB's figures are at England's level for its ONS population), ingested with a
  throw-away pseudonymisation key and computed on DuckDB. The demo HWBs' rows (with their
  localities) go through the importer, as an analyst's would; every other registered HWB's HWB-level
  rows are written in one transaction with their history rows.
  Rows of areas that are not HWBs of the register (the Isles of Scilly, part of the Cornwall and Isles
  of Scilly HWB) are left out and counted. A figure already recorded is kept, never overwritten.
- Northamptonshire across April 2021 (``load_northamptonshire``): the 2021-23 metrics computed for
  North and West Northamptonshire from April 2020; the months before 1 April 2021 are recorded for
  Northamptonshire (E10000021), the county that then existed, as the sum of its two parts' counts and
  denominators, and the later months for the two successors. Their pages show the series joined with
  the note of the boundary change.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from bettercare.monitoring.importer import actual_period, import_file
from bettercare.monitoring.models import MetricActual
from bettercare.reference.mirror import definition_in_force
from bettercare.reference.models import Area, AreaRegistration, Metric
from bettercare.reference.national_register import RegisterReport, load_national_register

NATIONAL_START, NATIONAL_MONTHS, NATIONAL_SAMPLE, NATIONAL_SEED = "2023-04", 24, 0.02, 2317
NATIONAL_FOCUS = "2023-25"
NORTHAMPTONSHIRE, NORTHANTS_SUCCESSORS = "E10000021", ("E06000061", "E06000062")
NORTHANTS_START, NORTHANTS_MONTHS, NORTHANTS_SPLIT = "2020-04", 36, date(2021, 4, 1)


@dataclass
class NationalReport:
    register: RegisterReport
    areas: int = 0
    created: int = 0
    kept: int = 0
    demo_rows: int = 0
    left_out: list[str] = field(default_factory=list)
    northamptonshire: int = 0


def _key() -> bytes:
    return os.environ.get("BETTERCARE_PSEUDONYM_KEY", secrets.token_hex(32)).encode()


def _engine_table(folder: Path, *, sample: float, seed: int, start: str, months: int, areas: list[str] | None,
                  periods: list[str]) -> pd.DataFrame:
    """Synthesise at natural volume (``sample`` of the admissions no 2023-25 rate counts), ingest and
    compute; the engine's full table (every month, components, localities)."""
    from bettercare.engine import compute, generate, ingest

    raw, ingested = folder / "raw", folder / "ingested"
    generate(raw, rows=None, sample=sample, focus=NATIONAL_FOCUS, seed=seed, start=start, months=months,
             fmt="parquet", areas=areas)
    ingest(raw, ingested, key=_key())
    return compute(ingested, areas=areas, periods=periods).table


def _hwb_rows(table: pd.DataFrame) -> pd.DataFrame:
    """HWB-level figures (no locality), every month, each with the parts its statistic needs (a DSR's
    age bands, a mean's sum of squares; component blank for the figure itself), with a denominator
    where there is one."""
    from bettercare.engine.metrics import ALL, STATISTIC_COMPONENTS
    from bettercare.engine.rules import TOTAL

    total = table["component"] == TOTAL
    keep = (total | table["component"].str.startswith(STATISTIC_COMPONENTS)) & (table["locality_code"] == ALL)
    keep &= table["denominator"].isna() | (table["denominator"] != 0)
    out = table.loc[keep, ["area_code", "metric", "period", "component", "numerator", "denominator", "policy_period",
                           "as_at"]].copy()
    out["component"] = out["component"].where(out["component"] != TOTAL, "")
    return out


@transaction.atomic
def write_actuals(rows: pd.DataFrame, areas: dict[str, Area], source: str) -> tuple[int, int]:
    """Create HWB-level computed actuals (with history) for ``rows``; figures already recorded for the
    same area, metric and period are kept. Returns (created, kept)."""
    metrics: dict[tuple[str, str], Metric] = {}
    definitions: dict[int, object] = {}
    existing = set(MetricActual.objects.filter(area__in=areas.values(), locality=None, label="")
                   .values_list("area_id", "metric_id", "period", "component"))
    new, kept = [], 0
    for record in rows.itertuples(index=False):
        key = (record.metric, record.policy_period)
        if key not in metrics:
            metrics[key] = Metric.objects.get(period__code=record.policy_period, code=record.metric, area=None)
            definitions[metrics[key].pk] = definition_in_force(metrics[key])
        metric, area = metrics[key], areas[record.area_code]
        label, start, end = actual_period(record.period)
        component = "" if pd.isna(record.component) else str(record.component)
        if (area.pk, metric.pk, label, component) in existing:
            kept += 1
            continue
        new.append(MetricActual(
            area=area, metric=metric, period=label, period_start=start, period_end=end, component=component,
            numerator=int(record.numerator),
            denominator=None if pd.isna(record.denominator) else int(record.denominator),
            origin="computed", source=source, as_at=pd.Timestamp(record.as_at).date(),
            definition=definitions[metric.pk]))
    bulk_create_with_history(new, MetricActual, batch_size=2000)
    return len(new), kept


def load_national_demo(sample: float = NATIONAL_SAMPLE, seed: int = NATIONAL_SEED) -> NationalReport:
    """The register, then 2023-25 computed actuals for every registered HWB from one national extract."""
    from bettercare.engine import monitoring_layout, write_table

    report = NationalReport(register=load_national_register())
    registered = {r.area.gss_code: r.area for r in AreaRegistration.objects.select_related("area")}
    demo = [code for code in Area.objects.filter(plans__isnull=False).values_list("gss_code", flat=True).distinct()]
    with tempfile.TemporaryDirectory(prefix="bettercare-national-") as folder:
        table = _engine_table(Path(folder), sample=sample, seed=seed, start=NATIONAL_START, months=NATIONAL_MONTHS,
                              areas=None, periods=["2023-25"])
        output = Path(folder, "demo-hwbs.csv")
        write_table(monitoring_layout(table[table["area_code"].isin(demo)]), output)
        report.demo_rows = import_file(output, areas=demo).rows if demo else 0
    hwb = _hwb_rows(table)
    hwb = hwb[~hwb["area_code"].isin(demo)]
    report.left_out = sorted(set(hwb["area_code"]) - set(registered))
    hwb = hwb[hwb["area_code"].isin(registered)]
    report.areas = hwb["area_code"].nunique() + len(demo)
    report.created, report.kept = write_actuals(hwb, registered, "computed (national synthetic extract)")
    report.northamptonshire = load_northamptonshire(seed)
    return report


def load_northamptonshire(seed: int = NATIONAL_SEED) -> int:
    """Northamptonshire's 2021-23 metrics from April 2020 across the April 2021 split (module docstring)."""
    areas = {r.area.gss_code: r.area for r in AreaRegistration.objects.select_related("area")
             .filter(area__gss_code__in=(NORTHAMPTONSHIRE, *NORTHANTS_SUCCESSORS))}
    with tempfile.TemporaryDirectory(prefix="bettercare-northants-") as folder:
        table = _engine_table(Path(folder), sample=NATIONAL_SAMPLE, seed=seed, start=NORTHANTS_START,
                              months=NORTHANTS_MONTHS, areas=list(NORTHANTS_SUCCESSORS), periods=["2021-23"])
    hwb = _hwb_rows(table)
    hwb = hwb[hwb["period"].str.len() == 7]  # monthly figures
    before = hwb["period"] < f"{NORTHANTS_SPLIT:%Y-%m}"
    county = (hwb[before].groupby(["metric", "period", "component", "policy_period", "as_at"], as_index=False)
              [["numerator", "denominator"]].sum(min_count=1))
    county["area_code"] = NORTHAMPTONSHIRE
    rows = pd.concat([county, hwb[~before]], ignore_index=True)
    created, _ = write_actuals(rows, areas, "computed (synthetic extract; Northamptonshire before April 2021 = the "
                                             "sum of North and West Northamptonshire)")
    return created
