"""Result types for estimates with confidence intervals.

``Estimate`` is the scalar result of every estimate function (proportion, rate, DSR, mean,
forecast, ...). ``EstimateArray`` is the vectorised result: one numpy array per field, plus a
``computable`` mask and a ``reason`` per element, so a NaN in ``value`` is never silent.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray


@dataclass(frozen=True, slots=True)
class Estimate:
    """A point estimate with its confidence interval.

    ``value``, ``lower`` and ``upper`` are already multiplied by ``multiplier`` (e.g. per 100,000).
    When ``computable`` is False the missing figures are ``None`` and ``reason`` says why; a
    building block may return a value with one bound missing (Byar's lower limit for very small
    counts), in which case ``computable`` is False too.
    """

    value: float | None
    lower: float | None
    upper: float | None
    method: str
    confidence: float
    computable: bool = True
    reason: str | None = None
    numerator: float | None = None
    denominator: float | None = None
    multiplier: float = 1.0
    details: Mapping[str, Any] = field(default_factory=dict, hash=False)

    @classmethod
    def not_computable(
        cls,
        reason: str,
        *,
        method: str,
        confidence: float,
        numerator: float | None = None,
        denominator: float | None = None,
        multiplier: float = 1.0,
        value: float | None = None,
        lower: float | None = None,
        upper: float | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> Estimate:
        return cls(
            value=value,
            lower=lower,
            upper=upper,
            method=method,
            confidence=confidence,
            computable=False,
            reason=reason,
            numerator=numerator,
            denominator=denominator,
            multiplier=multiplier,
            details=dict(details or {}),
        )

    @property
    def interval(self) -> tuple[float, float] | None:
        """``(lower, upper)`` when both limits exist, else ``None``."""
        if self.lower is None or self.upper is None:
            return None
        return (self.lower, self.upper)

    def contains(self, x: float) -> bool:
        """True when ``lower <= x <= upper`` (False when the interval is not available)."""
        iv = self.interval
        return iv is not None and iv[0] <= x <= iv[1]


def _opt(x: float) -> float | None:
    return None if x != x else float(x)


@dataclass(frozen=True, eq=False)
class EstimateArray:
    """Vectorised estimates: numpy arrays of equal length.

    ``value``/``lower``/``upper`` hold NaN exactly where ``computable`` is False, and ``reason``
    (object array) then says why; where computable, ``reason`` is ``None``. ``method`` is a string
    array (e.g. "Exact" for counts under 10 and "Byars" otherwise).
    """

    value: NDArray[np.float64]
    lower: NDArray[np.float64]
    upper: NDArray[np.float64]
    method: NDArray[np.str_]
    computable: NDArray[np.bool_]
    reason: NDArray[np.object_]
    confidence: float
    numerator: NDArray[np.float64]
    denominator: NDArray[np.float64]
    multiplier: float = 1.0

    def __len__(self) -> int:
        return int(self.value.shape[0])

    def __getitem__(self, i: int) -> Estimate:
        ok = bool(self.computable[i])
        return Estimate(
            value=_opt(self.value[i]),
            lower=_opt(self.lower[i]),
            upper=_opt(self.upper[i]),
            method=str(self.method[i]),
            confidence=self.confidence,
            computable=ok,
            reason=None if ok else str(self.reason[i]),
            numerator=_opt(self.numerator[i]),
            denominator=_opt(self.denominator[i]),
            multiplier=self.multiplier,
        )

    def __iter__(self) -> Iterator[Estimate]:
        for i in range(len(self)):
            yield self[i]

    def to_list(self) -> list[Estimate]:
        return list(self)
