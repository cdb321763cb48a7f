"""The catalogue's metrics as the engine sees them: one :class:`MetricSpec` per policy period and metric.

Everything metric-specific comes from the catalogue YAML (``engine_rule``, ``population_base``,
``per_day``, ``components``, ``standard_population``); nothing here names a metric.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bettercare.catalogue import list_periods, load_period

from .errors import EngineError
from .schemas import OPEN_AGE

AgeRange = tuple[int, int]  # inclusive; OPEN_AGE as the upper end means "and over"


def parse_population_base(value: str | None) -> AgeRange | None:
    """``"all"`` -> (0, open), ``"65+"`` -> (65, open), ``"18-64"`` -> (18, 64); None -> None."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text == "all":
        return 0, OPEN_AGE
    if text.endswith("+") and text[:-1].isdigit():
        return int(text[:-1]), OPEN_AGE
    low, sep, high = text.partition("-")
    if sep and low.isdigit() and high.isdigit():
        return int(low), int(high)
    raise EngineError(f"catalogue population_base {value!r} is not 'all', 'N+' or 'A-B'")


@dataclass(frozen=True)
class MetricSpec:
    """One catalogue metric of one policy period, with what the engine needs to compute it."""

    policy_period: str
    metric: str
    engine_rule: str
    population_base: AgeRange | None
    per_day: bool = False
    components: tuple[str, ...] = ()
    standard_population: str | None = None


def metric_specs(periods: Iterable[str] | None = None) -> list[MetricSpec]:
    """Every catalogue metric with an ``engine_rule``, for the given policy periods (default: all)."""
    known = list_periods()
    chosen = list(periods) if periods else known
    unknown = [p for p in chosen if p not in known]
    if unknown:
        raise EngineError(f"unknown policy period(s) {', '.join(unknown)}; known: {', '.join(known)}")
    specs = []
    for code in chosen:
        for metric in load_period(code)["metrics"]:
            if not metric.get("engine_rule"):
                continue
            specs.append(MetricSpec(
                policy_period=code,
                metric=metric["id"],
                engine_rule=metric["engine_rule"],
                population_base=parse_population_base(metric.get("population_base")),
                per_day=bool(metric.get("per_day", False)),
                components=tuple(metric.get("components") or ()),
                standard_population=metric.get("standard_population"),
            ))
    return specs
