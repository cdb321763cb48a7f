"""Record-level views beyond the catalogue metrics; aggregates only, never lists of people.

* Care-home admissions (seed 000's dashboard): emergency admissions of people admitted from a care
  home (admission source 54, 65, 85), and of those the avoidable ones (primary diagnosis on the
  ``care_home_admissions`` code lists: chronic and acute ACS), per HWB, locality and financial
  year, with the change on the previous year.
* Risk stratification: people ranked within their HWB by emergency admissions in the year before
  the as-at date (``lookback_days``; ties broken by emergency bed days), then placed in tiers by
  cumulative share of the HWB's population (``rule_parameters.yaml``: very_high = top 2%, high = next
  3%, moderate = next 15%; everyone else with an emergency admission is ``low``). Output: counts of
  people, their emergency admissions and bed days per HWB, locality (of their latest admission) and
  tier, with tier ``all``; the ranking stays inside the query.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

import ibis
import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend

from .backends import connect, load_tables
from .errors import EngineError
from .ingestion import read_manifest, resolve_ingested
from .metrics import ALL, check_areas, population_year, with_localities
from .reference import reference
from .rules import icd_in, is_emergency
from .sdc import Hierarchy, SdcRule, protect

CARE_HOME_COLUMNS = ("area_code", "locality_code", "locality_name", "financial_year", "months_in_data", "admissions",
                     "avoidable_admissions", "admissions_previous_year", "avoidable_previous_year",
                     "admissions_change_pct", "avoidable_change_pct", "as_at")
RISK_COLUMNS = ("area_code", "locality_code", "locality_name", "tier", "people", "emergency_admissions",
                "emergency_bed_days", "population", "as_at")


def _open(input_dir: Path | str, backend: str, con: BaseBackend | None,
          areas: Iterable[str] | None) -> tuple[dict[str, ir.Table], date]:
    folder = resolve_ingested(input_dir)
    as_at = date.fromisoformat(read_manifest(folder)["as_at"])
    tables = load_tables(con if con is not None else connect(backend), folder)
    if "admissions" not in tables:
        raise EngineError(f"{folder}: no admissions extract")
    chosen = check_areas(areas)
    if chosen:
        tables = {n: t.filter(t.area_code.isin(chosen)) for n, t in tables.items()}
    return tables, as_at


def _with_all(df: pd.DataFrame, keys: list[str], values: list[str], tables: dict[str, ir.Table],
              has_locality: bool) -> pd.DataFrame:
    """Add whole-HWB rows (locality ALL) summed over localities; keep locality rows only for HWBs
    in the localities lookup."""
    total = df.groupby(["area_code", *keys], as_index=False)[values].sum()
    total["locality_code"] = ALL
    if not has_locality:
        return total
    listed = set(tables["localities"].select("area_code").distinct().execute()["area_code"])
    return pd.concat([total, df[df["area_code"].isin(listed)]], ignore_index=True)


def _names(df: pd.DataFrame, tables: dict[str, ir.Table]) -> pd.DataFrame:
    """Add ``locality_name`` from the localities lookup (blank for ALL and UNKNOWN)."""
    if "localities" not in tables:
        return df.assign(locality_name="")
    lookup = tables["localities"].select("area_code", "locality_code", "locality_name").distinct().execute()
    lookup = lookup.drop_duplicates(["area_code", "locality_code"])
    return df.merge(lookup, how="left", on=["area_code", "locality_code"]).fillna({"locality_name": ""})


def _change(current: pd.Series, previous: pd.Series) -> pd.Series:
    current, previous = current.astype("Float64"), previous.astype("Float64")
    return ((current - previous) / previous * 100).where(previous > 0).round(1)


def care_home_admissions(input_dir: Path | str, *, backend: str = "duckdb", con: BaseBackend | None = None,
                         areas: Iterable[str] | None = None, publish: bool = False,
                         sdc_rule: SdcRule | None = None) -> pd.DataFrame:
    """Emergency and avoidable admissions from care homes by HWB, locality and financial year."""
    tables, as_at = _open(input_dir, backend, con, areas)
    ref = reference()
    t, has_locality = with_localities(tables["admissions"], tables.get("localities"))
    if not has_locality:
        t = t.mutate(locality_code=ibis.literal(ALL))
    year = t.admission_date.year() - ibis.ifelse(t.admission_date.month() < 4, 1, 0)
    codes = ref.code_lists(tuple(ref.rule("care_home_admissions")["code_lists"]))
    from_home = is_emergency(t, ref) & t.admission_source.isin(ref.codes("admission_source", "care_home"))
    avoidable = from_home & icd_in(t.primary_diagnosis.substr(0, 3), t.primary_diagnosis.substr(0, 4), codes, t.age)
    grouped = t.mutate(fy=year, month=t.admission_date.year() * 100 + t.admission_date.month())
    counts = grouped.group_by(["area_code", "locality_code", "fy"]).aggregate(
        admissions=ibis.ifelse(from_home, 1, 0).sum(), avoidable_admissions=ibis.ifelse(avoidable, 1, 0).sum(),
    ).execute()
    months = grouped.group_by("fy").aggregate(months_in_data=grouped.month.nunique()).execute()
    values = ["admissions", "avoidable_admissions"]
    counts[values] = counts[values].astype("int64")
    df = _with_all(counts, ["fy"], values, tables, has_locality)
    grid = df[["area_code", "locality_code"]].drop_duplicates().merge(months[["fy"]], how="cross")
    df = grid.merge(df, how="left", on=["area_code", "locality_code", "fy"]).fillna(dict.fromkeys(values, 0))
    df[values] = df[values].astype("int64")
    df = df.merge(months, on="fy")
    df["financial_year"] = df["fy"].map(lambda y: f"{y}-{(y + 1) % 100:02d}")
    df = df.sort_values(["area_code", "locality_code", "fy"]).reset_index(drop=True)
    if publish:
        df = protect(df, {v: pd.Series(True, index=df.index) for v in values},
                     ["area_code", "locality_code", "financial_year"], [Hierarchy("locality_code", ALL)],
                     sdc_rule or SdcRule())
    previous = df[["area_code", "locality_code", "fy", *values]].assign(fy=df["fy"] + 1)
    previous = previous.rename(columns={"admissions": "admissions_previous_year",
                                        "avoidable_admissions": "avoidable_previous_year"})
    df = df.merge(previous, how="left", on=["area_code", "locality_code", "fy"])
    for column in ("admissions_previous_year", "avoidable_previous_year"):
        df[column] = df[column].astype("Int64")
    df = _names(df, tables)
    df["admissions_change_pct"] = _change(df["admissions"], df["admissions_previous_year"])
    df["avoidable_change_pct"] = _change(df["avoidable_admissions"], df["avoidable_previous_year"])
    df["as_at"] = as_at.isoformat()
    extra = [c for c in ("suppressed", "sdc_rule") if c in df.columns]
    return df[list(CARE_HOME_COLUMNS) + extra]


def risk_strata(input_dir: Path | str, *, backend: str = "duckdb", con: BaseBackend | None = None,
                areas: Iterable[str] | None = None, publish: bool = False,
                sdc_rule: SdcRule | None = None) -> pd.DataFrame:
    """Counts of people per risk tier (by prior emergency use) per HWB and locality; see the module doc."""
    tables, as_at = _open(input_dir, backend, con, areas)
    if "populations" not in tables:
        raise EngineError("risk stratification needs the populations extract (tiers are shares of it)")
    ref = reference()
    params = ref.rule("risk_stratification")
    t, has_locality = with_localities(tables["admissions"], tables.get("localities"))
    if not has_locality:
        t = t.mutate(locality_code=ibis.literal(ALL))
    since = as_at - timedelta(days=int(params["lookback_days"]))
    recent = t.filter(is_emergency(t, ref) & t.person_id.notnull() & (t.admission_date > ibis.date(since))
                      & (t.admission_date <= ibis.date(as_at)))
    end = recent.discharge_date.fill_null(ibis.date(as_at))
    recent = recent.mutate(bed_days=end.delta(recent.admission_date, unit="day"))
    people = recent.group_by(["area_code", "person_id"]).aggregate(
        admissions=recent.count(), bed_days=recent.bed_days.sum(),
        locality_code=recent.locality_code.argmax(recent.admission_date),
    )
    pops = tables["populations"]
    years = sorted(int(y) for y in pops.select("year").distinct().execute()["year"])
    if not years:
        raise EngineError("the populations extract is empty")
    year = population_year(as_at.year * 100 + as_at.month, years)
    whole = pops.filter(pops.locality_code.isnull() & (pops.year == year))
    totals = whole.group_by("area_code").aggregate(population=whole.population.sum())
    ranked = people.mutate(rank=ibis.row_number().over(
        group_by=people.area_code, order_by=[people.admissions.desc(), people.bed_days.desc(), people.person_id]))
    ranked = ranked.join(totals, "area_code")
    tier = ibis.literal("low")
    for entry in reversed(params["tiers"]):
        tier = ibis.ifelse(ranked["rank"] < (ranked.population * float(entry["top_share"])).floor(), entry["tier"],
                           tier)
    counts = ranked.mutate(tier=tier).group_by(["area_code", "locality_code", "tier"]).aggregate(
        people=ibis._.count(), emergency_admissions=ibis._.admissions.sum(), emergency_bed_days=ibis._.bed_days.sum(),
    ).execute()
    values = ["people", "emergency_admissions", "emergency_bed_days"]
    counts[values] = counts[values].astype("int64")
    all_tiers = counts.groupby(["area_code", "locality_code"], as_index=False)[values].sum().assign(tier="all")
    df = _with_all(pd.concat([counts, all_tiers], ignore_index=True), ["tier"], values, tables, has_locality)
    names = [e["tier"] for e in params["tiers"]] + ["low", "all"]
    grid = df[["area_code", "locality_code"]].drop_duplicates().merge(pd.DataFrame({"tier": names}), how="cross")
    df = grid.merge(df, how="left", on=["area_code", "locality_code", "tier"]).fillna(dict.fromkeys(values, 0))
    df[values] = df[values].astype("int64")
    population = totals.execute().set_index("area_code")["population"]
    df["population"] = df["area_code"].map(population).where(df["locality_code"] == ALL).astype("Int64")
    df["tier"] = pd.Categorical(df["tier"], names, ordered=True)
    df = df.sort_values(["area_code", "locality_code", "tier"]).reset_index(drop=True)
    df["tier"] = df["tier"].astype(str)
    df["as_at"] = as_at.isoformat()
    df = _names(df, tables)
    if publish:
        df = protect(df, {v: pd.Series(True, index=df.index) for v in values}, ["area_code", "locality_code", "tier"],
                     [Hierarchy("locality_code", ALL), Hierarchy("tier", "all")], sdc_rule or SdcRule())
    extra = [c for c in ("suppressed", "sdc_rule") if c in df.columns]
    return df[list(RISK_COLUMNS) + extra]
