"""Red/amber/green ratings against a target, with rules configurable per metric.

Three rules, each recorded on its result by name and parameters:

* :class:`SignificanceRule` ("significance", the default) — uses :func:`compare`: the estimate's
  confidence interval wholly on the better side of the target → Green; wholly on the worse side →
  Red; touching or containing the target (statistically similar) → Amber; estimate, interval or
  target unavailable → Grey. The mapping of better/similar/worse to colours is configurable. This
  is how the Leicestershire HWB (27 September 2018) rated its BCF metrics: a forecast of 927
  permanent admissions against a target of 890 is statistically similar → Amber.
* :class:`ToleranceRule` ("tolerance") — the point value meets the target → Green; misses it by no
  more than ``band`` (a fraction of the target when ``relative``, else an absolute amount) →
  Amber; misses it by more → Red.
* :class:`ThresholdRule` ("threshold") — the point value meets the target → Green, else Red.

"Meets" means ≤ target when lower is better and ≥ target when higher is better.

Reporting language (``RagResult.progress`` and ``RagResult.achievement``) follows the BCF
quarterly return: "on track" / "not on track" / "data not available to assess progress", and
"achieved" / "not achieved". Green is on track and Red is not; Amber says whether the point value
meets the target, because Amber only means the difference is small or not significant.

Build a rule from a metric catalogue entry with :func:`make_rag_rule`, e.g.
``make_rag_rule({"rule": "tolerance", "band": 0.02})``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol

from .comparison import Comparison, ComparisonResult, Polarity, compare
from .estimate import Estimate

__all__ = [
    "Rag",
    "RagResult",
    "RagRule",
    "SignificanceRule",
    "ToleranceRule",
    "ThresholdRule",
    "make_rag_rule",
    "ON_TRACK",
    "NOT_ON_TRACK",
    "NO_DATA",
    "ACHIEVED",
    "NOT_ACHIEVED",
]

ON_TRACK = "on track"
NOT_ON_TRACK = "not on track"
NO_DATA = "data not available to assess progress"
ACHIEVED = "achieved"
NOT_ACHIEVED = "not achieved"


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    GREY = "grey"  # not assessed: no data, no interval or no target

    @classmethod
    def parse(cls, value: Rag | str) -> Rag:
        try:
            return value if isinstance(value, Rag) else cls(str(value).strip().lower())
        except ValueError:
            raise ValueError(f"a RAG rating must be red, amber, green or grey, got {value!r}") from None


@dataclass(frozen=True, slots=True)
class RagResult:
    """A rating plus the rule (name and parameters) that produced it."""

    rating: Rag
    rule: str
    parameters: Mapping[str, Any]
    value: float | None
    target: float | None
    polarity: Polarity
    meets_target: bool | None
    comparison: ComparisonResult | None = None
    reason: str | None = None

    @property
    def progress(self) -> str:
        """ "on track", "not on track" or "data not available to assess progress"."""
        if self.rating is Rag.GREY or self.meets_target is None:
            return NO_DATA
        if self.rating is Rag.GREEN:
            return ON_TRACK
        if self.rating is Rag.RED:
            return NOT_ON_TRACK
        return ON_TRACK if self.meets_target else NOT_ON_TRACK

    @property
    def achievement(self) -> str:
        """ "achieved" / "not achieved" by the point value (for an outturn), or no data."""
        if self.meets_target is None:
            return NO_DATA
        return ACHIEVED if self.meets_target else NOT_ACHIEVED


class RagRule(Protocol):
    """What every rating rule offers: a name, its parameters and ``assess``."""

    @property
    def name(self) -> str: ...

    @property
    def parameters(self) -> dict[str, Any]: ...

    def assess(
        self, estimate: Estimate | float | None, target: float | None, polarity: Polarity | str
    ) -> RagResult: ...


def _point(estimate: Estimate | float | None) -> tuple[float | None, str | None]:
    if estimate is None:
        return None, "no value"
    if isinstance(estimate, Estimate):
        if estimate.value is None:
            return None, estimate.reason or "value not computable"
        return float(estimate.value), None
    v = float(estimate)
    return (None, "no value") if v != v else (v, None)


def _target(target: float | None) -> float | None:
    if target is None:
        return None
    t = float(target)
    return None if t != t else t


def _meets(value: float | None, target: float | None, polarity: Polarity) -> bool | None:
    if value is None or target is None:
        return None
    return polarity.better(value, target)


@dataclass(frozen=True)
class SignificanceRule:
    """Rate by whether the confidence interval lies wholly on one side of the target.

    better → ``better`` (Green), similar → ``similar`` (Amber), worse → ``worse`` (Red),
    not compared → Grey. If ``confidence`` is set, estimates at another confidence level are
    refused with ``ValueError`` (the rule cannot recompute an interval).
    """

    better: Rag = Rag.GREEN
    similar: Rag = Rag.AMBER
    worse: Rag = Rag.RED
    confidence: float | None = None
    name: str = field(default="significance", init=False)

    @property
    def parameters(self) -> dict[str, Any]:
        params: dict[str, Any] = {"better": self.better.value, "similar": self.similar.value, "worse": self.worse.value}
        if self.confidence is not None:
            params["confidence"] = self.confidence
        return params

    def assess(self, estimate: Estimate | float | None, target: float | None, polarity: Polarity | str) -> RagResult:
        pol = Polarity.parse(polarity)
        value, why = _point(estimate)
        t = _target(target)
        params = self.parameters
        if not isinstance(estimate, Estimate):
            return RagResult(
                Rag.GREY,
                self.name,
                params,
                value,
                t,
                pol,
                _meets(value, t, pol),
                reason=why or "a confidence interval is needed for the significance rule",
            )
        if self.confidence is not None and abs(estimate.confidence - self.confidence) > 1e-12:
            raise ValueError(
                f"this rule needs {self.confidence:.1%} intervals, the estimate has {estimate.confidence:.1%}"
            )
        params["confidence"] = estimate.confidence
        result = compare(estimate, t, pol)
        rating = {
            Comparison.BETTER: self.better,
            Comparison.SIMILAR: self.similar,
            Comparison.WORSE: self.worse,
            Comparison.NOT_COMPARED: Rag.GREY,
        }[result.outcome]
        return RagResult(rating, self.name, params, value, t, pol, _meets(value, t, pol), result, result.reason)


@dataclass(frozen=True)
class ToleranceRule:
    """Green when the value meets the target; Amber when it misses by at most ``band``; else Red.

    ``band`` is a fraction of the target when ``relative`` (0.02 = within 2% of the target), or
    an absolute amount in the metric's units otherwise.
    """

    band: float = 0.02
    relative: bool = True
    name: str = field(default="tolerance", init=False)

    def __post_init__(self) -> None:
        if not self.band >= 0:
            raise ValueError(f"tolerance band must be zero or more, got {self.band!r}")

    @property
    def parameters(self) -> dict[str, Any]:
        return {"band": self.band, "relative": self.relative}

    def assess(self, estimate: Estimate | float | None, target: float | None, polarity: Polarity | str) -> RagResult:
        pol = Polarity.parse(polarity)
        value, why = _point(estimate)
        t = _target(target)
        comparison = None
        meets = _meets(value, t, pol)
        if value is None or t is None:
            return RagResult(
                Rag.GREY, self.name, self.parameters, value, t, pol, meets, reason=why or "no target to compare with"
            )
        if meets:
            rating = Rag.GREEN
        else:
            allowed = self.band * abs(t) if self.relative else self.band
            rating = Rag.AMBER if abs(value - t) <= allowed else Rag.RED
        return RagResult(rating, self.name, self.parameters, value, t, pol, meets, comparison)


@dataclass(frozen=True)
class ThresholdRule:
    """Green when the point value meets the target, Red otherwise (no Amber)."""

    name: str = field(default="threshold", init=False)

    @property
    def parameters(self) -> dict[str, Any]:
        return {}

    def assess(self, estimate: Estimate | float | None, target: float | None, polarity: Polarity | str) -> RagResult:
        pol = Polarity.parse(polarity)
        value, why = _point(estimate)
        t = _target(target)
        meets = _meets(value, t, pol)
        if meets is None:
            return RagResult(
                Rag.GREY, self.name, self.parameters, value, t, pol, None, reason=why or "no target to compare with"
            )
        return RagResult(Rag.GREEN if meets else Rag.RED, self.name, self.parameters, value, t, pol, meets)


def _fraction(value: Any, key: str) -> float:
    if isinstance(value, str) and value.strip().endswith("%"):
        return float(value.strip()[:-1]) / 100.0
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{key} must be a number (or a percentage like '2%'), got {value!r}") from None


def make_rag_rule(spec: Mapping[str, Any] | str | None = None) -> RagRule:
    """Build a rule from a catalogue entry.

    ``{"rule": "significance"}`` (optional keys ``better``/``similar``/``worse`` colours and
    ``confidence``), ``{"rule": "tolerance", "band": 0.02}`` (optional ``relative``; ``band`` may be
    "2%"), ``{"rule": "threshold"}``. A bare string names the rule with default parameters; ``None``
    gives the default significance rule. Unknown rules or keys raise ``ValueError``.
    """
    if spec is None:
        return SignificanceRule()
    if isinstance(spec, str):
        spec = {"rule": spec}
    params = dict(spec)
    kind = str(params.pop("rule", "significance")).strip().lower()
    allowed = {
        "significance": {"better", "similar", "worse", "confidence"},
        "tolerance": {"band", "relative"},
        "threshold": set(),
    }
    if kind not in allowed:
        raise ValueError(f"unknown RAG rule {kind!r}; expected one of {sorted(allowed)}")
    unknown = set(params) - allowed[kind]
    if unknown:
        raise ValueError(f"unknown parameter(s) for the {kind} rule: {sorted(unknown)}")
    if kind == "significance":
        colours = {k: Rag.parse(v) for k, v in params.items() if k in ("better", "similar", "worse")}
        conf = params.get("confidence")
        return SignificanceRule(**colours, confidence=None if conf is None else _fraction(conf, "confidence"))
    if kind == "tolerance":
        relative = params.get("relative", True)
        if not isinstance(relative, bool):
            raise ValueError(f"relative must be true or false, got {relative!r}")
        return ToleranceRule(band=_fraction(params.get("band", 0.02), "band"), relative=relative)
    return ThresholdRule()
