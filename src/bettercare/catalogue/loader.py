"""Read and validate the catalogue files.

A policy period is read from the newest recorded catalogue version when a *source* is installed
(the web app installs one that reads the database, where ``bettercare catalogue add`` records
each version with its author), and otherwise from the file shipped in ``periods/``. Either way
the text goes through :func:`bettercare.catalogue.check.check_period_text`, so a period that
breaks a rule is never used."""

import hashlib
from functools import cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from .check import check_period_text
from .lined import plain

ROOT = Path(__file__).resolve().parent


class CatalogueError(ValueError):
    """A catalogue file is missing or breaks a rule; the message names the file and entry."""


class PeriodSource(Protocol):
    """Where recorded catalogue versions live (the database, in the web app)."""

    def codes(self) -> list[str]: ...

    def text(self, code: str) -> tuple[str, str] | None:
        """``(file label, YAML text)`` of the newest version of ``code``, or None."""


_source: PeriodSource | None = None


def use_source(source: PeriodSource | None) -> PeriodSource | None:
    """Install (or with None remove) the source of recorded versions; returns the previous one."""
    global _source
    previous, _source = _source, source
    return previous


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise CatalogueError(f"{path.name}: no such catalogue file in {path.parent}")
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def packaged_periods() -> list[str]:
    """Policy period codes with a file shipped in ``periods/``, oldest first."""
    return sorted(p.stem for p in (ROOT / "periods").glob("*.yaml"))


def list_periods() -> list[str]:
    """Policy period codes: the shipped files and every recorded version, oldest first."""
    codes = set(packaged_periods())
    if _source is not None:
        codes.update(_source.codes())
    return sorted(codes)


def list_hicm_models() -> list[str]:
    return sorted(p.stem for p in (ROOT / "hicm").glob("*.yaml"))


def period_text(code: str) -> tuple[str, str]:
    """``(file label, YAML text)`` of the period in force: the newest recorded version, else the
    shipped file."""
    recorded = _source.text(code) if _source is not None else None
    if recorded is not None:
        return recorded
    path = ROOT / "periods" / f"{code}.yaml"
    if not path.exists():
        raise CatalogueError(f"{code}.yaml: no catalogue for period {code!r} (periods: {', '.join(list_periods())})")
    return path.name, path.read_text(encoding="utf-8")


@cache
def _parse(label: str, digest: str, text: str) -> dict[str, Any]:
    doc, problems = check_period_text(text, label)
    if problems:
        raise CatalogueError("\n".join(str(problem) for problem in problems))
    return plain(doc)


def load_period(code: str) -> dict[str, Any]:
    """The reference data of one policy period, checked (every rule of ``check``)."""
    label, text = period_text(code)
    data = _parse(label, hashlib.sha256(text.encode("utf-8")).hexdigest(), text)
    if str(data["period"]) != code:
        raise CatalogueError(f"{label}: period {data['period']!r} does not match {code!r}")
    return data


def period_digest(code: str) -> str:
    """A fingerprint of the period text in force (changes with each new catalogue version)."""
    return hashlib.sha256(period_text(code)[1].encode("utf-8")).hexdigest()


def unconfirmed(data: dict[str, Any]) -> list[dict[str, str]]:
    """Entries of a period marked ``confirmed: false``, with the reason given (``note``)."""
    rows = []
    for section in ("funding_streams", "scheme_types", "national_conditions", "metrics"):
        for entry in data.get(section) or []:
            if entry.get("confirmed") is False:
                rows.append(
                    {
                        "section": section,
                        "id": str(entry["id"]),
                        "reason": str(entry.get("note") or data.get("unconfirmed_note") or ""),
                    }
                )
    return rows


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
