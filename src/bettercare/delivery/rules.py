"""Delivery rules read from ``catalogue/rules/delivery.yaml``: risk rating bands, what counts as a
complete action, the HICM summary level and the metric statuses of a quarterly return."""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bettercare.catalogue.loader import ROOT, CatalogueError

RULES_FILE = ROOT / "rules" / "delivery.yaml"
POSSIBLE_SCORES = sorted({likelihood * impact for likelihood in range(1, 6) for impact in range(1, 6)})


@dataclass(frozen=True)
class Band:
    id: str
    title: str
    min: int
    max: int


@cache
def load_rules(path: Path = RULES_FILE) -> dict[str, Any]:
    """The rules file, checked: every possible 5x5 score falls in exactly one rating band."""
    if not path.exists():
        raise CatalogueError(f"{path.name}: no such rules file in {path.parent}")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    for key in ("risk_rating_bands", "action_complete_statuses", "hicm_summary_level", "hicm_ratings",
                "metric_statuses"):
        if key not in data:
            raise CatalogueError(f"{path.name}: missing key {key!r}")
    bands = [Band(str(b["id"]), str(b["title"]), int(b["min"]), int(b["max"])) for b in data["risk_rating_bands"]]
    for score in POSSIBLE_SCORES:
        matching = [band.id for band in bands if band.min <= score <= band.max]
        if len(matching) != 1:
            raise CatalogueError(
                f"{path.name}: risk_rating_bands: score {score} must fall in exactly one band, found {matching}"
            )
    return {**data, "risk_rating_bands": bands}


def rating_bands() -> list[Band]:
    return load_rules()["risk_rating_bands"]


def rating_for(score: int | None) -> Band | None:
    """The rating band of a risk score (score = likelihood x impact); None for no score."""
    if score is None:
        return None
    for band in rating_bands():
        if band.min <= score <= band.max:
            return band
    return None


def complete_statuses() -> set[str]:
    return {str(status).strip().lower() for status in load_rules()["action_complete_statuses"]}


def hicm_summary_level() -> str:
    return str(load_rules()["hicm_summary_level"])


def hicm_ratings() -> list[str]:
    return [str(rating) for rating in load_rules()["hicm_ratings"]]


def metric_statuses() -> list[str]:
    return [str(status) for status in load_rules()["metric_statuses"]]
