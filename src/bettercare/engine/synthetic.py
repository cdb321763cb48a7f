"""Deterministic synthetic extracts for every HWB in England (or a chosen few), sized by ``rows``.

Same seed and arguments, same files, byte for byte (numpy ``Generator`` streams keyed by the seed,
the extract and the chunk). Nothing here describes real people: NHS numbers are valid (modulus 11)
but drawn from the 9xx range that is never issued to patients; LSOA codes are from the unused
E019xxxxx range; provider / practice codes are made up (X..., Z...).

Volume: ``rows`` sizes an extract for tests and benchmarks (its counts per population are then a
fraction of England's); ``rows=None`` gives natural volume, the counts the model expects of the ONS
populations, with the admissions no rate metric of a ``focus`` period counts (and reablement, a
proportion) sampled, so that every HWB in England fits in a demo: rates per population come out at
England's level, while a proportion's denominator leans towards the admissions kept in full (older
people), so it sits a point or so below the full model's.

Calibration at natural volume (``CALIBRATION``; ``tests/scenarios/test_national_calibration.py``
checks the computed England figures against these, within a factor of 1.5):
- falls 65+: 1,983.96 emergency admissions per 100,000 aged 65+ a year, directly standardised (OHID
  Fingertips indicator 22401, England 2023/24): falls are 6% of emergency admissions at 65-79 and
  12% at 80+;
- chronic ACS (BCF avoidable admissions): 8.1% of emergency admissions (NHS Digital, indicator
  specification IAP00068 for CCG OIS 2.6, England 2015/16): 2% of children's, 5% of adults',
  11% at 65-79 and 12% at 80+;
- permanent admissions 65+: 584 per 100,000 aged 65+ a year (ASCOF 2A(2), England 2019-20, as
  reported by the Nuffield Trust's QualityWatch): 2% a year at 85+, 0.6% at 75-84, 0.15% at 65-74;
- reablement: 82% of older people at home 91 days after discharge (ASCOF 2B(1), England's level
  2011/12 to 2019/20, Nuffield Trust QualityWatch): 80% of outcomes are "at home";
- discharge to usual place of residence: no published England level was at hand; about nine in ten
  by construction (deaths and moves into care homes rise with age);
- delayed days: about 10 a day per 100,000 adults (NHS England's DToC return: 134,300 days in June
  2018, 4,478 a day).
HWBs differ: each has its own emergency admission and permanent admission rates (log-normal, sd
0.12 and 0.2 about the model's; fixed per HWB by ``VARIATION_SEED``), and seasons come by month.

The model:
- Populations: ONS mid-2020 population estimates (MYE2, persons) by age band for every HWB, from the
  catalogue (``catalogue/areas/hwb-populations-mid2020.csv``; 15-19 split 3:2 into 15-17 and 18-19),
  written as the mid-2020 estimate (the engine uses it for every later year). HWBs created after
  2020 take their predecessor's figures: Somerset (E06000066) and North Yorkshire (E06000065) the
  county's, Cumberland and Westmorland and Furness Cumbria's in proportion to their approximate
  totals in ``data/hwb_areas.csv``; the Isles of Scilly (counted within Cornwall by ONS) keep the
  approximate total there with England's age profile. Localities own blocks of LSOAs (about 1,600
  people each): the CCGs of the demo HWBs (Norfolk, Leicestershire, North East Lincolnshire; ODS
  codes as in the scenarios), "Locality n" (code ``<GSS>-Ln``) elsewhere.
- Admissions: emergency, elective and maternity rates by age band and sex; emergency admissions
  peak in winter (+/-12%), elective dip in August and December; people are drawn from a pool per
  HWB, age band and sex with a skew so that a few are admitted often; older people are more often
  care-home residents (admitted from and discharged to their care home). Diagnoses mix chronic and
  acute ACS conditions, falls (S00-T98 with W00-W19), other injuries and other conditions by age;
  lengths of stay grow with age; deaths and care-home discharges by age. Spells still open at the
  as-at date have no discharge.
- Discharge ready dates: for discharged non-elective spells of adults (and a few children), no delay
  for most, a geometric delay for the rest, and a few ready dates after discharge (data quirks).
- Social care: permanent admissions (mostly 65+), reablement starts (most after hospital) with the
  status at 91 days (blank until 91 days have passed), reablement ends.
- Delayed days: per HWB, provider, month, attribution and reason, about 10 a day per 100,000 adults.

Why it is long: one generator per national extract (SUS, ECDS, SALT/ACS, population), sharing the
seeded streams and the age/area model above; split apart they would each need that model passed in."""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from .errors import EngineError
from .reference import POPULATION_YEAR, hwb_areas, mid2020_bands
from .schemas import SCHEMA_VERSION, SCHEMAS

Progress = Callable[[int, int], None]  # (rows done, rows in total)

# England's published levels the natural-volume model is calibrated to (module docstring): metric ->
# (value in the metric's unit, period it is a rate over, source).
CALIBRATION = {
    "falls-65": (1983.96, "year", "OHID Fingertips 22401, England 2023/24 (DSR per 100,000 aged 65+)"),
    "perm-admissions-65": (584.0, "year", "ASCOF 2A(2), England 2019-20 (per 100,000 aged 65+)"),
    "reablement-91": (82.0, "year", "ASCOF 2B(1), England 2011/12-2019/20 (%)"),
    "chronic-acs-share": (8.1, "year", "NHS Digital IAP00068, England 2015/16 (% of emergency admissions)"),
}
VARIATION_SEED = 2020  # the HWBs' own rates (``_World``) are the same whatever the extract's seed
BANDS = ((0, 4), (5, 9), (10, 14), (15, 17), (18, 19), (20, 24), (25, 29), (30, 34), (35, 39), (40, 44),
         (45, 49), (50, 54), (55, 59), (60, 64), (65, 69), (70, 74), (75, 79), (80, 84), (85, 89), (90, 99))
LABELS = tuple(f"{lo}-{hi}" if lo < 90 else "90+" for lo, hi in BANDS)
_LOW = np.array([lo for lo, _ in BANDS])
_WIDTH = np.array([hi - lo + 1 for lo, hi in BANDS])
# England's age profile (about 2021), shares within under-65s and within 65+.
_UNDER_65 = np.array([5.4, 6.0, 6.0, 3.36, 2.24, 6.0, 6.7, 7.0, 6.7, 6.4, 6.3, 6.9, 6.7, 5.9])
_OVER_65 = np.array([5.0, 5.0, 3.7, 2.5, 1.5, 0.9])
# Admissions per person per year by band.
_EMERGENCY = np.array([0.13, 0.04, 0.04, 0.06, 0.07, 0.07, 0.07, 0.07, 0.07, 0.07, 0.08, 0.09, 0.10, 0.12,
                       0.15, 0.19, 0.25, 0.33, 0.45, 0.60])
_ELECTIVE = np.array([0.03, 0.02, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.10, 0.13, 0.17, 0.21, 0.26,
                      0.32, 0.36, 0.36, 0.30, 0.22, 0.14])
_MATERNITY = np.array([0, 0, 0, 0.01, 0.05, 0.07, 0.09, 0.09, 0.05, 0.01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])
_FEMALE = np.array([0.49] * 14 + [0.52, 0.53, 0.55, 0.58, 0.63, 0.72])
_CARE_HOME = np.array([0.0] * 16 + [0.02, 0.04, 0.09, 0.18])  # share of people living in a care home
EMERGENCY, ELECTIVE, MATERNITY = 0, 1, 2
# Diagnosis groups: chronic ACS, acute ACS, child LRTI, fall injury, other injury, other condition.
_CHRONIC = ["J441", "J440", "I500", "I509", "I489", "I200", "I259", "J459", "G409", "R568", "F039", "E105",
            "E117", "I10X", "D509", "E43X"]
_ACUTE = ["N390", "L031", "L039", "E86X", "K529", "J069", "N10X", "K047"]
_LRTI = ["J189", "J219", "J22X", "J111"]
_FALL_DX = ["S720", "S721", "S062", "S422", "S525", "S099", "S000", "T140", "R296"]
_FALL_CAUSE = ["W190", "W010", "W100", "W060", "W180", "W050", "W080"]
_INJURY_DX = ["S934", "S610", "S828", "T141", "S202"]
_INJURY_CAUSE = ["V892", "X599", "W220", "W540", "Y040"]
_OTHER = ["R074", "R104", "R069", "I219", "I639", "J189", "A099", "K358", "K922", "N179", "R55X", "C349"]
_ELECTIVE_DX = ["H251", "M171", "K802", "C509", "Z511", "N201", "I251", "K409", "M161", "D126"]
_MATERNITY_DX = ["O800", "O700", "O420", "O480"]
CHRONIC, FALL = 0, 3  # diagnosis groups: chronic ACS, acute ACS, child LRTI, fall injury, other injury, other
_GROUP_P = {  # by age group: child, adult, 65-79, 80+ (calibrated: module docstring)
    0: [0.02, 0.12, 0.12, 0.04, 0.10, 0.60],
    1: [0.05, 0.10, 0.0, 0.03, 0.07, 0.75],
    2: [0.11, 0.12, 0.0, 0.06, 0.02, 0.69],
    3: [0.12, 0.15, 0.0, 0.12, 0.01, 0.60],
}
_AGE_GROUP = np.select([_LOW < 18, _LOW < 65, _LOW < 80], [0, 1, 2], 3)
_OLDER = _LOW >= 65
# Admissions a policy period's rate metrics count, kept in full when the others are sampled (``sample``):
# dx group x band x type, True = counted by a rate.
FOCUS = {
    "2023-25": lambda dx, older, kind: (kind == EMERGENCY) & ((dx == CHRONIC) | ((dx == FALL) & older)),
    "2025-27": lambda dx, older, kind: (kind == EMERGENCY) & older,
}


@dataclass
class _World:
    """Areas, populations, localities and person pools shared by the extracts."""

    codes: list[str]
    names: list[str]
    population: np.ndarray  # areas x bands, ONS mid-2020
    years: list[int]
    lsoa_start: np.ndarray
    lsoa_count: np.ndarray
    localities: list[list[tuple[str, str, int, int]]]  # per area: (code, name, first lsoa, count)
    emergency_effect: np.ndarray  # per area: its emergency admission rates relative to the model's
    care_home_effect: np.ndarray  # per area: its permanent admission rates relative to the model's


def _month_list(start: str, months: int) -> list[tuple[int, int]]:
    try:
        year, month = (int(p) for p in start.split("-"))
        date(year, month, 1)
    except (ValueError, TypeError):
        raise EngineError(f"--start {start!r} is not a month (YYYY-MM)") from None
    if months < 1:
        raise EngineError("--months must be at least 1")
    out = []
    for _ in range(months):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _hash(values: np.ndarray, salt: int) -> np.ndarray:
    """A fast deterministic 32-bit hash of non-negative integers (Fibonacci hashing)."""
    with np.errstate(over="ignore"):
        mixed = (values.astype(np.uint64) + np.uint64(salt)) * np.uint64(0x9E3779B97F4A7C15)
    return (mixed >> np.uint64(32)).astype(np.int64)


def nhs_numbers(person: np.ndarray) -> np.ndarray:
    """Valid 10-digit NHS numbers (9xx range, never issued) for person ids below 50 million, one-to-one."""
    prefix = 900_000_000 + person.astype(np.int64)

    def check(p: np.ndarray) -> np.ndarray:
        total = np.zeros_like(p)
        for position, weight in enumerate(range(10, 1, -1)):
            total += (p // 10 ** (8 - position)) % 10 * weight
        digit = 11 - total % 11
        return np.where(digit == 11, 0, digit)

    digit = check(prefix)
    invalid = digit == 10  # adding 50,000,000 moves the weighted sum by 45 = 1 (mod 11): check digit 9
    prefix = np.where(invalid, prefix + 50_000_000, prefix)
    digit = np.where(invalid, check(prefix), digit)
    return (prefix * 10 + digit).astype(str)


def _world(areas: Iterable[str] | None, months: list[tuple[int, int]], rng: np.random.Generator) -> _World:
    table = list(hwb_areas())
    if areas:
        wanted = [a.strip().upper() for a in areas]
        known = {row["gss_code"] for row in table}
        unknown = [a for a in wanted if a not in known]
        if unknown:
            raise EngineError(f"--area {unknown[0]}: not an HWB in the synthetic area list (data/hwb_areas.csv)")
        table = [row for row in table if row["gss_code"] in wanted]
    total = np.array([float(row["population"]) for row in table])
    older = np.array([float(row["share_65_plus"]) for row in table])
    population = np.concatenate([
        (total * (1 - older))[:, None] * (_UNDER_65 / _UNDER_65.sum())[None, :],
        (total * older)[:, None] * (_OVER_65 / _OVER_65.sum())[None, :],
    ], axis=1)
    ons = mid2020_bands()
    for index, row in enumerate(table):
        if row["gss_code"] in ons:
            population[index] = ons[row["gss_code"]]
    total = population.sum(axis=1)
    lsoa_count = np.maximum(np.rint(total / 1600).astype(np.int64), 6)
    lsoa_start = np.concatenate([[0], np.cumsum(lsoa_count)[:-1]])
    localities = []
    for index, row in enumerate(table):
        listed = [n.strip().split(":", 1) for n in (row["localities"] or "").split(";") if n.strip()]
        if not listed:
            k = int(np.clip(round(total[index] / 180_000), 2, 6))
            listed = [[f"{row['gss_code']}-L{i}", f"Locality {i}"] for i in range(1, k + 1)]
        shares = rng.dirichlet(np.full(len(listed), 4.0))
        counts = np.maximum(np.floor(shares * lsoa_count[index]).astype(np.int64), 1)
        counts[-1] = lsoa_count[index] - counts[:-1].sum()
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
        localities.append([(code, name, int(s), int(c))
                           for (code, name), s, c in zip(listed, starts, counts, strict=True)])
    effects = np.random.default_rng([VARIATION_SEED, 0]).lognormal(0.0, (0.12, 0.2), size=(len(hwb_areas()), 2))
    chosen = [index for index, row in enumerate(hwb_areas()) if row["gss_code"] in {r["gss_code"] for r in table}]
    return _World([r["gss_code"] for r in table], [r["name"] for r in table], population,
                  [POPULATION_YEAR], lsoa_start, lsoa_count, localities, effects[chosen, 0], effects[chosen, 1])


class _Writer:
    """Writes one extract as CSV or Parquet, chunk by chunk, with the schema's column order."""

    def __init__(self, folder: Path, name: str, fmt: str) -> None:
        self.columns = [c.name for c in SCHEMAS[name].columns]
        self.path = folder / f"{name}.{fmt}"
        self.fmt = fmt
        self.writer: pacsv.CSVWriter | pq.ParquetWriter | None = None
        self.rows = 0

    def write(self, columns: dict[str, pa.Array | np.ndarray | list]) -> None:
        table = pa.table({name: columns[name] for name in self.columns})
        if self.writer is None:
            if self.fmt == "csv":
                self.writer = pacsv.CSVWriter(self.path, table.schema,
                                              write_options=pacsv.WriteOptions(quoting_style="needed"))
            else:
                self.writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self.writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _text(values: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(values, type=pa.string(), mask=mask)


def _dates(days: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    return pa.array(days.astype("datetime64[D]"), type=pa.date32(), mask=mask)


def _pick(rng: np.random.Generator, choices: list[str], size: int, p: list[float] | None = None) -> np.ndarray:
    return np.asarray(choices)[rng.choice(len(choices), size=size, p=p)]


def _populations(world: _World, folder: Path, fmt: str) -> int:
    rows: dict[str, list] = {k: [] for k in ("area_code", "locality_code", "year", "age_band", "population")}
    for a, code in enumerate(world.codes):
        for year in world.years:
            bands = np.rint(world.population[a]).astype(np.int64)
            parts = np.array([c for *_, c in world.localities[a]], dtype=float) / world.lsoa_count[a]
            local = np.floor(bands[None, :] * parts[:, None]).astype(np.int64)
            local[-1] = bands - local[:-1].sum(axis=0)
            for locality, values in [("", bands), *[(loc[0], local[i]) for i, loc in enumerate(world.localities[a])]]:
                for label, value in zip(LABELS, values, strict=True):
                    rows["area_code"].append(code)
                    rows["locality_code"].append(locality or None)
                    rows["year"].append(year)
                    rows["age_band"].append(label)
                    rows["population"].append(int(value))
    writer = _Writer(folder, "populations", fmt)
    writer.write(rows)
    writer.close()
    return writer.rows


def _localities(world: _World, folder: Path, fmt: str) -> int:
    rows: dict[str, list] = {k: [] for k in ("area_code", "locality_code", "locality_name", "lsoa_code")}
    for a, code in enumerate(world.codes):
        for locality, name, first, count in world.localities[a]:
            for offset in range(first, first + count):
                rows["area_code"].append(code)
                rows["locality_code"].append(locality)
                rows["locality_name"].append(name)
                rows["lsoa_code"].append(f"E01{900000 + int(world.lsoa_start[a]) + offset:06d}")
    writer = _Writer(folder, "localities", fmt)
    writer.write(rows)
    writer.close()
    return writer.rows


def _cells(world: _World, months: list[tuple[int, int]], rows: int | None, rng: np.random.Generator,
           sample: float, focus: str | None) -> tuple:
    """Admission counts per (area, band, sex, type, month, diagnosis group): with ``rows``, a
    multinomial over the expected counts; at natural volume (``rows`` None), Poisson counts of the
    expected admissions, those the ``focus`` period's rate metrics do not count thinned to ``sample``."""
    month_of_year = np.array([m for _, m in months])
    season = np.stack([
        1 + 0.12 * np.cos(2 * np.pi * (month_of_year - 1) / 12),
        np.where(np.isin(month_of_year, (8, 12)), 0.85, 1.0),
        np.ones(len(months)),
    ])
    days = np.array([calendar.monthrange(y, m)[1] for y, m in months]) / 365.25
    female = np.stack([1 - _FEMALE, _FEMALE])  # sex x band
    rates = np.stack([_EMERGENCY, _ELECTIVE, _MATERNITY])  # type x band
    sex_type = female[:, None, :] * rates[None, :, :]  # sex x type x band
    sex_type[0, MATERNITY] = 0
    weight = (world.population[:, :, None, None, None] * sex_type.transpose(2, 0, 1)[None, :, :, :, None]
              * (season * days)[None, None, None, :, :])  # area x band x sex x type x month
    weight[:, :, :, EMERGENCY] *= world.emergency_effect[:, None, None, None]
    groups = np.zeros((len(BANDS), 3, 6))  # band x type x diagnosis group (elective, maternity: their own lists)
    groups[:, EMERGENCY] = np.array([_GROUP_P[g] for g in _AGE_GROUP])
    groups[:, ELECTIVE:, 5] = 1.0
    weight = weight[..., None] * groups[None, :, None, :, None, :]
    if rows is not None:
        counts = rng.multinomial(rows, (weight / weight.sum()).ravel())
        return counts.reshape(weight.shape), weight.shape
    if focus is not None:
        dx, older, kind = np.arange(6)[None, None, :], _OLDER[:, None, None], np.arange(3)[None, :, None]
        kept = np.where(FOCUS[focus](dx, older, kind), 1.0, sample)  # band x type x diagnosis group
        weight = weight * kept[None, :, None, :, None, :]
    return rng.poisson(weight), weight.shape


def _person(world: _World, area: np.ndarray, band: np.ndarray, sex: np.ndarray, pool: np.ndarray,
            offset: np.ndarray, u: np.ndarray, skew: float) -> np.ndarray:
    """Global person ids: a skewed draw (heavy users first) from the pool of (area, band, sex)."""
    cell = (area * len(BANDS) + band) * 2 + sex
    size = pool.ravel()[cell]
    return offset.ravel()[cell] + np.minimum((size * u ** skew).astype(np.int64), size - 1)


def _admissions(world: _World, months: list[tuple[int, int]], rows: int | None, as_at: date, seed: int,
                folder: Path, fmt: str, chunk_rows: int, progress: Progress | None, sample: float,
                focus: str | None) -> tuple[int, int, np.ndarray, np.ndarray]:
    rng = np.random.default_rng([seed, 1])
    counts, shape = _cells(world, months, rows, rng, sample, focus)
    per_person = 1.6
    pool = np.maximum(np.ceil(counts.sum(axis=(3, 4, 5)) / per_person).astype(np.int64), 1)  # area x band x sex
    offset = np.concatenate([[0], np.cumsum(pool.ravel())[:-1]]).reshape(pool.shape)
    if pool.sum() >= 50_000_000:
        raise EngineError("too many synthetic people for the NHS number range; use fewer --rows")
    cells = np.repeat(np.arange(counts.size, dtype=np.int64), counts.ravel())
    cells = cells[rng.permutation(cells.size)]
    month_start = np.array([np.datetime64(f"{y:04d}-{m:02d}-01") for y, m in months]).astype(np.int64)
    month_days = np.array([calendar.monthrange(y, m)[1] for y, m in months])
    as_at_day = np.datetime64(as_at).astype(np.int64)
    admissions = _Writer(folder, "admissions", fmt)
    ready = _Writer(folder, "discharge_ready", fmt)
    for chunk, first in enumerate(range(0, cells.size, chunk_rows)):
        r = np.random.default_rng([seed, 2, chunk])
        cell = cells[first:first + chunk_rows]
        n = cell.size
        area, band, sex, kind, month, dx_group = np.unravel_index(cell, shape)
        person = _person(world, area, band, sex, pool, offset, r.random(n), skew=2.2)
        age = _LOW[band] + _hash(person, 11) % _WIDTH[band]
        care_home = (_hash(person, 13) % 10_000) / 10_000 < _CARE_HOME[band]
        home_code = np.asarray(["85", "65", "54"])[np.searchsorted([0.7, 0.9], (_hash(person, 17) % 1000) / 1000)]
        local = _hash(person, 19) % world.lsoa_count[area]
        lsoa = np.char.add("E01", np.char.zfill((900000 + world.lsoa_start[area] + local).astype(str), 6))
        practice = np.char.add("Z", np.char.zfill((area * 100 + local // 6 % 100).astype(str), 5))
        admitted = month_start[month] + (r.random(n) * month_days[month]).astype(np.int64)
        emergency, elective, maternity = kind == EMERGENCY, kind == ELECTIVE, kind == MATERNITY
        method = np.where(emergency, _pick(r, ["21", "22", "23", "24", "25", "2A", "2B", "2D", "28", "81"], n,
                                           [0.72, 0.08, 0.05, 0.04, 0.01, 0.04, 0.02, 0.02, 0.01, 0.01]),
                          np.where(elective, _pick(r, ["11", "12", "13"], n, [0.55, 0.35, 0.10]),
                                   _pick(r, ["31", "32"], n, [0.9, 0.1])))
        source = np.where(care_home & (r.random(n) < 0.95), home_code,
                          _pick(r, ["19", "29", "51", "87"], n, [0.96, 0.01, 0.02, 0.01]))
        group = _AGE_GROUP[band]
        pools = [_CHRONIC, _ACUTE, _LRTI, _FALL_DX, _INJURY_DX, _OTHER]
        diagnosis = np.empty(n, dtype=object)
        for g, codes in enumerate(pools):
            chosen = dx_group == g
            diagnosis[chosen] = _pick(r, codes, int(chosen.sum()))
        diagnosis = np.where(elective, _pick(r, _ELECTIVE_DX, n), np.where(maternity, _pick(r, _MATERNITY_DX, n),
                                                                           diagnosis))
        cause = np.where(dx_group == 3, _pick(r, _FALL_CAUSE, n), np.where(dx_group == 4, _pick(r, _INJURY_CAUSE, n),
                                                                            None))
        cause = np.where(emergency, cause, None)
        mu = np.choose(group, [0.6, 1.0, 1.6, 1.9])
        long = np.ceil(np.exp(r.normal(mu, 0.9))).astype(np.int64)
        stay = np.where(r.random(n) < np.choose(group, [0.3, 0.25, 0.15, 0.12]), 0, long)
        stay = np.where(elective, np.where(r.random(n) < 0.7, 0, r.geometric(0.35, n)), stay)
        stay = np.minimum(np.where(maternity, r.integers(0, 4, n), stay), 200)
        discharged = admitted + stay
        open_spell = discharged > as_at_day
        died = r.random(n) < np.choose(group, [0.002, 0.005, 0.03, 0.07]) * emergency
        other = _pick(r, ["19", "29", "51", "85", "54", "65", "98", "99"], n,
                      [0.895, 0.01, 0.05, 0.025, 0.005, 0.005, 0.005, 0.005])
        other = np.where((other == "85") & (age < 65), "19", other)
        destination = np.where(died, "79", np.where(care_home & (r.random(n) < 0.92), home_code, other))
        blank_lsoa = r.random(n) < 0.01
        admissions.write({
            "nhs_number": _text(nhs_numbers(person)),
            "age": pa.array(age, type=pa.int16()),
            "sex": _text(np.where(sex == 1, "2", "1")),
            "residence_la_code": _text(np.asarray(world.codes)[area]),
            "lsoa_code": _text(lsoa, mask=blank_lsoa),
            "gp_practice_code": _text(practice),
            "commissioner_code": _text(np.char.add("Z", np.char.zfill(area.astype(str), 3))),
            "provider_code": _text(np.char.add("X", np.char.zfill((area * 3 + local % 3).astype(str), 4))),
            "admission_date": _dates(admitted),
            "admission_method": _text(method),
            "admission_source": _text(source),
            "discharge_date": _dates(discharged, mask=open_spell),
            "discharge_destination": _text(destination, mask=open_spell),
            "primary_diagnosis": _text(diagnosis),
            "external_cause": pa.array(cause, type=pa.string()),
        })
        candidates = ~open_spell & ~elective & ~maternity & ((age >= 18) | (r.random(n) < 0.05))
        keep = np.flatnonzero(candidates)
        delay = np.where(r.random(keep.size) < np.choose(group[keep], [0.9, 0.88, 0.78, 0.7]), 0,
                         r.geometric(0.25, keep.size))
        delay = np.minimum(delay, stay[keep])
        quirk = r.random(keep.size) < 0.005
        ready_day = np.where(quirk, discharged[keep] + 1, discharged[keep] - delay)
        ready.write({
            "nhs_number": _text(nhs_numbers(person[keep])),
            "age": pa.array(age[keep], type=pa.int16()),
            "residence_la_code": _text(np.asarray(world.codes)[area[keep]]),
            "lsoa_code": _text(lsoa[keep], mask=blank_lsoa[keep]),
            "provider_code": _text(np.char.add("X", np.char.zfill((area[keep] * 3 + local[keep] % 3).astype(str),
                                                                  4))),
            "discharge_ready_date": _dates(ready_day),
            "discharge_date": _dates(discharged[keep]),
        })
        if progress:
            progress(min(first + chunk_rows, cells.size), cells.size)
    admissions.close()
    ready.close()
    return admissions.rows, ready.rows, pool, offset


def _social_care(world: _World, months: list[tuple[int, int]], rows: int | None, as_at: date, seed: int,
                 folder: Path, fmt: str, pool: np.ndarray, offset: np.ndarray, sample: float) -> int:
    r = np.random.default_rng([seed, 3])
    perm_rate = np.where(_LOW >= 85, 0.02, np.where(_LOW >= 75, 0.006, np.where(_LOW >= 65, 0.0015,
                         np.where(_LOW >= 18, 0.0002, 0.0))))  # per person per year
    reab_rate = np.where(_LOW >= 85, 0.06, np.where(_LOW >= 75, 0.035, np.where(_LOW >= 65, 0.01,
                         np.where(_LOW >= 18, 0.001, 0.0))))
    if rows is None:  # natural volume: permanent admissions in full, reablement (a proportion) sampled
        years = len(months) / 12
        n_perm = int(r.poisson((world.population * perm_rate[None, :] * world.care_home_effect[:, None]).sum()
                               * years))
        n_start = int(r.poisson((world.population * reab_rate[None, :]).sum() * years * sample))
        n_end = int(round(n_start * 0.83))
    else:
        n_perm = int(round(rows * 0.12))
        n_start = int(round(rows * 0.48))
        n_end = min(rows - n_perm - n_start, n_start)
    month_start = np.array([np.datetime64(f"{y:04d}-{m:02d}-01") for y, m in months]).astype(np.int64)
    month_days = np.array([calendar.monthrange(y, m)[1] for y, m in months])
    season = 1 + 0.08 * np.cos(2 * np.pi * (np.array([m for _, m in months]) - 1) / 12)
    as_at_day = np.datetime64(as_at).astype(np.int64)

    def draw(count: int, rate: np.ndarray, effect: np.ndarray) -> tuple[np.ndarray, ...]:
        weight = world.population * rate[None, :] * effect[:, None]
        cell = r.choice(weight.size, size=count, p=(weight / weight.sum()).ravel())
        area, band = np.unravel_index(cell, weight.shape)
        sex = (r.random(count) < _FEMALE[band]).astype(np.int64)
        person = _person(world, area, band, sex, pool, offset, r.random(count), skew=1.0)
        month = r.choice(len(months), size=count, p=season / season.sum())
        day = month_start[month] + (r.random(count) * month_days[month]).astype(np.int64)
        return area, band, person, np.minimum(day, as_at_day)

    area_p, band_p, person_p, day_p = draw(n_perm, perm_rate, world.care_home_effect)
    area_s, band_s, person_s, day_s = draw(n_start, reab_rate, np.ones(len(world.codes)))
    hospital = r.random(n_start) < 0.8
    status = _pick(r, ["at_home", "not_at_home", "died"], n_start, [0.8, 0.11, 0.09])
    unknown = ~hospital | (day_s + 91 > as_at_day)
    ends = np.minimum(day_s[:n_end] + r.integers(10, 61, n_end), as_at_day)
    area = np.concatenate([area_p, area_s, area_s[:n_end]])
    band = np.concatenate([band_p, band_s, band_s[:n_end]])
    person = np.concatenate([person_p, person_s, person_s[:n_end]])
    day = np.concatenate([day_p, day_s, ends])
    kind = np.concatenate([np.where(r.random(n_perm) < 0.7, "permanent_residential", "permanent_nursing"),
                           np.full(n_start, "reablement_start"), np.full(n_end, "reablement_end")])
    total = n_perm + n_start + n_end
    flag = np.concatenate([np.full(n_perm, None), np.where(hospital, "Y", "N"), np.full(n_end, None)])
    writer = _Writer(folder, "social_care_events", fmt)
    writer.write({
        "nhs_number": _text(nhs_numbers(person), mask=r.random(total) < 0.02),
        "age": pa.array(_LOW[band] + _hash(person, 11) % _WIDTH[band], type=pa.int16()),
        "la_code": _text(np.asarray(world.codes)[area]),
        "event_type": _text(kind),
        "event_date": _dates(day),
        "from_hospital": pa.array(flag, type=pa.string()),
        "status_91": pa.array(np.concatenate([np.full(n_perm, None), np.where(unknown, None, status),
                                              np.full(n_end, None)]), type=pa.string()),
    })
    writer.close()
    return writer.rows


def _delayed_days(world: _World, months: list[tuple[int, int]], seed: int, folder: Path, fmt: str) -> int:
    r = np.random.default_rng([seed, 4])
    reasons = {"nhs": (["A", "C", "G", "I"], [0.3, 0.35, 0.15, 0.2]),
               "social_care": (["B", "Di", "Dii", "E", "F"], [0.1, 0.25, 0.25, 0.3, 0.1]),
               "both": (["A", "H"], [0.6, 0.4])}
    shares = {"nhs": 0.55, "social_care": 0.35, "both": 0.10}
    rows: dict[str, list] = {k: [] for k in ("provider_code", "la_code", "month", "attribution", "reason",
                                             "delayed_days")}
    adults = world.population[:, 4:].sum(axis=1)
    for a, code in enumerate(world.codes):
        for y, m in months:
            expected = adults[a] * 10 / 100_000 * calendar.monthrange(y, m)[1] * (1 + 0.15 * np.cos(2 * np.pi * (m - 1)
                                                                                                  / 12))
            for provider in range(2):
                for attribution, share in shares.items():
                    codes, p = reasons[attribution]
                    for reason, q in zip(codes, p, strict=True):
                        value = int(r.poisson(expected * share * q * (0.65 if provider == 0 else 0.35)))
                        if value:
                            rows["provider_code"].append(f"X{a * 3 + provider:04d}")
                            rows["la_code"].append(code)
                            rows["month"].append(f"{y:04d}-{m:02d}")
                            rows["attribution"].append(attribution)
                            rows["reason"].append(reason)
                            rows["delayed_days"].append(value)
    writer = _Writer(folder, "delayed_days", fmt)
    writer.write(rows)
    writer.close()
    return writer.rows


def generate(out_dir: Path | str, *, rows: int | None = 10_000, social_rows: int | None = None, seed: int = 0,
             start: str = "2017-04", months: int = 24, fmt: str = "csv", areas: Iterable[str] | None = None,
             chunk_rows: int = 1_000_000, progress: Progress | None = None, sample: float = 1.0,
             focus: str | None = None) -> dict:
    """Write synthetic raw extracts (and ``manifest.json`` with the as-at date) to ``out_dir``.

    ``rows`` admissions (default social care events: rows / 5) over ``months`` months from ``start``;
    all HWBs unless ``areas`` names some. ``rows=None``: natural volume, every admission and social
    care event the model expects of the ONS populations, except that with ``focus`` (a key of
    ``FOCUS``) the admissions that period's rate metrics do not count, and reablement, are a
    ``sample`` of theirs (proportions are unchanged by sampling; counts per population are not).
    Returns the manifest.
    """
    if fmt not in ("csv", "parquet"):
        raise EngineError(f"--format {fmt!r}: choose csv or parquet")
    if rows is not None and rows < 1:
        raise EngineError("--rows must be at least 1")
    if not 0 < sample <= 1:
        raise EngineError("--sample must be a fraction above 0 and at most 1")
    if focus is not None and focus not in FOCUS:
        raise EngineError(f"--focus {focus!r}: choose one of {', '.join(FOCUS)}")
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    month_list = _month_list(start, months)
    last_year, last_month = month_list[-1]
    as_at = date(last_year, last_month, calendar.monthrange(last_year, last_month)[1])
    world = _world(areas, month_list, np.random.default_rng([seed, 0]))
    social = None if rows is None else rows // 5 if social_rows is None else max(social_rows, 0)
    counts = {
        "populations": _populations(world, folder, fmt),
        "localities": _localities(world, folder, fmt),
    }
    counts["admissions"], counts["discharge_ready"], pool, offset = _admissions(
        world, month_list, rows, as_at, seed, folder, fmt, chunk_rows, progress, sample, focus)
    counts["social_care_events"] = _social_care(world, month_list, social, as_at, seed, folder, fmt, pool, offset,
                                                sample if focus else 1.0)
    counts["delayed_days"] = _delayed_days(world, month_list, seed, folder, fmt)
    manifest = {
        "generator": "bettercare engine synth",
        "schema_version": SCHEMA_VERSION,
        "seed": seed,
        "start": f"{month_list[0][0]:04d}-{month_list[0][1]:02d}",
        "months": months,
        "as_at": as_at.isoformat(),
        "areas": len(world.codes),
        "rows": counts,
        "volume": "sized" if rows is not None else "natural" if not focus
        else f"natural; admissions no {focus} rate counts, and reablement, sampled at {sample:g}",
        "note": "synthetic data: populations are ONS mid-2020 estimates; no real people",
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest
