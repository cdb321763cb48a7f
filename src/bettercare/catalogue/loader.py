"""Read and validate the catalogue files."""

from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent
PERIOD_KEYS = {
    "period",
    "title",
    "financial_years",
    "funding_streams",
    "scheme_types",
    "national_conditions",
    "metrics",
}
METRIC_KEYS = {"id", "title", "polarity", "multiplier", "period", "ci_method", "rag_rule"}
POLARITIES = {"lower", "higher", "neutral"}


class CatalogueError(ValueError):
    """A catalogue file is missing or breaks a rule; the message names the file and entry."""


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise CatalogueError(f"{path.name}: no such catalogue file in {path.parent}")
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def list_periods() -> list[str]:
    """Policy period codes with a catalogue file, oldest first."""
    return sorted(p.stem for p in (ROOT / "periods").glob("*.yaml"))


def list_hicm_models() -> list[str]:
    return sorted(p.stem for p in (ROOT / "hicm").glob("*.yaml"))


@cache
def load_period(code: str) -> dict[str, Any]:
    """The reference data of one policy period, checked for required keys and unique ids."""
    path = ROOT / "periods" / f"{code}.yaml"
    data = _read(path)
    missing = PERIOD_KEYS - data.keys()
    if missing:
        raise CatalogueError(f"{path.name}: missing keys {sorted(missing)}")
    for section in ("funding_streams", "scheme_types", "national_conditions", "metrics"):
        seen: set[str] = set()
        for index, entry in enumerate(data[section] or [], start=1):
            entry_id = entry.get("id")
            if not entry_id or entry_id in seen:
                raise CatalogueError(f"{path.name}: {section} entry {index} has a missing or repeated id {entry_id!r}")
            seen.add(entry_id)
    for index, metric in enumerate(data["metrics"], start=1):
        missing = METRIC_KEYS - metric.keys()
        if missing:
            raise CatalogueError(f"{path.name}: metric {index} ({metric.get('id')}) lacks {sorted(missing)}")
        if metric["polarity"] not in POLARITIES:
            raise CatalogueError(f"{path.name}: metric {metric['id']} polarity must be one of {sorted(POLARITIES)}")
    return data


@cache
def load_hicm(code: str) -> dict[str, Any]:
    """One version of the High Impact Change Model: its changes and maturity levels."""
    path = ROOT / "hicm" / f"{code}.yaml"
    data = _read(path)
    for key in ("model", "title", "changes", "maturity_levels"):
        if key not in data:
            raise CatalogueError(f"{path.name}: missing key {key!r}")
    numbers = [change["number"] for change in data["changes"]]
    if len(numbers) != len(set(numbers)):
        raise CatalogueError(f"{path.name}: change numbers repeat")
    return data
