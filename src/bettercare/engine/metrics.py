"""Compute every catalogue metric with a record-level rule: numerators and denominators per HWB,
locality and month.

How: for each extract, the rules' per-record contributions (Ibis expressions, :mod:`.rules`) are
summed in ONE grouped query per extract (HWB x locality x month of each date the rules use), on
DuckDB or Spark. The small result is then shaped in pandas: rolled up to whole-HWB rows, completed
with zero rows for months without records, joined to the populations for population denominators,
and labelled with the catalogue metric ids.

The full table (:func:`compute`, ``--layout full``) has one row per area_code, locality_code
(``ALL`` for the whole HWB), metric, policy_period, period ("YYYY-MM") and component ("total";
"age:65-69" ... for a DSR's standard age bands; a catalogue ``components`` entry such as "nhs"
for DToC), for every month of the extract and every policy period. Localities come from the LSOA
of residence via the localities lookup ("UNKNOWN" when the LSOA is blank or not in it); extracts
without LSOAs (social care, DToC) give whole-HWB rows only. A HWB absent from an extract gets no
rows for that extract's metrics (rather than zeros). ``denominator_type`` is ``records`` (a count
of records; additive over months) or ``population`` (the mid-year estimate; not additive over
months; for ``per_day`` metrics the monitoring layer multiplies it by the days in the period).
Population year: the mid-year estimate of the year the financial year starts in (mid-2023 for
April 2023 - March 2024), else the latest earlier year available, else the earliest.

The monitoring layout (:func:`monitoring_layout`, the CLI default) is what ``bettercare metrics
import`` reads: area_code, locality_code (blank for the whole HWB), metric, period, component,
numerator, denominator, standard_weight, policy_period, as_at; the total (blank component) and what
a statistic needs beyond it: a DSR's standard age bands ("age:65-69" ..., each with its count, its
population and its standard weight) and a mean's sum of squares ("sum_of_squares", for its t
interval); months inside the policy period's financial years only; no UNKNOWN localities and no
total with a zero denominator (no records).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd
from ibis.backends import BaseBackend

from bettercare.catalogue import load_period

from .backends import connect, load_tables
from .errors import EngineError
from .ingestion import read_manifest, resolve_ingested
from .reference import Reference, reference
from .rules import RULES, SUM_OF_SQUARES, TOTAL, Rule, in_ages, with_derived
from .schemas import GSS_UPPER_TIER
from .sdc import SdcRule, publish_metrics
from .specs import AgeRange, MetricSpec, metric_specs

ALL = "ALL"
UNKNOWN = "UNKNOWN"
SOURCE_LABEL = "computed"
KEY_COLUMNS = ("area_code", "locality_code", "metric", "policy_period", "period", "component")
OUTPUT_COLUMNS = (*KEY_COLUMNS, "numerator", "denominator", "denominator_type", "standard_weight",
                  "engine_rule", "source", "as_at")
MONITORING_COLUMNS = ("area_code", "locality_code", "metric", "period", "component", "numerator", "denominator",
                      "standard_weight", "policy_period", "as_at")
BAND_PREFIX = "age:"
#: Components the monitoring layer needs besides the total: a DSR's age bands, a mean's sum of squares.
STATISTIC_COMPONENTS = (BAND_PREFIX, SUM_OF_SQUARES)
LAYOUTS = ("monitoring", "full")

Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Output:
    """One (metric, component) to emit: which cube columns hold its numerator and denominator."""

    spec: MetricSpec
    component: str
    date_column: str
    numerator: str
    denominator: str | None  # None: population of ``ages``
    ages: AgeRange | None
    weight: float | None


@dataclass
class ComputeResult:
    """The full table (see the module docstring), the extract's as-at date, and the metrics skipped."""

    table: pd.DataFrame
    as_at: date
    skipped: list[str] = field(default_factory=list)


def month_key(value: ir.DateValue) -> ir.IntegerValue:
    """YYYYMM as an integer (backend-neutral)."""
    return value.year() * 100 + value.month()


def check_areas(areas: Iterable[str] | None) -> list[str] | None:
    """Upper-cased HWB GSS codes, or None for all; a malformed code is an error."""
    chosen = [a.strip().upper() for a in areas or () if a.strip()]
    bad = [a for a in chosen if not re.fullmatch(GSS_UPPER_TIER, a)]
    if bad:
        raise EngineError(f"--area {bad[0]!r} is not an upper-tier LA GSS code (E06, E08, E09 or E10 + 6 digits)")
    return chosen or None


def plan(specs: Sequence[MetricSpec], available: Iterable[str]) -> tuple[dict[str, list[tuple[MetricSpec, Rule]]],
                                                                         list[str]]:
    """Group the specs by source extract; list the ones that cannot be computed and why."""
    available = set(available)
    by_source: dict[str, list[tuple[MetricSpec, Rule]]] = defaultdict(list)
    skipped = []
    for spec in specs:
        rule = RULES.get(spec.engine_rule)
        label = f"{spec.policy_period} {spec.metric}"
        if rule is None:
            skipped.append(f"{label}: no engine rule {spec.engine_rule!r}")
        elif rule.source not in available:
            skipped.append(f"{label}: no {rule.source} extract")
        elif spec.population_base is not None and "populations" not in available:
            skipped.append(f"{label}: no populations extract for its denominator")
        else:
            by_source[rule.source].append((spec, rule))
    return dict(by_source), skipped


def with_localities(records: ir.Table, localities: ir.Table | None) -> tuple[ir.Table, bool]:
    """Records with ``locality_code`` from the LSOA lookup (UNKNOWN when unmatched), if they carry LSOAs."""
    if localities is None or "lsoa_code" not in records.columns:
        return records, False
    lookup = localities.select(_area=localities.area_code, _lsoa=localities.lsoa_code,
                               _locality=localities.locality_code)
    joined = records.left_join(lookup, [records.area_code == lookup._area, records.lsoa_code == lookup._lsoa])
    joined = joined.mutate(locality_code=joined._locality.fill_null(UNKNOWN))
    return joined.drop("_area", "_lsoa", "_locality"), True


def measures(records: ir.Table, items: Sequence[tuple[MetricSpec, Rule]],
             ref: Reference) -> tuple[list[_Output], dict[str, ir.Column], dict[str, tuple[str, str, AgeRange]]]:
    """The outputs of every (spec, rule); the per-record measure columns they need, deduplicated
    (identical expressions, e.g. the same metric in several policy periods, become one column); and
    the standard-population band columns, each (its total's column, the age column, the band's ages)."""
    names: dict[object, str] = {}
    columns: dict[str, ir.Column] = {}
    bands: dict[str, tuple[str, str, AgeRange]] = {}

    def column(expr: ir.Column) -> str:
        node = expr.op()
        if node not in names:
            names[node] = f"c{len(names)}"
            columns[names[node]] = expr
        return names[node]

    outputs = []
    for spec, rule in items:
        for component, measure in rule.build(records, spec, ref).items():
            outputs.append(_Output(
                spec=spec, component=component, date_column=rule.date_column,
                numerator=column(measure.numerator),
                denominator=None if measure.denominator is None else column(measure.denominator),
                ages=None if measure.denominator is not None else spec.population_base, weight=None,
            ))
        if spec.standard_population and rule.age_column and spec.population_base:
            total = next(o for o in outputs[::-1] if o.spec == spec and o.component == TOTAL)
            for band in ref.standard_bands(spec.standard_population, *spec.population_base):
                ages = (band.age_from, band.age_to)
                name = f"{total.numerator}_{band.age_from}_{band.age_to}"
                bands[name] = (total.numerator, rule.age_column, ages)
                outputs.append(_Output(spec=spec, component=f"age:{band.label}", date_column=rule.date_column,
                                       numerator=name, denominator=None, ages=ages, weight=band.weight))
    return outputs, columns, bands


def cube(records: ir.Table, has_locality: bool, outputs: Sequence[_Output], columns: dict[str, ir.Column],
         bands: dict[str, tuple[str, str, AgeRange]]) -> ir.Table:
    """The one grouped query per extract: per-record measures projected once, band measures from their
    total's column, then sums per HWB, locality and month of each date used."""
    months = {f"_m_{d}": month_key(records[d]) for d in sorted({o.date_column for o in outputs})}
    projected = records.mutate(**months, **columns)
    if bands:
        projected = projected.mutate(**{
            name: ibis.ifelse(in_ages(projected[age], ages), projected[total], 0)
            for name, (total, age, ages) in bands.items()})
    keys = ["area_code", *(["locality_code"] if has_locality else []), *months]
    sums = {name: projected[name].sum() for name in [*columns, *bands]}
    return projected.group_by(keys).aggregate(**sums)


def _month_range(first: int, last: int) -> list[int]:
    months, (year, month) = [], divmod(first, 100)
    while year * 100 + month <= last:
        months.append(year * 100 + month)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _frames(df: pd.DataFrame, outputs: Sequence[_Output], has_locality: bool,
            lookup: pd.DataFrame | None) -> list[pd.DataFrame]:
    """Long rows (HWB totals and localities, zero-filled months) for every output of one extract."""
    frames = []
    by_date: dict[str, list[_Output]] = defaultdict(list)
    for output in outputs:
        by_date[output.date_column].append(output)
    for date_column, group in by_date.items():
        mcol = f"_m_{date_column}"
        data = df[df[mcol].notna()].copy()
        if data.empty:
            continue
        data[mcol] = data[mcol].astype("int64")
        cols = sorted({o.numerator for o in group} | {o.denominator for o in group if o.denominator})
        months = _month_range(int(data[mcol].min()), int(data[mcol].max()))
        areas = sorted(data["area_code"].unique())
        total = data.groupby(["area_code", mcol])[cols].sum()
        total = total.reindex(pd.MultiIndex.from_product([areas, months], names=["area_code", mcol]), fill_value=0)
        total = total.reset_index()
        total.insert(1, "locality_code", ALL)
        blocks = [total]
        if has_locality and lookup is not None:
            listed = lookup[lookup["area_code"].isin(areas)]
            seen = data.loc[data["area_code"].isin(listed["area_code"]), ["area_code", "locality_code"]]
            pairs = pd.concat([listed[["area_code", "locality_code"]], seen]).drop_duplicates()
            grid = pairs.merge(pd.DataFrame({mcol: months}), how="cross")
            local = data.groupby(["area_code", "locality_code", mcol])[cols].sum().reset_index()
            local = grid.merge(local, how="left", on=["area_code", "locality_code", mcol])
            local = local.fillna(dict.fromkeys(cols, 0))
            blocks.append(local[["area_code", "locality_code", mcol, *cols]])
        block = pd.concat(blocks, ignore_index=True)
        frames.append(_long(block, mcol, group))
    return frames


def _long(block: pd.DataFrame, mcol: str, outputs: Sequence[_Output]) -> pd.DataFrame:
    """One row per block row and output (vectorised: outputs x rows, output-major)."""
    rows, count = len(block), len(outputs)

    def each(values: list) -> np.ndarray:
        return np.repeat(np.asarray(values, dtype=object), rows)

    denominators = [block[o.denominator].to_numpy(dtype="float64") if o.denominator else np.full(rows, np.nan)
                    for o in outputs]
    return pd.DataFrame({
        "area_code": np.tile(block["area_code"].to_numpy(dtype=object), count),
        "locality_code": np.tile(block["locality_code"].to_numpy(dtype=object), count),
        "month": np.tile(block[mcol].to_numpy(dtype="int64"), count),
        "numerator": np.concatenate([block[o.numerator].to_numpy(dtype="int64") for o in outputs]),
        "denominator": pd.array(np.concatenate(denominators), dtype="Int64"),
        "metric": each([o.spec.metric for o in outputs]),
        "policy_period": each([o.spec.policy_period for o in outputs]),
        "component": each([o.component for o in outputs]),
        "engine_rule": each([o.spec.engine_rule for o in outputs]),
        "standard_weight": np.repeat(np.array([np.nan if o.weight is None else o.weight for o in outputs]), rows),
        "_lo": np.repeat(np.array([o.ages[0] if o.ages else -1 for o in outputs]), rows),
        "_hi": np.repeat(np.array([o.ages[1] if o.ages else -1 for o in outputs]), rows),
        "denominator_type": each(["records" if o.denominator else "population" for o in outputs]),
    })


def population_year(month: int, years: Sequence[int]) -> int:
    """The mid-year estimate year for a month: its financial year's start year, else the latest earlier
    year available, else the earliest."""
    year, mon = divmod(month, 100)
    start = year if mon >= 4 else year - 1
    earlier = [y for y in years if y <= start]
    return max(earlier) if earlier else min(years)


def _add_populations(table: pd.DataFrame, populations: pd.DataFrame | None) -> pd.DataFrame:
    """Fill population denominators: the population of each row's ages for its month's estimate year."""
    needs = table["denominator_type"] != "records"
    if not needs.any() or populations is None:
        return table
    pops = populations.assign(locality_code=populations["locality_code"].fillna(ALL))
    years = sorted(int(y) for y in pops["year"].unique())
    sums = []
    for low, high in table.loc[needs, ["_lo", "_hi"]].drop_duplicates().itertuples(index=False):
        inside = pops[(pops["age_from"] >= low) & (pops["age_to"] <= high)]
        summed = inside.groupby(["area_code", "locality_code", "year"], as_index=False)["population"].sum()
        sums.append(summed.assign(_lo=low, _hi=high))
    lookup = pd.concat(sums, ignore_index=True)
    part = table.loc[needs, ["area_code", "locality_code", "month", "_lo", "_hi"]]
    year_of = {m: population_year(int(m), years) for m in part["month"].unique()}
    part = part.assign(year=part["month"].map(year_of))
    merged = part.merge(lookup, how="left", on=["area_code", "locality_code", "year", "_lo", "_hi"])
    table["denominator"] = table["denominator"].astype("Int64")
    table.loc[needs, "denominator"] = pd.array(merged["population"].to_numpy(), dtype="Int64")
    return table


def compute(input_dir: Path | str, *, backend: str = "duckdb", con: BaseBackend | None = None,
            areas: Iterable[str] | None = None, periods: Iterable[str] | None = None, publish: bool = False,
            sdc_rule: SdcRule | None = None, progress: Progress | None = None) -> ComputeResult:
    """Every catalogue metric with a record-level rule, from an ingested folder.

    ``publish`` applies statistical disclosure control (:mod:`.sdc`) for output leaving the engine.
    """
    folder = resolve_ingested(input_dir)
    as_at = date.fromisoformat(read_manifest(folder)["as_at"])
    chosen_areas = check_areas(areas)
    con = con if con is not None else connect(backend)
    tables = load_tables(con, folder)
    if not tables:
        raise EngineError(f"{folder}: no ingested extracts (*.parquet) here")
    if chosen_areas:
        tables = {n: t.filter(t.area_code.isin(chosen_areas)) for n, t in tables.items()}
    ref = reference()
    by_source, skipped = plan(metric_specs(periods), tables)
    lookup = None
    if "localities" in tables:
        lookup = tables["localities"].select("area_code", "locality_code").distinct().execute()
    populations = None
    if "populations" in tables:
        populations = tables["populations"].select("area_code", "locality_code", "year", "age_from", "age_to",
                                                   "population").execute()
    frames: list[pd.DataFrame] = []
    for source, items in by_source.items():
        if progress:
            progress(f"computing {source}")
        records, has_locality = with_localities(tables[source], tables.get("localities"))
        records = with_derived(records, source, ref)
        outputs, columns, bands = measures(records, items, ref)
        df = cube(records, has_locality, outputs, columns, bands).to_pyarrow().to_pandas()
        frames += _frames(df, outputs, has_locality, lookup)
    if progress:
        progress("assembling")
    table = finish(frames, populations, as_at)
    if publish:
        table = publish_metrics(table, sdc_rule or SdcRule(), KEY_COLUMNS)
    return ComputeResult(table=table, as_at=as_at, skipped=skipped)


def finish(frames: list[pd.DataFrame], populations: pd.DataFrame | None, as_at: date) -> pd.DataFrame:
    """Concatenate, add population denominators and labels, order rows and columns."""
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in OUTPUT_COLUMNS})
    table = pd.concat(frames, ignore_index=True)
    table = _add_populations(table, populations)
    table["denominator"] = table["denominator"].astype("Int64")
    table["standard_weight"] = table["standard_weight"].astype("float64")
    labels = {m: f"{m // 100:04d}-{m % 100:02d}" for m in table["month"].unique()}
    table["period"] = table["month"].map(labels)
    table["source"] = SOURCE_LABEL
    table["as_at"] = as_at.isoformat()
    order = np.lexsort([pd.factorize(table[k], sort=True)[0] for k in reversed(KEY_COLUMNS)])
    return pd.DataFrame({c: table[c].to_numpy()[order] if table[c].dtype == object else table[c].array.take(order)
                         for c in OUTPUT_COLUMNS})


def policy_months(period: str) -> tuple[str, str]:
    """First and last month ("YYYY-MM") of a policy period's financial years in the catalogue."""
    years = load_period(period)["financial_years"]
    first, last = min(str(y) for y in years), max(str(y) for y in years)
    return f"{first[:4]}-04", f"{int(last[:4]) + 1}-03"


def monitoring_layout(table: pd.DataFrame) -> pd.DataFrame:
    """The rows and columns ``bettercare metrics import`` reads (see the module docstring)."""
    total = table["component"] == TOTAL
    statistic = table["component"].str.startswith(STATISTIC_COMPONENTS)
    keep = (total | statistic) & (table["locality_code"] != UNKNOWN)
    keep &= ~total | table["denominator"].isna() | (table["denominator"] != 0)
    figure = ["area_code", "locality_code", "metric", "policy_period", "period"]
    totals = table.loc[keep & total, figure]
    with_total = table[figure].merge(totals.assign(_has=1), how="left", on=figure)["_has"].notna()
    keep &= with_total.to_numpy(dtype=bool)  # a band or sum of squares only beside its figure
    for period in table["policy_period"].unique():
        first, last = policy_months(period)
        outside = (table["policy_period"] == period) & ~table["period"].between(first, last)
        keep &= ~outside
    out = table.loc[keep].copy()
    out["locality_code"] = out["locality_code"].where(out["locality_code"] != ALL, "")
    out["component"] = out["component"].where(out["component"] != TOTAL, "")
    columns = list(MONITORING_COLUMNS) + [c for c in ("suppressed", "sdc_rule") if c in out.columns]
    return out[columns].reset_index(drop=True)


def write_table(table: pd.DataFrame, path: Path | str) -> Path:
    """Write CSV or Parquet, chosen by the file extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".parquet"):
        raise EngineError(f"{path}: the output must end in .csv or .parquet")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        table.to_csv(path, index=False)
    else:
        table.to_parquet(path, index=False)
    return path
