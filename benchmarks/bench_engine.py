"""Benchmark: the record-level engine against its floor (one hand-written DuckDB query) and pandas.

Generates (once, cached under var/bench-engine/) synthetic extracts: 10,000,000 admissions and
2,000,000 social care events by default (``--rows`` / ``--social-rows`` for quick runs), ingests
them, then computes every catalogue metric for every HWB, locality and month three ways, each in a
fresh process: (a) the engine (Ibis on DuckDB), (b) one hand-written DuckDB SQL query producing the
same table, (c) a straightforward pandas implementation. Checks that all three agree, prints wall
time (computation only, after imports), peak memory (the process's peak resident set) and the ratios, and
exits non-zero when a target is missed: engine <= 1.3 x SQL, pandas >= 10 x engine, engine peak
memory < 3 GB.

    python benchmarks/bench_engine.py [--rows 1000000] [--social-rows 200000] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
KEY = ["area_code", "locality_code", "metric", "policy_period", "period", "component"]
COLUMNS = [*KEY, "numerator", "denominator"]
TARGET_SQL_RATIO = 1.3
TARGET_PANDAS_RATIO = 10.0
TARGET_PEAK_GB = 3.0
BENCH_KEY = "bettercare-benchmark-key-not-secret"


# -- what each implementation needs to know: the catalogue's metrics and the code lists (data) --------


def metric_map() -> pd.DataFrame:
    """One row per (policy period, metric, component): which measure column is its numerator and
    denominator, the date it is counted by, and the population ages / standard weight."""
    from bettercare.engine.reference import reference
    from bettercare.engine.specs import metric_specs

    ref = reference()
    composite = ref.rule("avoidable_admissions")["by_metric"]
    rows = []
    for spec in metric_specs():
        lo, hi = spec.population_base or (None, None)

        def add(component: str, num: str, den: str | None, source: str, lo=lo, hi=hi, weight=None,
                spec=spec) -> None:
            rows.append({"policy_period": spec.policy_period, "metric": spec.metric, "component": component,
                         "num": num, "den": den, "source": source, "lo": lo, "hi": hi, "weight": weight})

        rule = spec.engine_rule
        if rule == "non_elective_admissions":
            add("total", "nea", None, "adm_am")
        elif rule == "emergency_admissions_65":
            add("total", "em65", None, "adm_am")
        elif rule == "falls_65":
            add("total", "falls", None, "adm_am")
            for band in ref.standard_bands(spec.standard_population, lo, hi):
                add(f"age:{band.label}", f"falls_{band.age_from}", None, "adm_am", band.age_from, band.age_to,
                    band.weight)
        elif rule == "avoidable_admissions":
            add("total", "acs_composite" if spec.metric in composite else "acs_chronic", None, "adm_am")
        elif rule in ("length_of_stay_14", "length_of_stay_21"):
            add("total", f"los{rule[-2:]}", "discharged", "adm_dm")
        elif rule == "discharge_usual_residence":
            add("total", "usual", "usual_den", "adm_dm")
        elif rule == "permanent_admissions_65":
            add("total", "perm65", None, "soc")
        elif rule == "reablement_91":
            add("total", "reab_num", "reab_den", "soc")
        elif rule == "delayed_days":
            add("total", "dd_total", None, "dd")
            for component in spec.components:
                add(component, f"dd_{component}", None, "dd")
        elif rule == "discharge_delay":
            add("total", "delay_days", "delay_den", "drd")
            add("sum_of_squares", "delay_squares", "delay_den", "drd")
    return pd.DataFrame(rows)


def code_lists() -> dict[str, list[str]]:
    from bettercare.engine.reference import reference

    ref = reference()
    composite = next(iter(ref.rule("avoidable_admissions")["by_metric"].values()))
    return {
        "emergency": list(ref.codes("admission_method", "emergency")),
        "nel": list(ref.codes("admission_method", "non_elective_general_acute")),
        "care_home_source": list(ref.codes("admission_source", "care_home")),
        "care_home_dest": list(ref.codes("discharge_destination", "care_home")),
        "excluded_dest": list(ref.codes("discharge_destination", "died"))
        + list(ref.codes("discharge_destination", "not_applicable_or_known")),
        "usual_dest": list(ref.codes("discharge_destination", "usual_residence")),
        "injury": list(ref.icd("injury")),
        "fall": list(ref.icd("fall")),
        "chronic": [(e.prefix, e.min_age, e.max_age) for e in ref.code_lists(("chronic_acs",))],
        "composite": [(e.prefix, e.min_age, e.max_age) for e in ref.code_lists(tuple(composite))],
    }


def population_year(month: int, years: list[int]) -> int:
    year, mon = divmod(month, 100)
    start = year if mon >= 4 else year - 1
    earlier = [y for y in years if y <= start]
    return max(earlier) if earlier else min(years)


# -- (b) one hand-written DuckDB query --------------------------------------------------------------


def _in(values: list[str]) -> str:
    return "(" + ", ".join(f"'{v}'" for v in values) + ")"


def _acs_sql(entries: list[tuple[str, int | None, int | None]]) -> str:
    """Prefix matches as IN lists on the first 3 / 4 characters, grouped by each code's ages."""
    groups: dict[tuple[int, int], list[str]] = {}
    for prefix, lo, hi in entries:
        groups.setdefault((lo or 0, 999 if hi is None else hi), []).append(prefix)
    parts = []
    for (lo, hi), prefixes in groups.items():
        match = " OR ".join(f"dx{n} IN {_in([p for p in prefixes if len(p) == n])}"
                            for n in (3, 4) if any(len(p) == n for p in prefixes))
        parts.append(f"(({match}){'' if (lo, hi) == (0, 999) else f' AND age BETWEEN {lo} AND {hi}'})")
    return " OR ".join(parts)


def sql_query(folder: Path, as_at: str) -> str:
    c = code_lists()
    m = metric_map()
    f = {name: f"read_parquet('{folder / (name + '.parquet')}')" for name in
         ("admissions", "social_care_events", "delayed_days", "discharge_ready", "populations", "localities")}
    bands = [(lo, 999 if lo == 90 else lo + 4) for lo in (65, 70, 75, 80, 85, 90)]
    falls_bands = ",\n".join(f"sum(CASE WHEN age BETWEEN {lo} AND {hi} THEN falls ELSE 0 END) AS falls_{lo}"
                             for lo, hi in bands)
    usual_den = f"discharge_date IS NOT NULL AND discharge_destination NOT IN {_in(c['excluded_dest'])}"
    values = ", ".join(
        f"('{r.policy_period}', '{r.metric}', '{r.component}', '{r.num}', "
        f"{'NULL' if r.den is None else repr(r.den)}, '{r.source}', "
        f"{'NULL' if pd.isna(r.lo) else int(r.lo)}, {'NULL' if pd.isna(r.hi) else int(r.hi)}, "
        f"{'NULL' if pd.isna(r.weight) else float(r.weight)})" for r in m.itertuples())

    def rollup(cube: str, month: str, columns: list[str], has_locality: bool) -> str:
        sums = ", ".join(f"sum({col}) AS {col}" for col in columns)
        unpivot = ", ".join(columns)
        if has_locality:
            grouped = (f"SELECT area_code, coalesce(locality_code, 'ALL') AS locality_code, {month} AS month, {sums} "
                       f"FROM {cube} WHERE {month} IS NOT NULL "
                       f"GROUP BY GROUPING SETS ((area_code, locality_code, {month}), (area_code, {month}))")
            pairs = (f"SELECT DISTINCT area_code, 'ALL' AS locality_code FROM {cube} WHERE {month} IS NOT NULL "
                     f"UNION SELECT DISTINCT l.area_code, l.locality_code FROM loc l "
                     f"WHERE l.area_code IN (SELECT area_code FROM {cube} WHERE {month} IS NOT NULL) "
                     f"UNION SELECT DISTINCT area_code, locality_code FROM {cube} "
                     f"WHERE {month} IS NOT NULL AND area_code IN (SELECT area_code FROM loc)")
        else:
            grouped = (f"SELECT area_code, 'ALL' AS locality_code, {month} AS month, {sums} FROM {cube} "
                       f"WHERE {month} IS NOT NULL GROUP BY area_code, {month}")
            pairs = f"SELECT DISTINCT area_code, 'ALL' AS locality_code FROM {cube} WHERE {month} IS NOT NULL"
        months = (f"SELECT CAST(strftime(m, '%Y%m') AS INTEGER) AS month FROM (SELECT unnest(generate_series("
                  f"make_date(min({month}) // 100, min({month}) % 100, 1), make_date(max({month}) // 100, "
                  f"max({month}) % 100, 1), INTERVAL 1 MONTH)) AS m FROM {cube} WHERE {month} IS NOT NULL)")
        filled = ", ".join(f"coalesce(g.{col}, 0) AS {col}" for col in columns)
        return (f"(UNPIVOT (SELECT p.area_code, p.locality_code, mo.month, {filled} FROM ({pairs}) p "
                f"CROSS JOIN ({months}) mo LEFT JOIN ({grouped}) g ON g.area_code = p.area_code "
                f"AND g.locality_code = p.locality_code AND g.month = mo.month) ON {unpivot} "
                f"INTO NAME measure VALUE value)")

    adm_am = ["nea", "em65", "falls"] + [f"falls_{lo}" for lo, _ in bands] + ["acs_chronic", "acs_composite"]
    adm_dm = ["discharged", "los14", "los21", "usual", "usual_den"]
    return f"""
WITH
loc AS (SELECT area_code, lsoa_code, locality_code FROM {f['localities']}),
adm_base AS (
  SELECT a.area_code, coalesce(l.locality_code, 'UNKNOWN') AS locality_code, age,
    year(admission_date) * 100 + month(admission_date) AS am,
    year(discharge_date) * 100 + month(discharge_date) AS dm,
    admission_method, admission_source, discharge_date, discharge_destination,
    admission_method IN {_in(c['emergency'])} AS emergency,
    substr(primary_diagnosis, 1, 3) AS dx3, substr(primary_diagnosis, 1, 4) AS dx4,
    substr(external_cause, 1, 3) AS cause3, discharge_date - admission_date AS stay
  FROM {f['admissions']} a LEFT JOIN loc l ON a.area_code = l.area_code AND a.lsoa_code = l.lsoa_code),
adm_flags AS (
  SELECT area_code, locality_code, am, dm, age,
    CASE WHEN admission_method IN {_in(c['nel'])} THEN 1 ELSE 0 END AS nea,
    CASE WHEN emergency AND age >= 65 THEN 1 ELSE 0 END AS em65,
    CASE WHEN emergency AND age >= 65 AND cause3 IN {_in(c['fall'])} AND dx3 IN {_in(c['injury'])}
      THEN 1 ELSE 0 END AS falls,
    CASE WHEN emergency AND ({_acs_sql(c['chronic'])}) THEN 1 ELSE 0 END AS acs_chronic,
    CASE WHEN emergency AND ({_acs_sql(c['composite'])}) THEN 1 ELSE 0 END AS acs_composite,
    CASE WHEN discharge_date IS NOT NULL THEN 1 ELSE 0 END AS discharged,
    CASE WHEN stay >= 14 THEN 1 ELSE 0 END AS los14,
    CASE WHEN stay >= 21 THEN 1 ELSE 0 END AS los21,
    CASE WHEN {usual_den} AND (discharge_destination IN {_in(c['usual_dest'])}
         OR (admission_source IN {_in(c['care_home_source'])}
             AND discharge_destination IN {_in(c['care_home_dest'])})) THEN 1 ELSE 0 END AS usual,
    CASE WHEN {usual_den} THEN 1 ELSE 0 END AS usual_den
  FROM adm_base),
adm AS MATERIALIZED (
  SELECT area_code, locality_code, am, dm, sum(nea) AS nea, sum(em65) AS em65, sum(falls) AS falls,
    {falls_bands},
    sum(acs_chronic) AS acs_chronic, sum(acs_composite) AS acs_composite, sum(discharged) AS discharged,
    sum(los14) AS los14, sum(los21) AS los21, sum(usual) AS usual, sum(usual_den) AS usual_den
  FROM adm_flags GROUP BY ALL),
soc AS MATERIALIZED (
  SELECT area_code, year(event_date) * 100 + month(event_date) AS em,
    sum(CASE WHEN event_type IN ('permanent_residential', 'permanent_nursing') AND age >= 65 THEN 1 ELSE 0 END)
      AS perm65,
    sum(CASE WHEN event_type = 'reablement_start' AND from_hospital AND age >= 65 AND status_91 = 'at_home'
      THEN 1 ELSE 0 END) AS reab_num,
    sum(CASE WHEN event_type = 'reablement_start' AND from_hospital AND age >= 65
      AND status_91 IN ('at_home', 'not_at_home', 'died') THEN 1 ELSE 0 END) AS reab_den
  FROM {f['social_care_events']} GROUP BY ALL),
dd AS MATERIALIZED (
  SELECT area_code, year(month) * 100 + month(month) AS mm, sum(delayed_days) AS dd_total,
    sum(CASE WHEN attribution = 'nhs' THEN delayed_days ELSE 0 END) AS dd_nhs,
    sum(CASE WHEN attribution = 'social_care' THEN delayed_days ELSE 0 END) AS dd_social_care,
    sum(CASE WHEN attribution = 'both' THEN delayed_days ELSE 0 END) AS dd_both
  FROM {f['delayed_days']} GROUP BY ALL),
drd AS MATERIALIZED (
  SELECT d.area_code, coalesce(l.locality_code, 'UNKNOWN') AS locality_code,
    year(discharge_date) * 100 + month(discharge_date) AS dm,
    sum(CASE WHEN age >= 18 THEN greatest(discharge_date - discharge_ready_date, 0) ELSE 0 END) AS delay_days,
    sum(CASE WHEN age >= 18 THEN greatest(discharge_date - discharge_ready_date, 0) ^ 2 ELSE 0 END)::BIGINT
      AS delay_squares,
    sum(CASE WHEN age >= 18 THEN 1 ELSE 0 END) AS delay_den
  FROM {f['discharge_ready']} d LEFT JOIN loc l ON d.area_code = l.area_code AND d.lsoa_code = l.lsoa_code
  GROUP BY ALL),
long AS MATERIALIZED (
  SELECT 'adm_am' AS source, * FROM {rollup('adm', 'am', adm_am, True)}
  UNION ALL SELECT 'adm_dm', * FROM {rollup('adm', 'dm', adm_dm, True)}
  UNION ALL SELECT 'soc', * FROM {rollup('soc', 'em', ['perm65', 'reab_num', 'reab_den'], False)}
  UNION ALL SELECT 'dd', * FROM {rollup('dd', 'mm', ['dd_total', 'dd_nhs', 'dd_social_care', 'dd_both'], False)}
  UNION ALL SELECT 'drd', * FROM {rollup('drd', 'dm', ['delay_days', 'delay_squares', 'delay_den'], True)}),
map AS (SELECT * FROM (VALUES {values}) AS t(policy_period, metric, component, num, den, source, lo, hi, weight)),
pop AS (SELECT area_code, coalesce(locality_code, 'ALL') AS locality_code, year, age_from, age_to, population
        FROM {f['populations']}),
years AS (SELECT DISTINCT year FROM pop),
pop_year AS (
  SELECT mo.month, coalesce(max(y.year) FILTER (WHERE y.year <= mo.month // 100 - CASE WHEN mo.month % 100 < 4
    THEN 1 ELSE 0 END), min(y.year)) AS pop_year
  FROM (SELECT DISTINCT month FROM long) mo CROSS JOIN years y GROUP BY mo.month),
pop_sums AS (
  SELECT p.area_code, p.locality_code, p.year, r.lo, r.hi, sum(p.population) AS population
  FROM pop p JOIN (SELECT DISTINCT lo, hi FROM map WHERE den IS NULL) r ON p.age_from >= r.lo AND p.age_to <= r.hi
  GROUP BY ALL),
rows AS (
  SELECT n.area_code, n.locality_code, m.metric, m.policy_period, n.month, m.component, n.value AS numerator,
    d.value AS den_value, m.den, m.lo, m.hi, py.pop_year
  FROM long n JOIN map m ON n.source = m.source AND n.measure = m.num JOIN pop_year py ON py.month = n.month
  LEFT JOIN long d ON d.source = m.source AND d.measure = m.den AND d.area_code = n.area_code
    AND d.locality_code = n.locality_code AND d.month = n.month)
SELECT r.area_code, r.locality_code, r.metric, r.policy_period,
  printf('%04d-%02d', r.month // 100, r.month % 100) AS period, r.component,
  CAST(r.numerator AS BIGINT) AS numerator,
  CAST(CASE WHEN r.den IS NOT NULL THEN r.den_value ELSE ps.population END AS BIGINT) AS denominator
FROM rows r LEFT JOIN pop_sums ps ON ps.area_code = r.area_code
  AND ps.locality_code = r.locality_code AND ps.year = r.pop_year AND ps.lo = r.lo AND ps.hi = r.hi
ORDER BY 1, 2, 3, 4, 5, 6
"""


def run_sql(folder: Path) -> pd.DataFrame:
    import duckdb

    con = duckdb.connect()
    as_at = json.loads((folder / "manifest.json").read_text())["as_at"]
    return con.sql(sql_query(folder, as_at)).df()


# -- (c) straightforward pandas -------------------------------------------------------------------------


def _acs(df: pd.DataFrame, entries: list[tuple[str, int | None, int | None]]) -> pd.Series:
    code3, code4 = df["primary_diagnosis"].str[:3], df["primary_diagnosis"].str[:4]
    hit = pd.Series(False, index=df.index)
    for prefix, lo, hi in entries:
        match = (code3 if len(prefix) == 3 else code4) == prefix
        if lo is not None or hi is not None:
            match &= df["age"].between(lo or 0, 999 if hi is None else hi)
        hit |= match
    return hit


def _month(dates: pd.Series) -> pd.Series:
    dates = pd.to_datetime(dates)
    return (dates.dt.year * 100 + dates.dt.month).astype("Int64")


def _rollup(cube: pd.DataFrame, month: str, columns: list[str], lookup: pd.DataFrame | None,
            source: str) -> pd.DataFrame:
    data = cube[cube[month].notna()]
    first, last = int(data[month].min()), int(data[month].max())
    months = [int(p.strftime("%Y%m")) for p in pd.period_range(f"{first // 100}-{first % 100:02d}",
                                                                 f"{last // 100}-{last % 100:02d}", freq="M")]
    areas = data["area_code"].unique()
    pairs = [pd.DataFrame({"area_code": areas, "locality_code": "ALL"})]
    frames = [data.groupby(["area_code", month], as_index=False)[columns].sum().assign(locality_code="ALL")]
    if lookup is not None:
        listed = lookup[lookup["area_code"].isin(areas)][["area_code", "locality_code"]]
        seen = data[data["area_code"].isin(lookup["area_code"])][["area_code", "locality_code"]]
        pairs += [listed, seen]
        frames.append(data.groupby(["area_code", "locality_code", month], as_index=False)[columns].sum())
    grid = pd.concat(pairs).drop_duplicates().merge(pd.DataFrame({month: months}), how="cross")
    sums = pd.concat(frames, ignore_index=True)
    full = grid.merge(sums, how="left", on=["area_code", "locality_code", month]).fillna(dict.fromkeys(columns, 0))
    long = full.melt(id_vars=["area_code", "locality_code", month], value_vars=columns, var_name="measure")
    return long.rename(columns={month: "month"}).assign(source=source)


def run_pandas(folder: Path) -> pd.DataFrame:
    c = code_lists()
    read = lambda name, columns=None: pd.read_parquet(folder / f"{name}.parquet", columns=columns)  # noqa: E731
    lookup = read("localities", ["area_code", "lsoa_code", "locality_code"])

    adm = read("admissions", ["area_code", "lsoa_code", "age", "admission_date", "admission_method",
                              "admission_source", "discharge_date", "discharge_destination", "primary_diagnosis",
                              "external_cause"])
    adm = adm.merge(lookup, how="left", on=["area_code", "lsoa_code"])
    adm["locality_code"] = adm["locality_code"].fillna("UNKNOWN")
    adm["am"], adm["dm"] = _month(adm["admission_date"]), _month(adm["discharge_date"])
    emergency = adm["admission_method"].isin(c["emergency"])
    fall = (emergency & (adm["age"] >= 65) & adm["external_cause"].str[:3].isin(c["fall"])
            & adm["primary_diagnosis"].str[:3].isin(c["injury"]))
    flags = pd.DataFrame({
        "nea": adm["admission_method"].isin(c["nel"]),
        "em65": emergency & (adm["age"] >= 65),
        "falls": fall,
        **{f"falls_{lo}": fall & adm["age"].between(lo, 999 if lo == 90 else lo + 4) for lo in range(65, 95, 5)},
        "acs_chronic": emergency & _acs(adm, c["chronic"]),
        "acs_composite": emergency & _acs(adm, c["composite"]),
    }).astype("int64")
    stay = (pd.to_datetime(adm["discharge_date"]) - pd.to_datetime(adm["admission_date"])).dt.days
    usual_den = adm["discharge_date"].notna() & ~adm["discharge_destination"].isin(c["excluded_dest"]) \
        & adm["discharge_destination"].notna()
    usual = usual_den & (adm["discharge_destination"].isin(c["usual_dest"])
                         | (adm["admission_source"].isin(c["care_home_source"])
                            & adm["discharge_destination"].isin(c["care_home_dest"])))
    flags = flags.assign(discharged=adm["discharge_date"].notna(), los14=stay >= 14, los21=stay >= 21,
                         usual=usual, usual_den=usual_den).astype("int64")
    cube = pd.concat([adm[["area_code", "locality_code", "am", "dm"]], flags], axis=1)
    am_cols = ["nea", "em65", "falls", *[f"falls_{lo}" for lo in range(65, 95, 5)], "acs_chronic", "acs_composite"]
    dm_cols = ["discharged", "los14", "los21", "usual", "usual_den"]
    parts = [_rollup(cube, "am", am_cols, lookup, "adm_am"), _rollup(cube, "dm", dm_cols, lookup, "adm_dm")]

    soc = read("social_care_events")
    soc["em"] = _month(soc["event_date"])
    start = (soc["event_type"] == "reablement_start") & soc["from_hospital"].astype("boolean").fillna(False) \
        & (soc["age"] >= 65)
    soc["perm65"] = (soc["event_type"].isin(["permanent_residential", "permanent_nursing"]) & (soc["age"] >= 65))
    soc["reab_num"] = start & (soc["status_91"] == "at_home")
    soc["reab_den"] = start & soc["status_91"].isin(["at_home", "not_at_home", "died"])
    soc_cols = ["perm65", "reab_num", "reab_den"]
    soc[soc_cols] = soc[soc_cols].astype("int64")
    parts.append(_rollup(soc.assign(locality_code="ALL"), "em", soc_cols, None, "soc"))

    dd = read("delayed_days")
    dd["mm"] = _month(dd["month"])
    dd["dd_total"] = dd["delayed_days"]
    for attribution in ("nhs", "social_care", "both"):
        dd[f"dd_{attribution}"] = dd["delayed_days"].where(dd["attribution"] == attribution, 0)
    dd_cols = ["dd_total", "dd_nhs", "dd_social_care", "dd_both"]
    parts.append(_rollup(dd.assign(locality_code="ALL"), "mm", dd_cols, None, "dd"))

    drd = read("discharge_ready").merge(lookup, how="left", on=["area_code", "lsoa_code"])
    drd["locality_code"] = drd["locality_code"].fillna("UNKNOWN")
    drd["dm"] = _month(drd["discharge_date"])
    adult = drd["age"] >= 18
    delay = (pd.to_datetime(drd["discharge_date"]) - pd.to_datetime(drd["discharge_ready_date"])).dt.days.clip(lower=0)
    drd["delay_days"] = delay.where(adult, 0)
    drd["delay_squares"] = (delay * delay).where(adult, 0)
    drd["delay_den"] = adult.astype("int64")
    parts.append(_rollup(drd, "dm", ["delay_days", "delay_squares", "delay_den"], lookup, "drd"))

    long = pd.concat(parts, ignore_index=True)
    m = metric_map()
    rows = m.merge(long, left_on=["source", "num"], right_on=["source", "measure"])
    dens = long.rename(columns={"value": "den_value", "measure": "den"})
    rows = rows.merge(dens, how="left", on=["source", "den", "area_code", "locality_code", "month"])
    pops = read("populations")
    pops["locality_code"] = pops["locality_code"].fillna("ALL")
    years = sorted(pops["year"].unique().tolist())
    rows["year"] = rows["month"].map(lambda mo: population_year(int(mo), years))
    ranges = m[m["den"].isna()][["lo", "hi"]].drop_duplicates()
    sums = []
    for lo, hi in ranges.itertuples(index=False):
        inside = pops[(pops["age_from"] >= lo) & (pops["age_to"] <= hi)]
        sums.append(inside.groupby(["area_code", "locality_code", "year"], as_index=False)["population"].sum()
                    .assign(lo=lo, hi=hi))
    rows = rows.merge(pd.concat(sums), how="left", on=["area_code", "locality_code", "year", "lo", "hi"])
    rows["denominator"] = rows["den_value"].where(rows["den"].notna(), rows["population"])
    rows["period"] = rows["month"].map(lambda mo: f"{int(mo) // 100:04d}-{int(mo) % 100:02d}")
    rows["numerator"] = rows["value"]
    return rows[COLUMNS].sort_values(KEY).reset_index(drop=True)


# -- (a) the engine ---------------------------------------------------------------------------------------


def run_engine(folder: Path) -> pd.DataFrame:
    from bettercare.engine import compute

    return compute(folder).table


def canonical(df: pd.DataFrame) -> pd.DataFrame:
    """Same columns, types and row order, for comparing implementations."""
    out = df[COLUMNS].copy()
    out["numerator"] = out["numerator"].astype("int64")
    out["denominator"] = pd.to_numeric(out["denominator"]).astype("Int64")
    return out.sort_values(KEY).reset_index(drop=True)


# -- harness ------------------------------------------------------------------------------------------------


def peak_memory() -> int:
    """Peak resident memory of this process in bytes: VmHWM (Linux; reset by exec, unlike ru_maxrss,
    which a child inherits from its parent), else ru_maxrss."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def worker(kind: str, folder: Path, result: Path) -> None:
    """Run one implementation (imports first, then the timed computation); report JSON on stdout."""
    run = {"engine": run_engine, "sql": run_sql, "pandas": run_pandas}[kind]
    # imports are not computation: load each implementation's libraries before the clock starts
    import duckdb  # noqa: F401
    import pyarrow.parquet  # noqa: F401

    if kind == "engine":
        import ibis

        import bettercare.engine.metrics  # noqa: F401

        ibis.duckdb  # noqa: B018  (loads the backend module)
    start = time.perf_counter()
    table = run(folder)
    wall = time.perf_counter() - start
    peak = peak_memory()
    canonical(table).to_parquet(result, index=False)
    print(json.dumps({"kind": kind, "wall": wall, "peak_bytes": peak, "rows": len(table)}))


def prepare(rows: int, social_rows: int, seed: int, base: Path) -> Path:
    """Synthetic extracts (Parquet) and their ingest, cached by size and seed."""
    from bettercare.engine import generate, ingest

    folder = base / f"rows{rows}-social{social_rows}-seed{seed}"
    ingested = folder / "ingested"
    if (ingested / "manifest.json").is_file():
        print(f"using cached extracts in {folder}")
        return ingested
    shutil.rmtree(folder, ignore_errors=True)
    start = time.perf_counter()
    generate(folder, rows=rows, social_rows=social_rows, seed=seed, fmt="parquet",
             progress=lambda done, total: print(f"\r  synth {done:,}/{total:,}", end="", flush=True))
    print(f"\nsynth: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    ingest(folder, ingested, key=BENCH_KEY.encode())
    print(f"ingest: {time.perf_counter() - start:.1f} s")
    return ingested


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--social-rows", type=int, default=None)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--data", type=Path, default=ROOT / "var" / "bench-engine")
    parser.add_argument("--worker", choices=("engine", "sql", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--input", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.input, args.result)
        return 0
    social = args.social_rows if args.social_rows is not None else args.rows // 5
    folder = prepare(args.rows, social, args.seed, args.data)
    figures = {}
    for kind in ("engine", "sql", "pandas"):
        result = folder.parent / f"result-{kind}.parquet"
        command = [sys.executable, __file__, "--worker", kind, "--input", str(folder), "--result", str(result)]
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONWARNINGS": "ignore"})
        if done.returncode != 0:
            print(f"{kind} failed:\n{done.stderr[-3000:]}")
            return 1
        figures[kind] = json.loads(done.stdout.strip().splitlines()[-1])
        figures[kind]["table"] = pd.read_parquet(result)
        print(f"  {kind:<7} {figures[kind]['wall']:8.2f} s   peak {figures[kind]['peak_bytes'] / 1e9:5.2f} GB   "
              f"{figures[kind]['rows']:,} rows", flush=True)
    agree = True
    for kind in ("sql", "pandas"):
        try:
            pd.testing.assert_frame_equal(figures["engine"]["table"], figures[kind]["table"])
        except AssertionError as error:
            agree = False
            print(f"engine and {kind} DISAGREE: {str(error)[:800]}")
    engine, sql, pandas_ = (figures[k]["wall"] for k in ("engine", "sql", "pandas"))
    peak_gb = figures["engine"]["peak_bytes"] / 1e9
    checks = [
        (f"engine / hand-written SQL = {engine / sql:.2f} (target <= {TARGET_SQL_RATIO})",
         engine / sql <= TARGET_SQL_RATIO),
        (f"pandas / engine = {pandas_ / engine:.1f} (target >= {TARGET_PANDAS_RATIO:.0f})",
         pandas_ / engine >= TARGET_PANDAS_RATIO),
        (f"engine peak memory = {peak_gb:.2f} GB (target < {TARGET_PEAK_GB:.0f} GB)", peak_gb < TARGET_PEAK_GB),
        ("all three implementations agree", agree),
    ]
    print(f"\nbench_engine: {args.rows:,} admissions, {social:,} social care events, "
          f"{figures['engine']['rows']:,} output rows")
    for text, ok in checks:
        print(f"  [{'ok' if ok else 'MISSED'}] {text}")
    return 0 if all(ok for _, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
