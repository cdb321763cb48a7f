"""The rule registry: each plan check is one small function registered under a stable id
("FUND-001"), with a severity and a plain-English title. A rule reports through a ``Reporter``:
``fail`` for a finding, ``not_assessed`` when it cannot judge (e.g. an amount not configured)."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from bettercare.indicators.periods import FinancialYear, Quarter

SEVERITIES = ("error", "warning")


@dataclass(frozen=True)
class Finding:
    """One inconsistency: which rule, how serious, where (label and keys), what was expected and found."""

    rule: str
    severity: str
    location: str
    message: str
    expected: str | None
    found: str | None
    where: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """Stable identity across re-checks: the rule and a digest of the location and its keys (not
        of the amounts, so a finding keeps its explanation while the figures are corrected)."""
        place = json.dumps({"location": self.location, "where": self.where}, sort_keys=True, default=str)
        return f"{self.rule}-{hashlib.sha256(place.encode()).hexdigest()[:12]}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "key": self.key}


@dataclass(frozen=True)
class NotAssessed:
    """A rule (or part of one) that could not be judged, and why."""

    rule: str
    location: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def as_text(value: Any) -> str | None:
    """Expected / found values as stable text: Decimals without exponent or trailing zeros."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "") else text
    return str(value)


def _key_text(value: Any) -> Any:
    """A finding's keys are stored as JSON: a period as its written text ("2018-19")."""
    return str(value) if isinstance(value, (FinancialYear, Quarter)) else value


class Reporter:
    """Collects what one rule reports."""

    def __init__(self, rule: "Rule"):
        self.rule = rule
        self.findings: list[Finding] = []
        self.skipped: list[NotAssessed] = []

    def fail(
        self,
        location: str,
        message: str,
        expected: Any = None,
        found: Any = None,
        severity: str | None = None,
        **where: Any,
    ) -> None:
        self.findings.append(
            Finding(
                rule=self.rule.id,
                severity=severity or self.rule.severity,
                location=location,
                message=message,
                expected=as_text(expected),
                found=as_text(found),
                where={key: _key_text(value) for key, value in where.items() if value is not None},
            )
        )

    def not_assessed(self, reason: str, location: str = "Whole plan") -> None:
        self.skipped.append(NotAssessed(rule=self.rule.id, location=location, reason=reason))


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    title: str
    check: Callable[[Any, Reporter], None]


RULES: dict[str, Rule] = {}
FAMILY_ORDER = ["FUND", "METRIC", "RISK", "ACTION", "COND"]


def ordered_rules() -> list[Rule]:
    """Rules in a stable order: by family (money first), then id."""
    return sorted(
        RULES.values(),
        key=lambda r: (FAMILY_ORDER.index(r.id.split("-")[0]) if r.id.split("-")[0] in FAMILY_ORDER else 99, r.id),
    )


def rule(rule_id: str, severity: str, title: str) -> Callable:
    """Register ``function(context, reporter)`` as a plan check."""
    if severity not in SEVERITIES:
        raise ValueError(f"{rule_id}: severity must be one of {SEVERITIES}")

    def register(function: Callable[[Any, Reporter], None]) -> Callable[[Any, Reporter], None]:
        if rule_id in RULES:
            raise ValueError(f"rule {rule_id} is registered twice")
        RULES[rule_id] = Rule(rule_id, severity, title, function)
        return function

    return register
