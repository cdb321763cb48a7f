"""Plan-check thresholds and amounts per policy period, read from
``catalogue/rules/plans/<period>.yaml``. Pure Python (no Django), so a notebook can read them.

Rule: an amount is *configured* only when the file gives a figure and marks it ``confirmed: true``;
otherwise the rule that needs it reports "not assessed (amount not configured)"."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from bettercare.catalogue.loader import ROOT, CatalogueError
from bettercare.indicators.periods import FinancialYear

RULES_DIR = ROOT / "rules" / "plans"
REQUIRED_KEYS = {
    "period",
    "money_tolerance",
    "stream_groups",
    "minimum_streams",
    "nhs_minimum_streams",
    "plan_total_kinds",
    "minimum_total_kinds",
    "scheme_total_kinds",
    "amounts",
    "asc_uplift",
    "dfg",
    "metrics",
    "finance_rag",
}


@dataclass(frozen=True)
class Amount:
    """A configured amount with the source that states it."""

    value: Decimal
    source: str


@dataclass(frozen=True)
class PlanRules:
    """The rule settings of one policy period (see the YAML file for each key's meaning)."""

    period: str
    data: dict[str, Any]
    file: str

    @property
    def money_tolerance(self) -> Decimal:
        return Decimal(str(self.data["money_tolerance"]["value"]))

    def spent_as(self, stream: str) -> set[str]:
        """The streams through which income from ``stream`` may be spent (itself at least)."""
        group = (self.data["stream_groups"] or {}).get(stream) or {}
        return {stream, *group.get("spent_as", [])}

    def group_of(self, stream: str) -> str:
        """The income stream whose spending ``stream`` belongs to (itself unless grouped)."""
        for income, group in (self.data["stream_groups"] or {}).items():
            if stream in (group or {}).get("spent_as", []):
                return income
        return stream

    def list(self, key: str) -> list[str]:
        return [str(item) for item in self.data.get(key) or []]

    def amount(self, name: str, gss_code: str, financial_year: FinancialYear | str) -> Amount | None:
        """A per-HWB amount for a year, or None when it is not configured (missing or unconfirmed)."""
        financial_year = str(financial_year)  # the file's keys are the years' text
        entry = (self.data["amounts"].get(name) or {}).get("per_hwb", {}).get(gss_code)
        if not entry or entry.get("confirmed") is not True or entry.get(financial_year) is None:
            return None
        return Amount(Decimal(str(entry[financial_year])), str(entry.get("source", self.file)))

    def amount_title(self, name: str) -> str:
        return str((self.data["amounts"].get(name) or {}).get("title", name))

    def uplift(self, financial_year: FinancialYear | str) -> Amount | None:
        financial_year = str(financial_year)  # the file's keys are the years' text
        setting = self.data["asc_uplift"] or {}
        value = (setting.get("by_year") or {}).get(financial_year)
        if setting.get("confirmed") is not True or value is None:
            return None
        return Amount(Decimal(str(value)), str(setting.get("source", self.file)))

    def setting(self, section: str, key: str) -> Any:
        """A confirmed setting ``{value, confirmed, source}`` under ``section``; None when unconfirmed."""
        entry = (self.data.get(section) or {}).get(key) or {}
        return entry.get("value") if entry.get("confirmed") is True else None


def rules_path(period: str) -> Path:
    return RULES_DIR / f"{period}.yaml"


def load_rules(period: str) -> PlanRules:
    """The plan-check settings of a policy period, checked for required keys: the period file's
    inline ``plan_rules`` mapping, or the rules file it names (``plan_rules: 2025-26``), or else
    ``rules/plans/<period>.yaml``. Follows the catalogue version in force."""
    from bettercare.catalogue import load_period, period_digest

    try:
        setting = load_period(period).get("plan_rules")
        digest = period_digest(period)
    except CatalogueError:
        setting, digest = None, ""
    if isinstance(setting, dict):
        return _inline_rules(period, digest, yaml.safe_dump(setting))
    return _file_rules(period, str(setting) if setting else period)


@cache
def _inline_rules(period: str, digest: str, text: str) -> PlanRules:
    data = {**yaml.safe_load(text), "period": period}
    missing = REQUIRED_KEYS - data.keys()
    if missing:
        raise CatalogueError(f"{period}.yaml: plan_rules is missing keys {sorted(missing)}")
    return PlanRules(period=period, data=data, file=f"catalogue period {period} (plan_rules)")


@cache
def _file_rules(period: str, named: str) -> PlanRules:
    path = rules_path(named)
    if not path.exists():
        raise CatalogueError(f"{path.name}: no plan-check rules file for period {period} in {path.parent}")
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle) or {}
    missing = REQUIRED_KEYS - data.keys()
    if missing:
        raise CatalogueError(f"{path.name}: missing keys {sorted(missing)}")
    if str(data["period"]) != named:
        raise CatalogueError(f"{path.name}: period {data['period']!r} does not match the file name")
    return PlanRules(period=period, data={**data, "period": period}, file=f"catalogue/rules/plans/{path.name}")
