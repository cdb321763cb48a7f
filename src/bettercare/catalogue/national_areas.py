"""The HWBs of England with their ONS mid-2020 populations (``areas/hwb-populations-mid2020.csv``).

Source: ONS mid-2020 population estimates (MYE2), persons, summed to the 19 ESP2013 five-year bands;
see ``areas/README.md``. Pure Python: no Django imports.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

POPULATION_FILE = "hwb-populations-mid2020.csv"
POPULATION_SOURCE = "ONS mid-2020 population estimates (MYE2), persons"
AGE_BANDS = ("0-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
             "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+")


@dataclass(frozen=True)
class NationalArea:
    """One HWB: GSS code, name, ONS region, and its mid-2020 population (total, 18+, 65+, by band)."""

    gss_code: str
    name: str
    region_code: str
    region_name: str
    all_ages: int
    age_18_plus: int
    age_65_plus: int
    bands: dict[str, int]


@cache
def national_areas() -> tuple[NationalArea, ...]:
    """Every HWB of the 2022-23 BCF list, in the file's order (by GSS code)."""
    text = resources.files(__package__).joinpath("areas", POPULATION_FILE).read_text(encoding="utf-8")
    return tuple(
        NationalArea(
            gss_code=row["gss_code"],
            name=row["name"],
            region_code=row["region_code"],
            region_name=row["region_name"],
            all_ages=int(row["all_ages"]),
            age_18_plus=int(row["age_18_plus"]),
            age_65_plus=int(row["age_65_plus"]),
            bands={band: int(row[f"age_{band}"]) for band in AGE_BANDS},
        )
        for row in csv.DictReader(text.splitlines())
    )


def national_area(key: str) -> NationalArea:
    """The HWB with this GSS code or name (case-insensitive); KeyError naming the key otherwise."""
    wanted = key.strip().casefold()
    for area in national_areas():
        if wanted in (area.gss_code.casefold(), area.name.casefold()):
            return area
    raise KeyError(f"{key!r} is not an HWB of the 2022-23 BCF list ({POPULATION_FILE})")
