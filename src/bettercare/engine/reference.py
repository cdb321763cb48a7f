"""Reference data shipped with the engine (``data/``), read once.

* ``code_sets.yaml``: NHS Data Dictionary code sets (admission method / source, discharge
  destination) and ICD-10 ranges (injury S00-T98, falls W00-W19).
* ``acs_codes.csv``: ambulatory-care-sensitive (ACS) ICD-10 code lists: NHS Outcomes Framework
  2.3i (chronic ACS, after Purdy et al., "Ambulatory care sensitive conditions: terminology and
  disease coding", 2009), 2.3ii (asthma, diabetes, epilepsy in under 19s), 3a (acute conditions
  that should not usually need admission) and 3b (lower respiratory tract infections in under 19s).
  Transcribed from the NHS Digital indicator specifications; confirm against the current
  specification before publication. ``J20`` (acute bronchitis, counted in 2.3i only with a
  secondary COPD diagnosis) is left out because extracts carry the primary diagnosis only.
* ``rule_parameters.yaml``: per-rule parameters (code lists per metric, thresholds, statuses).
* ``esp2013.csv``: the 2013 European Standard Population (Eurostat 2013), 5-year bands.
* ``hwb_areas.csv``: the 153 upper-tier local authorities (HWBs) of England after April 2023, GSS
  codes and names, with APPROXIMATE populations and 65+ shares (about mid-2022, rounded; used only
  where ONS mid-2020 gives no figure: see :func:`mid2020_bands`), and ``code:name`` localities for
  the demo HWBs.
* The synthetic populations themselves are the catalogue's ONS mid-2020 population estimates
  (MYE2, persons; ``bettercare.catalogue.national_areas``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

from bettercare.catalogue.national_areas import national_areas

from .schemas import OPEN_AGE

POPULATION_YEAR = 2020  # ONS mid-2020 population estimates
# HWBs created after mid-2020 and the area whose mid-2020 figures they take (whole, or shared in
# proportion to the approximate totals of hwb_areas.csv when a county was split).
SUCCESSORS = {"E06000066": "E10000027", "E06000065": "E10000023", "E06000063": "E10000006",
              "E06000064": "E10000006"}


@dataclass(frozen=True)
class CodeEntry:
    """An ICD-10 prefix (3 or 4 characters, no dot) that counts for ages min_age..max_age."""

    prefix: str
    min_age: int | None
    max_age: int | None


@dataclass(frozen=True)
class StandardBand:
    """One band of a standard population: ages age_from..age_to (OPEN_AGE = open) and its weight."""

    label: str
    age_from: int
    age_to: int
    weight: float


def _text(name: str) -> str:
    return resources.files(__package__).joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _band(label: str) -> tuple[int, int]:
    if label.endswith("+"):
        return int(label[:-1]), OPEN_AGE
    low, high = label.split("-")
    return int(low), int(high)


def expand_icd_range(spec: str) -> tuple[str, ...]:
    """3-character ICD-10 codes in an inclusive range: ``"S00-T98"`` -> S00 ... S99, T00 ... T98."""
    first, _, last = spec.partition("-")
    last = last or first

    def ordinal(code: str) -> int:
        return (ord(code[0]) - ord("A")) * 100 + int(code[1:3])

    return tuple(f"{chr(ord('A') + n // 100)}{n % 100:02d}" for n in range(ordinal(first), ordinal(last) + 1))


@dataclass(frozen=True)
class Reference:
    code_sets: dict[str, Any]
    parameters: dict[str, Any]
    acs: dict[str, tuple[CodeEntry, ...]]
    standards: dict[str, tuple[StandardBand, ...]]

    def codes(self, field: str, group: str) -> tuple[str, ...]:
        """An NHS Data Dictionary code set, e.g. ``codes("admission_method", "emergency")``."""
        return tuple(str(code) for code in self.code_sets[field][group])

    def icd(self, name: str) -> tuple[str, ...]:
        """An ICD-10 range from code_sets.yaml, expanded to 3-character codes."""
        return expand_icd_range(self.code_sets["icd10"][name])

    def code_lists(self, names: tuple[str, ...]) -> tuple[CodeEntry, ...]:
        """The union of ACS code lists."""
        unknown = [n for n in names if n not in self.acs]
        if unknown:
            raise KeyError(f"unknown ACS code list(s) {unknown}; known: {sorted(self.acs)}")
        return tuple(entry for name in names for entry in self.acs[name])

    def rule(self, engine_rule: str) -> dict[str, Any]:
        return self.parameters.get(engine_rule, {})

    def standard_bands(self, name: str, age_from: int, age_to: int) -> tuple[StandardBand, ...]:
        """The bands of a standard population inside ages age_from..age_to."""
        return tuple(b for b in self.standards[name] if b.age_from >= age_from and b.age_to <= age_to)


@cache
def reference() -> Reference:
    """The engine's reference data (cached)."""
    acs: dict[str, list[CodeEntry]] = {}
    for row in csv.DictReader(_text("acs_codes.csv").splitlines()):
        acs.setdefault(row["code_list"], []).append(CodeEntry(
            row["icd10"].strip().upper(),
            int(row["min_age"]) if row["min_age"] else None,
            int(row["max_age"]) if row["max_age"] else None,
        ))
    esp = tuple(StandardBand(row["ageband"], *_band(row["ageband"]), float(row["population"]))
                for row in csv.DictReader(_text("esp2013.csv").splitlines()))
    return Reference(
        code_sets=yaml.safe_load(_text("code_sets.yaml")),
        parameters=yaml.safe_load(_text("rule_parameters.yaml")),
        acs={name: tuple(entries) for name, entries in acs.items()},
        standards={"ESP2013": esp},
    )


@cache
def hwb_areas() -> tuple[dict[str, str], ...]:
    """The HWB list (GSS code, name, kind, approximate population and 65+ share, locality names)."""
    return tuple(csv.DictReader(_text("hwb_areas.csv").splitlines()))


@cache
def mid2020_bands() -> dict[str, np.ndarray]:
    """ONS mid-2020 population estimates (MYE2, persons) per HWB GSS code, in the synthetic generator's 20
    age bands (0-4 ... 15-17, 18-19 ... 90+: ONS's 15-19 split 3:2). HWBs created later take their
    predecessor's figures (``SUCCESSORS``; a split county shared by the approximate totals)."""
    out: dict[str, np.ndarray] = {}
    for area in national_areas():
        values = list(area.bands.values())
        teen = values[3]
        out[area.gss_code] = np.array(values[:3] + [teen * 0.6, teen * 0.4] + values[4:], dtype=float)
    approximate = {row["gss_code"]: float(row["population"]) for row in hwb_areas()}
    for code, predecessor in SUCCESSORS.items():
        sharing = [c for c, p in SUCCESSORS.items() if p == predecessor]
        share = approximate[code] / sum(approximate[c] for c in sharing)
        out[code] = out[predecessor] * share
    return out
